package org.latentlab.studies.largelatent;

import org.latentlab.training.TrainingListener;
import org.latentlab.notebook.Notebook;

import java.util.Locale;

/**
 * Shows the sweep's progress in a notebook: a line per run and stage, live training progress per run, and each
 * run's headline numbers when it ends.
 */
public final class NotebookProgress implements LargeLatentSweep.Listener {
    @Override
    public void onRunStart(int index, int total, String id, boolean cached) {
        Notebook.text(String.format(Locale.ROOT, "run %d/%d %s: %s", index + 1, total, id,
                cached ? "cached result reused" : "training (resumes from its checkpoint if interrupted)"));
    }

    @Override
    public TrainingListener training(String id, int epochs) {
        return Notebook.trainingProgress("training " + id);
    }

    @Override
    public void onStage(String id, String stage) {
        Notebook.text("  " + id + ": " + stage);
    }

    @Override
    public void onRunEnd(LatentRun r) {
        Notebook.text(String.format(Locale.ROOT, "  %s done: AU %d, total KL %.1f nats, prior IS %.2f, "
                        + "aggregate-posterior IS %.2f", r.id(), r.auBurda(), r.totalKl(),
                LargeLatentReplication.is(r, LatentSources.PRIOR),
                LargeLatentReplication.is(r, LatentSources.AGGREGATE)));
    }
}
