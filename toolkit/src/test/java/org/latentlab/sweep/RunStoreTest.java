package org.latentlab.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunStoreTest {
    private final ToyStudy toy = new ToyStudy();

    @Test
    void runsEveryPlannedRunOnceAndReusesResults(@TempDir Path dir) throws Exception {
        Path d = dir.resolve("store");
        RunStore store = RunStore.create(d, toy, "quick", ToyStudy.config(3, 4, 0));
        assertEquals("quick", toy.modeOf(store.config()));
        List<RunOutcome> first = new InProcessRunner().run(store, null);
        assertEquals(3, first.size());
        for (RunOutcome o : first) {
            assertFalse(o.reused());
            assertEquals(1, o.attempts());
        }
        RunStore again = RunStore.open(d);              // found by name (ServiceLoader)
        assertEquals("toy", again.study().name());
        List<String> states = new ArrayList<>();
        List<RunOutcome> second = new InProcessRunner().run(again, new SweepListener() {
            @Override
            public void onRunStart(int index, int total, RunSpec spec, RunState state) {
                states.add(state.label());
            }
        });
        assertEquals(List.of("done", "done", "done"), states);
        for (int i = 0; i < 3; i++) {
            assertTrue(second.get(i).reused());
            assertEquals(first.get(i).result(), second.get(i).result());
        }
        assertEquals(0.0, Math.abs(first.get(1).result().get("value").getAsDouble() - expected(1, 4)), 0.0);
        // every run's folder: spec, lease, attempts, the study's checkpoint and the result
        RunSpec s0 = store.plan().get(0);
        assertEquals(s0, RunSpec.fromJson(Files.readString(store.runDir(s0).resolve("spec.json"))));
        assertTrue(Files.isRegularFile(store.runDir(s0).resolve("result.json")));
    }

    private static double expected(int i, int steps) {
        double sum = 0;
        for (int s = 1; s <= steps; s++) {
            sum += Math.sin(i + 0.1 * s) / s;
        }
        return sum;
    }

    @Test
    void anotherConfigurationOrStudyIsRefusedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path d = dir.resolve("store");
        RunStore.create(d, toy, "quick", ToyStudy.config(2, 3, 0));
        byte[] before = Files.readAllBytes(d.resolve("store.json"));
        RunDirectoryMismatchException e = assertThrows(RunDirectoryMismatchException.class,
                () -> RunStore.create(d, toy, "quick", ToyStudy.config(2, 5, 0)));
        assertTrue(e.getMessage().contains("another configuration (steps 3 vs 5)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertArrayEquals(before, Files.readAllBytes(d.resolve("store.json")));
        // the same configuration written differently (key order, spaces) is the same configuration
        RunStore.create(d, toy, "quick", "{ \"failAt\": 0, \"steps\": 3, \"runs\": 2 }");
        // a folder that is not a store, a file, an invalid configuration, a missing store
        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign);
        Files.writeString(foreign.resolve("config.txt"), "RenyiSweepConfig[...]\n");
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> RunStore.create(foreign, toy, "quick", ToyStudy.config(1, 1, 0)));
        assertTrue(f.getMessage().contains("not a run store (a run folder of an older LatentLab"), f.getMessage());
        assertFalse(Files.exists(foreign.resolve("store.json")));
        Path file = Files.writeString(dir.resolve("a_file"), "x");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RunStore.create(file, toy, "quick", ToyStudy.config(1, 1, 0))).getMessage().contains("is a file"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> RunStore.create(dir.resolve("new"), toy, "quick", "{\"runs\":0,\"steps\":1}")).getMessage()
                .contains("runs must be >= 1"));
        assertFalse(Files.exists(dir.resolve("new")));
        // a configuration planning one run twice (a value listed twice) is refused before anything is written
        Study twice = new ToyStudy() {
            @Override
            public List<RunSpec> plan(String config) {
                List<RunSpec> p = new ArrayList<>(super.plan(config));
                p.add(p.get(0));
                return p;
            }
        };
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunStore.create(dir.resolve("twice"), twice,
                "quick", ToyStudy.config(2, 1, 0))).getMessage().contains("toy config plans run run0 twice"));
        assertFalse(Files.exists(dir.resolve("twice")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunStore.open(dir.resolve("missing")))
                .getMessage().contains("holds no store.json"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Studies.named("nope")).getMessage()
                .contains("unknown study 'nope': expected one of hit, largelatent, layers, renyi, toy"));
    }

    @Test
    void anInterruptedRunResumesFromItsCheckpointAndGivesTheSameResult(@TempDir Path dir) throws Exception {
        RunStore failing = RunStore.create(dir.resolve("a"), toy, "custom", ToyStudy.config(1, 6, 4));
        RunSpec s = failing.plan().get(0);
        assertThrows(IllegalStateException.class, () -> failing.execute(s, null));
        assertEquals(RunState.PARTIAL, failing.state(s));
        assertEquals(1, failing.attempts(s));
        assertTrue(failing.outcome(s).isEmpty());
        // the same run in a store whose study no longer fails: copy the interrupted run's folder there
        RunStore store = RunStore.create(dir.resolve("b"), toy, "custom", ToyStudy.config(1, 6, 0));
        RunSpec t = store.plan().get(0);
        assertEquals(s.id(), t.id(), "the run's id does not depend on the store's configuration");
        Files.createDirectories(store.runDir(t));
        for (String f : List.of("checkpoint", "attempts", "spec.json")) {
            Files.copy(failing.runDir(s).resolve(f), store.runDir(t).resolve(f));
        }
        ToyStudy.STARTS.remove(t.name());
        RunOutcome o = store.execute(t, null);
        assertEquals(List.of(4), ToyStudy.STARTS.get(t.name()), "resumed after step 4");
        assertEquals(2, o.attempts());
        assertEquals(expected(0, 6), o.result().get("value").getAsDouble(), 1e-15);
        assertEquals(RunState.DONE, store.state(t));
    }

    @Test
    void concurrentRunnersInOneProcessNeverRunTheSameRunTwice(@TempDir Path dir) throws Exception {
        RunStore store = RunStore.create(dir, toy, "custom", ToyStudy.config(4, 200, 0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<RunOutcome>>> fs = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                fs.add(pool.submit(() -> new InProcessRunner().run(RunStore.open(dir), null)));
            }
            List<List<RunOutcome>> all = new ArrayList<>();
            for (Future<List<RunOutcome>> f : fs) {
                all.add(f.get(2, TimeUnit.MINUTES));
            }
            for (int i = 0; i < 4; i++) {
                int computed = 0;
                for (List<RunOutcome> r : all) {
                    computed += r.get(i).reused() ? 0 : 1;
                    assertEquals(all.get(0).get(i).result(), r.get(i).result());
                }
                assertEquals(1, computed, "run " + i + " computed once");
                assertEquals(1, store.attempts(store.plan().get(i)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLeaseHeldByAnotherProcessIsWaitedForAndDiesWithIt(@TempDir Path dir) throws Exception {
        RunStore store = RunStore.create(dir, toy, "custom", ToyStudy.config(1, 3, 0));
        RunSpec s = store.plan().get(0);
        Files.createDirectories(store.runDir(s));
        Path lease = store.runDir(s).resolve("lease");
        Process p = holdLease(lease);
        try {
            assertEquals(RunState.RUNNING, store.state(s));
            List<String> stages = new ArrayList<>();
            ExecutorService one = Executors.newSingleThreadExecutor();
            Future<RunOutcome> f = one.submit(() -> store.execute(s, new SweepListener() {
                @Override
                public void onStage(RunSpec spec, String stage) {
                    synchronized (stages) {
                        stages.add(stage);
                    }
                }
            }));
            while (true) {
                synchronized (stages) {
                    if (!stages.isEmpty()) {
                        break;
                    }
                }
                Thread.sleep(50);
            }
            synchronized (stages) {
                assertTrue(stages.get(0).startsWith("waiting: 4242@elsewhere"), stages.toString());
            }
            assertFalse(f.isDone(), "no work while the other process holds the lease");
            p.destroyForcibly().waitFor();              // the holder dies: the OS drops its lock
            RunOutcome o = f.get(1, TimeUnit.MINUTES);
            assertFalse(o.reused());
            assertEquals(RunState.DONE, store.state(s));
            one.shutdownNow();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aRunAnotherProcessHoldsIsPutOffUntilTheOthersAreDone(@TempDir Path dir) throws Exception {
        RunStore store = RunStore.create(dir, toy, "custom", ToyStudy.config(3, 3, 0));
        RunSpec first = store.plan().get(0);
        Files.createDirectories(store.runDir(first));
        Process p = holdLease(store.runDir(first).resolve("lease"));
        try {
            List<String> order = new ArrayList<>();
            ExecutorService one = Executors.newSingleThreadExecutor();
            Future<List<RunOutcome>> f = one.submit(() -> new InProcessRunner().run(store, new SweepListener() {
                @Override
                public void onRunStart(int index, int total, RunSpec spec, RunState state) {
                    synchronized (order) {
                        order.add(spec.name() + ":" + state.label());
                    }
                }
            }));
            while (store.state(store.plan().get(2)) != RunState.DONE) {
                Thread.sleep(50);
            }
            Thread.sleep(300);
            assertFalse(f.isDone(), "the held run is waited for");
            p.destroyForcibly().waitFor();
            List<RunOutcome> out = f.get(1, TimeUnit.MINUTES);
            assertEquals(List.of("run1:pending", "run2:pending", "run0:running"), order);
            assertEquals(List.of("run0", "run1", "run2"), out.stream().map(RunOutcome::name).toList(), "plan order");
            one.shutdownNow();
        } finally {
            p.destroyForcibly();
        }
    }

    /** Another process (Python, POSIX fcntl locks like the JVM's) takes a lease and holds it until killed. */
    private static Process holdLease(Path lease) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import fcntl, sys\n"
                + "f = open(sys.argv[1], 'a')\nfcntl.lockf(f, fcntl.LOCK_EX)\nf.write('4242@elsewhere\\n'); f.flush()\n"
                + "print('locked', flush=True)\nsys.stdin.read()\n", lease.toString()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine());
        return p;
    }

    @Test
    void aDamagedResultNamesItsFile(@TempDir Path dir) throws Exception {
        RunStore store = RunStore.create(dir, toy, "custom", ToyStudy.config(1, 2, 0));
        RunSpec s = store.plan().get(0);
        store.execute(s, null);
        Path f = store.runDir(s).resolve("result.json");
        Files.writeString(f, "{\"id\": \"x\"");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.outcome(s));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
