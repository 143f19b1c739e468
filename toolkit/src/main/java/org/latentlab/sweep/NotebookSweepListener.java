package org.latentlab.sweep;

import org.latentlab.Progress;
import org.latentlab.notebook.TaskProgress;
import org.latentlab.notebook.Notebook;
import org.latentlab.training.TrainingListener;

import java.util.Locale;

/** Shows sweep progress in a notebook: one line per run and stage, and live training progress per run. */
public final class NotebookSweepListener implements SweepListener {
    private TaskProgress progress;

    @Override
    public synchronized Progress progress(String id) {
        if (progress == null) {
            progress = Notebook.taskProgress();
        }
        return (task, done, total) -> progress.update(id + ": " + task, done, total);
    }

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
    public void onRunEnd(RunResult r) {
        Notebook.text(String.format(Locale.ROOT, "  %s done: %d active components, VR bound %.2f, IS %.2f nats",
                r.id(), r.activeComponents(), r.vrBound(), r.isLogLikelihood()));
    }
}
