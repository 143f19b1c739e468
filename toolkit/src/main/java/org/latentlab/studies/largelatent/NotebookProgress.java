package org.latentlab.studies.largelatent;

import org.latentlab.sweep.NotebookSweepListener;
import org.latentlab.training.TrainingListener;
import org.latentlab.notebook.Notebook;

import java.util.Locale;

/**
 * Shows the sweep's progress in a notebook: a line per run and stage and live training progress per run (as the
 * generic {@link NotebookSweepListener} does), and each run's headline numbers when it ends.
 */
public final class NotebookProgress implements LargeLatentSweep.Listener {
    private final NotebookSweepListener lines = new NotebookSweepListener();

    @Override
    public void onRunStart(int index, int total, String id, boolean cached) {
        lines.onRunStart(index, total, id, cached);
    }

    @Override
    public TrainingListener training(String id, int epochs) {
        return lines.training(id, epochs);
    }

    @Override
    public void onStage(String id, String stage) {
        lines.onStage(id, stage);
    }

    @Override
    public void onRunEnd(LatentRun r) {
        Notebook.text(String.format(Locale.ROOT, "  %s done: AU %d, total KL %.1f nats, prior IS %.2f, "
                        + "aggregate-posterior IS %.2f", r.id(), r.auBurda(), r.totalKl(),
                LargeLatentReplication.is(r, LatentSources.PRIOR),
                LargeLatentReplication.is(r, LatentSources.AGGREGATE)));
    }
}
