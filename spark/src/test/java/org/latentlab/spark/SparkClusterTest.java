package org.latentlab.spark;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.latentlab.sweep.RunOutcome;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunState;
import org.latentlab.sweep.RunStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 items 5b and 5c: a real standalone cluster (a master and two one-core workers, each its own JVM, started
 * by the test from the Maven jars on 127.0.0.1) runs the small sweep; then a worker and its executor JVM are killed
 * with SIGKILL mid-sweep and the sweep finishes on the other worker without recomputing a finished run. Logs stay in
 * {@code spark/target/cluster/}.
 */
class SparkClusterTest {
    private static LocalCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        Sweeps.reference(); // train the reference before the cluster takes the cores
        cluster = LocalCluster.start(2, "2g", Sweeps.targetDir("cluster"), null, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static SparkRunner runner() {
        return new SparkRunner(MasterUrl.parse(cluster.masterUrl()), Sweeps.THREADS,
                Map.of("spark.executor.extraClassPath", cluster.folderClassPath(), "spark.executor.memory", "1g"),
                System.err);
    }

    @Test
    void aStandaloneClusterRunsTheSweepBitIdenticalToInProcess() throws Exception {
        RunStore store = Sweeps.newStore(Sweeps.targetDir("cluster-store"));
        List<RunOutcome> out = runner().run(store);
        for (RunSpec s : store.plan()) {
            assertEquals(RunState.DONE, store.state(s), s.id());
        }
        Sweeps.assertBitIdentical(out);
        // the runs really ran in the executors' JVMs, not in this one
        long pid = ProcessHandle.current().pid();
        for (RunSpec s : store.plan()) {
            String attempts = Files.readString(store.dir().resolve("runs").resolve(s.id()).resolve(TinyVaeStudy.ATTEMPTS));
            assertFalse(attempts.contains("pid=" + pid + " "), s.id() + " trained in the test JVM: " + attempts);
        }
    }

    @Test
    void killingAWorkerMidSweepLosesNoFinishedRun() throws Exception {
        RunStore store = Sweeps.newStore(Sweeps.targetDir("cluster-kill-store"));
        List<RunSpec> plan = store.plan();
        CompletableFuture<List<RunOutcome>> sweep = CompletableFuture.supplyAsync(() -> runner().run(store));
        // wait until two runs are DONE and worker 0's executor trains a run that is not finished
        Map<String, byte[]> doneBytes = new LinkedHashMap<>();
        Map<String, Long> doneTimes = new LinkedHashMap<>();
        String killed = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (killed == null && System.nanoTime() < end && !sweep.isDone()) {
            List<Long> worker0 = cluster.workers().get(0).toHandle().descendants().map(ProcessHandle::pid).toList();
            List<RunSpec> done = plan.stream().filter(s -> Files.isRegularFile(result(store, s))).toList();
            for (RunSpec s : plan) {
                Path attempts = store.dir().resolve("runs").resolve(s.id()).resolve(TinyVaeStudy.ATTEMPTS);
                if (done.size() >= 2 && !Files.isRegularFile(result(store, s)) && Files.isRegularFile(attempts)
                        && worker0.stream().anyMatch(p -> readQuietly(attempts).contains("pid=" + p + " "))) {
                    for (RunSpec d : plan) { // what was DONE just before the kill
                        if (Files.isRegularFile(result(store, d))) {
                            doneBytes.put(d.id(), Files.readAllBytes(result(store, d)));
                            doneTimes.put(d.id(), Files.getLastModifiedTime(result(store, d)).toMillis());
                        }
                    }
                    cluster.killWorker(0);
                    killed = s.id();
                    break;
                }
            }
            Thread.sleep(100);
        }
        assertTrue(killed != null, "the test found a moment with two runs done and one training on worker 0");
        System.err.println("killed worker 0 (and its executor) while it trained " + killed + "; done before: "
                + doneBytes.keySet());
        List<RunOutcome> out = sweep.get(300, TimeUnit.SECONDS);

        assertFalse(cluster.workers().get(0).isAlive(), "worker 0 is dead");
        for (RunSpec s : plan) {
            assertEquals(RunState.DONE, store.state(s), s.id());
            JsonParser.parseString(Files.readString(result(store, s))); // parses
        }
        for (var e : doneBytes.entrySet()) {
            RunSpec s = plan.stream().filter(p -> p.id().equals(e.getKey())).findFirst().orElseThrow();
            assertArrayEquals(e.getValue(), Files.readAllBytes(result(store, s)), e.getKey() + " rewritten");
            assertEquals(doneTimes.get(e.getKey()), Files.getLastModifiedTime(result(store, s)).toMillis(),
                    e.getKey() + " touched");
            assertEquals(1, attempts(store, s).size(), e.getKey() + " trained again: " + attempts(store, s));
        }
        String killedRun = killed;
        List<String> k = attempts(store, plan.stream().filter(p -> p.id().equals(killedRun)).findFirst().orElseThrow());
        assertTrue(k.size() >= 2, "the killed run " + killedRun + " was retried: " + k);
        Sweeps.assertBitIdentical(out);
    }

    static Path result(RunStore store, RunSpec s) {
        return store.dir().resolve("runs").resolve(s.id()).resolve("result.json");
    }

    static List<String> attempts(RunStore store, RunSpec s) throws java.io.IOException {
        Path f = store.dir().resolve("runs").resolve(s.id()).resolve(TinyVaeStudy.ATTEMPTS);
        return Files.isRegularFile(f) ? new ArrayList<>(Arrays.asList(Files.readString(f).split("\n"))) : List.of();
    }

    private static String readQuietly(Path f) {
        try {
            return Files.readString(f);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
