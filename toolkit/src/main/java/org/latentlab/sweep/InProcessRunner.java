package org.latentlab.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a store's sweep in this JVM, one run after another (the notebooks' runner): reuses finished runs, resumes
 * interrupted ones, reports progress through the listener.
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
        List<RunOutcome> out = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            RunSpec s = plan.get(i);
            l.onRunStart(i, plan.size(), s, store.state(s));
            RunOutcome o = store.execute(s, l);
            l.onRunEnd(i, plan.size(), o, store.study().keyResults(o.result()));
            out.add(o);
        }
        return out;
    }
}
