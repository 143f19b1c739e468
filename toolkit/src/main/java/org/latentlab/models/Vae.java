package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * A single-latent-layer VAE with a diagonal Gaussian encoder and a Bernoulli decoder on logits.
 * Inputs are flat batches (B, inputDim) of float32 in [0, 1] (or binarized). Calls made inside a DJL
 * {@code GradientCollector} are recorded for backprop; outside one they are plain inference.
 */
public interface Vae extends TrainableModel {
    /** Values per input image (784 for MNIST). */
    int inputDim();

    /** Latent dimension k. */
    int latentDim();

    /** q(z|x) for a batch x of shape (B, inputDim). */
    Posterior encode(NDArray x);

    /** Bernoulli logits ℓ of p(x|z) for z of shape (..., k); result has shape (..., inputDim). */
    NDArray decodeLogits(NDArray z);

    /** The trainable parameter arrays (gradients attached), in a fixed order. */
    NDList parameters();

    /** The manager that owns the parameters; lives as long as the model. */
    NDManager manager();

    @Override
    void close();
}
