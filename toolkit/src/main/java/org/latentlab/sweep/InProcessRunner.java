package org.latentlab.sweep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a store's sweep in this JVM, one run after another (the notebooks' runner): reuses finished runs, resumes
 * interrupted ones, reports progress through the listener. A run that another process is working on (its lease is
 * held) is put off until the others are done, then waited for and reused: so several processes started on one store
 * (a job array, a few terminals) share its runs out among themselves, each run computed once.
 */
public final class InProcessRunner {
    /**
     * Every planned run of the store, in plan order.
     *
     * @throws Exception the first run's failure (runs finished before it stay in the store)
     */
    public List<RunOutcome> run(RunStore store, SweepListener listener) throws Exception {
        SweepListener l = listener == null ? SweepListener.NONE : listener;
        List<RunSpec> plan = store.plan();
        RunOutcome[] out = new RunOutcome[plan.size()];
        List<Integer> later = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            if (store.state(plan.get(i)) == RunState.RUNNING) {
                later.add(i);
            } else {
                out[i] = one(store, plan, i, l);
            }
        }
        for (int i : later) {
            out[i] = one(store, plan, i, l);
        }
        return Arrays.asList(out);
    }

    private static RunOutcome one(RunStore store, List<RunSpec> plan, int i, SweepListener l) throws Exception {
        RunSpec s = plan.get(i);
        l.onRunStart(i, plan.size(), s, store.state(s));
        RunOutcome o = store.execute(s, l);
        l.onRunEnd(i, plan.size(), o, store.study().keyResults(o.result()));
        return o;
    }
}
