package org.latentlab.objectives;

import ai.djl.ndarray.NDArray;
import org.latentlab.models.TrainableModel;

/**
 * A training objective for any {@link TrainableModel} type M: a loss to minimise for one batch. {@link Objective} is
 * the one for single-latent {@code Vae}s; {@link HitObjective} the one for the two-latent {@code Ghvae}.
 * Implementations draw their noise from the calling thread's {@link org.latentlab.models.Noise} stream
 * (the trainer seeds it per step).
 */
public interface ModelObjective<M extends TrainableModel> {
    /** Short name used in tables, run directories and checkpoints. */
    String name();

    /** The loss for batch x of shape (B, inputDim): minus the batch mean of the per-example bound, nats/example. */
    Objective.Loss loss(M model, NDArray x);
}
