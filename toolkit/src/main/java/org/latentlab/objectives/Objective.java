package org.latentlab.objectives;

import ai.djl.ndarray.NDArray;
import org.latentlab.models.Vae;

/**
 * A training objective for a {@link Vae}: a loss to minimise for one batch.
 * Implementations draw their own noise from the calling thread's {@link org.latentlab.models.Noise} stream
 * (the trainer seeds it per step).
 */
public interface Objective extends ModelObjective<Vae> {
    /** Short name used in tables and run directories, e.g. {@code elbo}, {@code vr(0.5)}, {@code vr-max}. */
    @Override
    String name();

    /**
     * The loss for batch x of shape (B, inputDim): minus the batch mean of the per-example bound, in nats per
     * example. {@code reconstruction} and {@code kl} are batch means too where the objective defines them, else null.
     */
    @Override
    Loss loss(Vae model, NDArray x);

    /** Scalar loss plus optional parts (batch means, nats). */
    record Loss(NDArray value, NDArray reconstruction, NDArray kl) {}
}
