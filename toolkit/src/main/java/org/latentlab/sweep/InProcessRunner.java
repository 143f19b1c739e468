package org.latentlab.sweep;

import java.util.ArrayList;
import java.util.List;

/** STUB until the lead's engine lands (issue 12 item 1). */
public final class InProcessRunner {
    public List<RunOutcome> run(RunStore store, SweepListener l) {
        List<RunOutcome> out = new ArrayList<>();
        for (RunSpec s : store.plan()) {
            out.add(store.execute(s, l));
        }
        return out;
    }
}
