package org.latentlab.spark;

import org.junit.jupiter.api.Test;
import org.latentlab.sweep.RunOutcome;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunState;
import org.latentlab.sweep.RunStore;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12 item 5a: the Spark runner on embedded Spark (local[2]) against the in-process runner. */
class SparkRunnerLocalTest {
    @Test
    void localTwoRunsEverythingAndMatchesTheInProcessRunnerBitForBit() throws Exception {
        Sweeps.reference();
        RunStore store = Sweeps.newStore(Sweeps.targetDir("local-store"));
        List<RunOutcome> first = new SparkRunner(MasterUrl.parse("local[1]"), Sweeps.THREADS, Map.of(), System.err)
                .run(store);
        for (RunSpec s : store.plan()) {
            assertEquals(RunState.DONE, store.state(s), s.id());
        }
        assertTrue(first.stream().noneMatch(RunOutcome::reused), "every run computed the first time");
        Sweeps.assertBitIdentical(first);

        // a second sweep of the same store starts no task: everything is reused, nothing changes
        List<RunOutcome> again = new SparkRunner(MasterUrl.parse("local[1]"), Sweeps.THREADS, Map.of(), System.err)
                .run(store);
        assertTrue(again.stream().allMatch(RunOutcome::reused), "a finished sweep is only read back");
        Sweeps.assertBitIdentical(again);
        assertFalse(again.isEmpty());
    }
}
