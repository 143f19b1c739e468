package org.latentlab.spark;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.latentlab.sweep.RunOutcome;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunState;
import org.latentlab.sweep.RunStore;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12 item 5a: the Spark runner on embedded Spark against the in-process runner. */
class SparkRunnerLocalTest {
    private static List<RunOutcome> sweep(String master, RunStore store) {
        return new SparkRunner(MasterUrl.parse(master), Sweeps.THREADS, Map.of(), System.err).run(store);
    }

    private static void assertAllDone(RunStore store) {
        for (RunSpec s : store.plan()) {
            assertEquals(RunState.DONE, store.state(s), s.id());
        }
    }

    @Test
    void localOneMatchesTheInProcessRunnerBitForBitAndASecondSweepOnlyReads() throws Exception {
        Sweeps.reference();
        RunStore store = Sweeps.newStore(Sweeps.targetDir("local1-store"));
        List<RunOutcome> first = sweep("local[1]", store);
        assertAllDone(store);
        assertTrue(first.stream().noneMatch(RunOutcome::reused), "every run computed the first time");
        Sweeps.assertBitIdentical(first);

        List<RunOutcome> again = sweep("local[1]", store);
        assertTrue(again.stream().allMatch(RunOutcome::reused), "a finished sweep is only read back");
        Sweeps.assertBitIdentical(again);
    }

    /**
     * local[2] trains two runs at once in this JVM: every run is done exactly once, in plan order, bit for bit as in
     * process (each run's noise comes from its own thread's stream, models.Noise; before, both runs reseeded and drew
     * from libtorch's one process-wide generator and their noise interleaved).
     */
    @Test
    void localTwoRunsEveryRunExactlyOnceBitForBit() throws Exception {
        var ref = Sweeps.reference();
        RunStore store = Sweeps.newStore(Sweeps.targetDir("local2-store"));
        List<RunOutcome> out = sweep("local[2]", store);
        assertAllDone(store);
        assertEquals(ref.keySet().stream().toList(), out.stream().map(RunOutcome::id).toList(), "plan order");
        for (RunOutcome o : out) {
            JsonObject want = ref.get(o.id());
            assertEquals(want.keySet(), o.result().keySet(), o.id());
            double loss = o.result().get("test_loss").getAsDouble();
            assertTrue(Double.isFinite(loss) && loss > 0, o.id() + ": " + loss);
            assertEquals(1, SparkClusterTest.attempts(store, store.plan().stream()
                    .filter(s -> s.id().equals(o.id())).findFirst().orElseThrow()).size(), o.id() + " trained once");
        }
        Sweeps.assertBitIdentical(out);
    }
}
