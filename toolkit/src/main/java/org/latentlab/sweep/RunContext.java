package org.latentlab.sweep;

import org.latentlab.Progress;
import org.latentlab.training.TrainingListener;

import java.nio.file.Path;

/**
 * What a {@link Study} gets to carry out one run.
 *
 * @param spec     the run
 * @param config   the store's (normalized) configuration JSON
 * @param runDir   the run's own folder (exists; its checkpoint and files go here)
 * @param storeDir the store's folder: for files every run of the study shares (e.g. a baseline computed once)
 * @param listener progress callbacks (never null)
 */
public record RunContext(RunSpec spec, String config, Path runDir, Path storeDir, SweepListener listener) {
    public RunContext {
        listener = listener == null ? SweepListener.NONE : listener;
    }

    /** The listener's training listener for this run (may be null). */
    public TrainingListener training(int epochs) {
        return listener.training(spec, epochs);
    }

    /** The listener's progress for this run's evaluations (never null). */
    public Progress progress() {
        return Progress.orNone(listener.progress(spec));
    }

    /** Reports that a named stage of this run began. */
    public void stage(String stage) {
        listener.onStage(spec, stage);
    }
}
