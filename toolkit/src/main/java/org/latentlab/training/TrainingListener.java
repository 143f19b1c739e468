package org.latentlab.training;

import org.latentlab.models.Vae;

/** Callbacks from {@link VaeTrainer}; all methods are optional. Called on the training thread. */
public interface TrainingListener {
    /**
     * The run was restored from its checkpoint in {@code checkpointDir} after {@code epochsDone} of
     * {@code epochsTotal} epochs (equal: nothing is left to train). Called before {@link #onTrainingStart}.
     */
    default void onResume(int epochsDone, int epochsTotal, java.nio.file.Path checkpointDir) {}

    /** Before the first epoch (after a resume, before the first remaining epoch). */
    default void onTrainingStart(Vae model, TrainConfig cfg) {}

    /** After each optimisation step; {@code batch} is 1-based within the epoch, loss in nats per example. */
    default void onBatchEnd(int epoch, int batch, int batches, double loss) {}

    /** After each epoch's evaluation and checkpoint. */
    default void onEpochEnd(EpochRecord r, Vae model) {}

    /** After the last epoch. */
    default void onTrainingEnd(TrainResult r) {}
}
