package org.latentlab.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * What the trainer needs from any model: its input size, its trainable parameter arrays and the manager that owns
 * them. {@link Vae} (one latent layer) and {@link Ghvae} (two latent layers, SPEC §3) both are one.
 */
public interface TrainableModel extends AutoCloseable {
    /** Values per input image (784 for MNIST). */
    int inputDim();

    /** The trainable parameter arrays (gradients attached), in a fixed order. */
    NDList parameters();

    /** Total number of scalar parameters. */
    default long parameterCount() {
        long n = 0;
        for (ai.djl.ndarray.NDArray p : parameters()) {
            n += p.getShape().size();
        }
        return n;
    }

    /** The manager that owns the parameters; lives as long as the model. */
    NDManager manager();


    /**
     * Non-trainable state saved with the parameters in checkpoints (e.g. BatchNorm running statistics), in a fixed
     * order; empty for models without any.
     */
    default NDList buffers() {
        return new NDList();
    }

    /**
     * Switches layers whose behaviour differs between training and evaluation (BatchNorm: batch statistics and
     * running-statistics updates vs running statistics); the trainer calls it with true before its steps and false
     * before evaluating. No effect on models without such layers.
     */
    default void setTraining(boolean training) {}

    @Override
    void close();
}
