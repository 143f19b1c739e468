package org.latentlab.sweep;

import org.latentlab.Progress;
import org.latentlab.notebook.Notebook;
import org.latentlab.notebook.TaskProgress;
import org.latentlab.training.TrainingListener;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Shows a sweep's progress in a notebook: one line per run and stage, live training progress, headline numbers. */
public final class NotebookSweepListener implements SweepListener {
    private TaskProgress progress;

    @Override
    public synchronized Progress progress(RunSpec spec) {
        if (progress == null) {
            progress = Notebook.taskProgress();
        }
        return (task, done, total) -> progress.update(spec.name() + ": " + task, done, total);
    }

    @Override
    public void onRunStart(int index, int total, RunSpec spec, RunState state) {
        Notebook.text(String.format(Locale.ROOT, "run %d/%d %s: %s", index + 1, total, spec.name(), switch (state) {
            case DONE -> "result reused from the store";
            case PARTIAL -> "resuming from its checkpoint";
            case RUNNING -> "another process is working on it: waiting for its result";
            case PENDING -> "training";
        }));
    }

    @Override
    public TrainingListener training(RunSpec spec, int epochs) {
        return Notebook.trainingProgress("training " + spec.name());
    }

    @Override
    public void onStage(RunSpec spec, String stage) {
        Notebook.text("  " + spec.name() + ": " + stage);
    }

    @Override
    public void onRunEnd(int index, int total, RunOutcome outcome, Map<String, Double> keyResults) {
        Notebook.text("  " + outcome.name() + " done: " + keyResults.entrySet().stream()
                .map(e -> e.getKey() + " " + format(e.getValue())).collect(Collectors.joining(", ")));
    }

    /** A headline number: integers without decimals, others with 4 significant digits. */
    public static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.4g", v);
    }
}
