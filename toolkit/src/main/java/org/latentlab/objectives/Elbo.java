package org.latentlab.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.latentlab.models.Noise;
import org.latentlab.models.Posterior;
import org.latentlab.models.Vae;

/**
 * The negative evidence lower bound with a β weight on the KL term (β = 1: the ELBO of Kingma &amp; Welling 2014;
 * β ≠ 1: the β-VAE objective of Higgins et al. 2017), SPEC §2:
 * <pre>  −ELBO(x) = Σ_d [softplus(ℓ_d) − x_d ℓ_d]  +  β · KL(q(z|x) ‖ N(0, I)),   ℓ = decoder logits at z ~ q(z|x)</pre>
 * with one reparameterised sample z = μ + σ ε, ε ~ N(0, I) drawn from the thread's {@link Noise} stream, the Bernoulli term
 * in logit form (BCE with logits, summed over pixels), the KL in closed form (summed over latents), and the batch
 * mean taken last. All values in nats per example.
 */
public final class Elbo implements Objective {
    private final double beta;

    /** @param beta weight of the KL term, finite and ≥ 0 (1 for the plain ELBO). */
    public Elbo(double beta) {
        if (!Double.isFinite(beta) || beta < 0) {
            throw new IllegalArgumentException("Elbo: beta must be finite and >= 0, got " + beta);
        }
        this.beta = beta;
    }

    /** The plain ELBO (β = 1). */
    public Elbo() {
        this(1.0);
    }

    /** The KL weight β. */
    public double beta() {
        return beta;
    }

    @Override
    public String name() {
        return beta == 1.0 ? "elbo" : "beta-vae(" + beta + ")";
    }

    @Override
    public Loss loss(Vae model, NDArray x) {
        Posterior q = model.encode(x);
        NDArray z = reparameterize(q);
        NDArray logits = model.decodeLogits(z);
        NDArray recon = bernoulliNll(x, logits);
        NDArray kl = klStandardNormal(q);
        NDArray perExample = beta == 1.0 ? recon.add(kl) : recon.add(kl.mul(Scalars.of(beta)));
        return new Loss(perExample.mean(), recon.mean(), kl.mean());
    }

    /**
     * One reparameterised sample z = μ + exp(½ log σ²) ⊙ ε with ε ~ N(0, I) from the thread's {@link Noise} stream,
     * shape of μ.
     * Safe inside a GradientCollector (uses {@link Scalars}).
     */
    public static NDArray reparameterize(Posterior q) {
        NDArray mu = q.mu();
        NDArray eps = Noise.normal(mu.getManager(), mu.getShape());
        return q.logVar().mul(Scalars.of(0.5f)).exp().mul(eps).add(mu);
    }

    /**
     * Closed-form KL(N(μ, diag σ²) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²), summed over the last axis
     * (latents): shape (B,) for a (B, k) posterior; nats. Safe inside a GradientCollector.
     */
    public static NDArray klStandardNormal(Posterior q) {
        NDArray mu = q.mu();
        NDArray lv = q.logVar();
        NDArray t = mu.square().add(lv.exp()).sub(lv).sub(Scalars.of(1f));
        return t.sum(new int[] {-1}).mul(Scalars.of(0.5f));
    }

    /**
     * Bernoulli negative log-likelihood in logit form, −log p(x|ℓ) = Σ_d [softplus(ℓ_d) − x_d ℓ_d], summed over the
     * last axis (pixels); x broadcasts against ℓ (e.g. x (B, D) with ℓ (S, B, D) gives (S, B)). Nats.
     */
    public static NDArray bernoulliNll(NDArray x, NDArray logits) {
        NDArray sp = Activation.softPlus(logits);
        return sp.sub(x.mul(logits)).sum(new int[] {-1});
    }
}
