package org.latentlab.studies.largelatent;

import org.latentlab.objectives.Elbo;

/**
 * The two loss reductions of study 2 (SPEC §2, claim H3).
 *
 * <p>{@link #SUM}: the ELBO with sums over the 784 pixels and the d latents, β = 1. {@link #MEAN}: the asker's
 * losses, BCE averaged over pixels plus KL averaged over latents, (1/784)·BCE_sum + (1/d)·KL_sum
 * = (1/784)·[BCE_sum + (784/d)·KL_sum]: the β-VAE objective with β = 784/d divided by the constant 784. We train
 * {@code new Elbo(784/d)}, i.e. the asker's loss times 784. The gradient directions are identical; Adam's step
 * m̂/(√v̂ + ε) is invariant to a constant loss factor except through ε: the asker's run with ε = 1e-8 equals ours with
 * ε = 784·1e-8 = 7.8e-6, so the two differ only for parameters whose gradient RMS is below about 1e-5 per step.
 * We keep Adam's ε = 1e-8 on our 784× larger loss (not the asker's effective 7.8e-6).
 */
public enum Arm {
    SUM("sum", "sum-reduced, beta = 1"),
    MEAN("mean", "mean-normalized, beta_eff = 784/d");

    private final String id;
    private final String label;

    Arm(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** Short name used in run ids. */
    public String id() {
        return id;
    }

    /**
     * The arm whose {@link #id()} is {@code id}.
     *
     * @throws IllegalArgumentException naming the id and the known ones
     */
    public static Arm byId(String id) {
        for (Arm a : values()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown arm '" + id + "': expected sum or mean");
    }

    /** Human-readable label for tables and legends. */
    public String label() {
        return label;
    }

    /** The KL weight: 1 for SUM, inputDim/d for MEAN. */
    public double beta(int inputDim, int d) {
        if (inputDim < 1 || d < 1) {
            throw new IllegalArgumentException("beta: inputDim and d must be >= 1, got " + inputDim + ", " + d);
        }
        return this == SUM ? 1.0 : (double) inputDim / d;
    }

    /** The training objective of this arm for latent size d. */
    public Elbo objective(int inputDim, int d) {
        return new Elbo(beta(inputDim, d));
    }
}
