package org.latentlab.sweep;

import org.latentlab.Progress;
import org.latentlab.training.TrainingListener;

/** Progress callbacks of {@link RenyiSweep}; every method is optional. */
public interface SweepListener {
    /** Before run {@code index} (0-based) of {@code total}; {@code cached} when its result is reused. */
    default void onRunStart(int index, int total, String id, boolean cached) {}

    /** A training listener for the run about to train (or null for none). */
    default TrainingListener training(String id, int epochs) {
        return null;
    }

    /** Where the long evaluations of run {@code id} (VR bound, IS log-likelihood) report their progress. */
    default Progress progress(String id) {
        return Progress.NONE;
    }

    /** A named stage of a run began (e.g. "IS log-likelihood"). */
    default void onStage(String id, String stage) {}

    /** After a run's result is available (computed or cached). */
    default void onRunEnd(RunResult r) {}
}
