package org.latentlab.spark;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.latentlab.sweep.RunOutcome;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunState;
import org.latentlab.sweep.RunStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 item 5d: the driver (a child JVM running {@code sweep tinyvae … --master local[1]}, the tests' sweep with
 * 24 epochs a run) is killed with SIGKILL at 20 seeded random moments and rerun each time: every other kill 1.5-5 s
 * after the driver's start (often while Spark and DJL start up), the others 0-2.5 s after the driver began a run, so
 * that kills land mid-training whatever the machine's load. Every rerun resumes: runs DONE before stay DONE with the same
 * bytes and modification time, {@code RunStore.open} never fails and every {@code result.json} parses; the last
 * rerun finishes the sweep with results bit-identical to the in-process runner's (one libtorch thread both).
 * {@code local[1]}, not {@code local[2]}: two runs training at once in one JVM share libtorch's random generator
 * (see {@link MasterUrl}), which would make the comparison meaningless. The counts (kills that hit a run mid-training,
 * runs resumed from a checkpoint, checkpoint temp files a kill left behind) are printed and written to
 * {@code target/driver-kill/counts.json}.
 */
class DriverKillTest {
    private static final int KILLS = 20;

    @Test
    void aDriverKilledAtTwentyRandomMomentsAlwaysResumesAndEndsBitIdentical() throws Exception {
        Sweeps.reference(Sweeps.LONG_CONFIG);
        Path work = Sweeps.targetDir("driver-kill");
        Path store = work.resolve("store");
        Path config = work.resolve("config.json");
        Files.writeString(config, Sweeps.LONG_CONFIG);
        Random rnd = new Random(20261130L);
        int hitTraining = 0;
        int killedBeforeEnd = 0;
        List<String> log = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            Map<String, byte[]> before = doneResults(store);
            Map<String, Long> beforeTimes = doneTimes(store);
            // even kills: a random moment 1.5-5 s after the driver's start (often before training, while Spark and
            // DJL start); odd kills: a random moment 0-2.5 s after this driver started a run, whatever the load
            long delay = i % 2 == 0 ? 1_500 + rnd.nextInt(3_500) : rnd.nextInt(2_500);
            Process p = driver(store, config, work.resolve("driver-" + i + ".log"));
            boolean exited = i % 2 == 0 ? p.waitFor(delay, TimeUnit.MILLISECONDS)
                    : awaitRunStart(store, p, 120) && p.waitFor(delay, TimeUnit.MILLISECONDS) || !p.isAlive();
            if (!exited) {
                LocalCluster.killTree(p.toHandle());
                p.waitFor();
                killedBeforeEnd++;
            }
            // the store is never corrupt and finished runs are untouched
            RunStore rs = RunStore.open(store);
            int unfinished = 0;
            boolean midRun = false;
            for (RunSpec s : rs.plan()) {
                Path dir = store.resolve("runs").resolve(s.id());
                if (Files.isRegularFile(dir.resolve("result.json"))) {
                    JsonParser.parseString(Files.readString(dir.resolve("result.json"))).getAsJsonObject();
                } else if (Files.isRegularFile(dir.resolve(TinyVaeStudy.ATTEMPTS))) {
                    unfinished++;
                    // this driver had started the run and not finished it: the kill landed mid-run
                    midRun |= Files.readString(dir.resolve(TinyVaeStudy.ATTEMPTS)).contains("pid=" + p.pid() + " ");
                }
            }
            for (var e : before.entrySet()) {
                Path f = store.resolve("runs").resolve(e.getKey()).resolve("result.json");
                assertArrayEquals(e.getValue(), Files.readAllBytes(f), "kill " + i + ": " + e.getKey() + " rewritten");
                assertEquals(beforeTimes.get(e.getKey()), Files.getLastModifiedTime(f).toMillis(),
                        "kill " + i + ": " + e.getKey() + " touched");
            }
            if (!exited && midRun) {
                hitTraining++;
            }
            log.add(String.format("kill %d after %d ms: %s, %d done, %d started and unfinished", i, delay,
                    exited ? "the driver had already finished" : midRun ? "killed mid-run" : "killed (no run started)",
                    doneResults(store).size(), unfinished));
        }
        // the last rerun finishes the sweep
        Process last = driver(store, config, work.resolve("driver-final.log"));
        assertTrue(last.waitFor(300, TimeUnit.SECONDS), "the final rerun finished");
        assertEquals(0, last.exitValue(), "the final rerun's exit status; see " + work.resolve("driver-final.log"));
        RunStore rs = RunStore.open(store);
        List<RunOutcome> out = new ArrayList<>();
        int resumed = 0;
        int attempts = 0;
        for (RunSpec s : rs.plan()) {
            assertEquals(RunState.DONE, rs.state(s), s.id());
            out.add(rs.outcome(s).orElseThrow());
            List<String> a = SparkClusterTest.attempts(rs, s);
            attempts += a.size();
            resumed += (int) a.stream().filter(l -> l.contains("checkpoint=yes")).count();
        }
        Sweeps.assertBitIdentical(Sweeps.LONG_CONFIG, out);
        List<Path> leftovers;
        try (Stream<Path> files = Files.walk(store)) {
            leftovers = files.filter(f -> f.getFileName().toString().contains(".tmp")).toList();
        }
        // a checkpoint being written when the JVM died leaves its temp file (Checkpoint writes temp + atomic move),
        // which the run's next checkpoint write removes; every run wrote again after any kill, so none is left, and
        // any other temp file would be a store file written non-atomically
        assertEquals(List.of(), leftovers, "temp files left in the store");
        JsonObject counts = new JsonObject();
        counts.addProperty("kills", KILLS);
        counts.addProperty("killed_before_the_driver_ended", killedBeforeEnd);
        counts.addProperty("kills_mid_training", hitTraining);
        counts.addProperty("run_attempts", attempts);
        counts.addProperty("runs_resumed_from_a_checkpoint", resumed);
        counts.addProperty("checkpoint_temp_files_left", leftovers.size());
        Files.writeString(work.resolve("counts.json"), counts.toString());
        log.forEach(System.err::println);
        System.err.println("driver-kill counts: " + counts);
        assertTrue(hitTraining >= 1, "at least one kill landed while a run trained: " + log);
        assertTrue(resumed >= 1, "at least one run resumed from a checkpoint: " + log);
    }

    /** Waits (at most {@code seconds}) until driver {@code p} started a run; false if it ended first. */
    private static boolean awaitRunStart(Path store, Process p, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String mark = "pid=" + p.pid() + " ";
        while (System.nanoTime() < end && p.isAlive()) {
            Path runs = store.resolve("runs");
            if (Files.isDirectory(runs)) {
                try (Stream<Path> s = Files.list(runs)) {
                    for (Path d : s.toList()) {
                        Path f = d.resolve(TinyVaeStudy.ATTEMPTS);
                        if (Files.isRegularFile(f) && Files.readString(f).contains(mark)) {
                            return true;
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** A driver JVM: {@code sweep tinyvae --master local[1] --threads 1}, its output in {@code logFile}. */
    static Process driver(Path store, Path config, Path logFile) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_interop_threads=1", "-cp",
                System.getProperty("java.class.path")));
        cmd.addAll(SparkRunner.addOpensFlags());
        cmd.addAll(List.of(SweepCommand.class.getName(), "sweep", TinyVaeStudy.NAME, "--mode", "quick", "--config",
                config.toString(), "--master", "local[1]", "--threads", Integer.toString(Sweeps.THREADS), "--store",
                store.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    }

    private static Map<String, byte[]> doneResults(Path store) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        Path runs = store.resolve("runs");
        if (Files.isDirectory(runs)) {
            try (Stream<Path> s = Files.list(runs)) {
                for (Path d : s.sorted().toList()) {
                    if (Files.isRegularFile(d.resolve("result.json"))) {
                        m.put(d.getFileName().toString(), Files.readAllBytes(d.resolve("result.json")));
                    }
                }
            }
        }
        return m;
    }

    private static Map<String, Long> doneTimes(Path store) throws IOException {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String id : doneResults(store).keySet()) {
            m.put(id, Files.getLastModifiedTime(store.resolve("runs").resolve(id).resolve("result.json")).toMillis());
        }
        return m;
    }
}
