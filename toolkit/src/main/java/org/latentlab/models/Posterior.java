package org.latentlab.models;

import ai.djl.ndarray.NDArray;

/**
 * A diagonal Gaussian q(z|x) = N(μ, diag σ²) for a batch: both arrays have shape (B, k).
 * {@code logVar} is log σ², already clamped by the encoder to [−12, 8] (SPEC §2(b), §4(e)).
 * (Compute σ with manager-owned constants inside a GradientCollector: DJL's scalar ops corrupt gradients there,
 * see PLATFORM.md.)
 */
public record Posterior(NDArray mu, NDArray logVar) {
}
