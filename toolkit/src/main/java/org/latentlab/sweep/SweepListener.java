package org.latentlab.sweep;

import org.latentlab.Progress;
import org.latentlab.training.TrainingListener;

import java.util.Map;

/** Progress callbacks of a sweep's runner and of the study's runs; every method is optional. */
public interface SweepListener {
    /** Nothing. */
    SweepListener NONE = new SweepListener() { };

    /** Before run {@code index} (0-based) of {@code total}, in the state it is found in (DONE: its result is reused). */
    default void onRunStart(int index, int total, RunSpec spec, RunState state) {}

    /** A training listener for the run about to train (or null for none). */
    default TrainingListener training(RunSpec spec, int epochs) {
        return null;
    }

    /** Where the run's long evaluations (likelihood bounds, probes) report their progress. */
    default Progress progress(RunSpec spec) {
        return Progress.NONE;
    }

    /** A named stage of a run began (e.g. "IS log-likelihood K=500"). */
    default void onStage(RunSpec spec, String stage) {}

    /** After run {@code index}'s result is available (computed or reused), with the study's headline numbers. */
    default void onRunEnd(int index, int total, RunOutcome outcome, Map<String, Double> keyResults) {}
}
