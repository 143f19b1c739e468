package org.latentlab.objectives;

import ai.djl.ndarray.NDArray;
import org.latentlab.models.Noise;
import org.latentlab.models.Ghvae;

/**
 * The two-multiplier objective of Xiao &amp; Bamler (ICLR 2023, "HIT"), SPEC §3(a) Eq. 8, per example:
 * <pre>  L = −log p(x|z1) + β2 · KL(q(z2|x) ‖ N(0, I)) + β1 · KL(q(z1|z2,x) ‖ p(z1|z2))</pre>
 * with one reparameterised sample per layer (z2 ~ q(z2|x), then z1 ~ q(z1|z2,x)), both KLs in closed form (the
 * second at the sampled z2, i.e. a one-sample estimate of E_q(z2|x)), the Bernoulli term in logit form summed over
 * pixels, and the batch mean last. β1 = β2 = 1 is the negative ELBO of the two-layer model. Nats per example.
 * Meant for fixed-binarized MNIST (HIT's {@code BinaryMNIST}; train with {@code Binarization.FIXED}).
 * HIT code naming: {@code beta_z} = β2, {@code beta_y} = β1.
 */
public final class HitObjective implements ModelObjective<Ghvae> {
    private final double beta1;
    private final double beta2;

    /**
     * @param beta1 weight of KL(q(z1|z2,x) ‖ p(z1|z2)) (bottom latent), finite and ≥ 0
     * @param beta2 weight of KL(q(z2|x) ‖ p(z2)) (top latent), finite and ≥ 0
     */
    public HitObjective(double beta1, double beta2) {
        if (!Double.isFinite(beta1) || beta1 < 0 || !Double.isFinite(beta2) || beta2 < 0) {
            throw new IllegalArgumentException("HitObjective: beta1 and beta2 must be finite and >= 0, got "
                    + beta1 + " and " + beta2);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    @Override
    public String name() {
        return "hit(b1=" + beta1 + ",b2=" + beta2 + ")";
    }

    /** Loss; {@code reconstruction} is −log p(x|z1) and {@code kl} the unweighted KL(z2) + KL(z1|z2), batch means. */
    @Override
    public Objective.Loss loss(Ghvae model, NDArray x) {
        Ghvae.Gaussian q2 = model.encodeTop(x);
        NDArray z2 = sample(q2);
        Ghvae.Gaussian q1 = model.encodeBottom(x, z2);
        NDArray z1 = sample(q1);
        Ghvae.Gaussian p1 = model.priorBottom(z2);
        NDArray recon = Elbo.bernoulliNll(x, model.decodeLogits(z1));
        NDArray kl2 = klStandardNormal(q2);
        NDArray kl1 = klDiagonal(q1, p1);
        NDArray total = recon.add(beta2 == 1.0 ? kl2 : kl2.mul(Scalars.of(beta2)))
                .add(beta1 == 1.0 ? kl1 : kl1.mul(Scalars.of(beta1)));
        return new Objective.Loss(total.mean(), recon.mean(), kl2.add(kl1).mean());
    }

    /** z = μ + σ ⊙ ε, ε ~ N(0, I) from the thread's {@link Noise} stream. */
    public static NDArray sample(Ghvae.Gaussian q) {
        NDArray eps = Noise.normal(q.mu().getManager(), q.mu().getShape());
        return q.sigma().mul(eps).add(q.mu());
    }

    /** KL(N(μ, σ²) ‖ N(0, I)) = Σ [½(μ² + σ²) − log σ − ½] over all but the batch axis: shape (B,), nats. */
    public static NDArray klStandardNormal(Ghvae.Gaussian q) {
        NDArray mu = flat(q.mu());
        NDArray s = flat(q.sigma());
        NDArray t = mu.square().add(s.square()).mul(Scalars.of(0.5f)).sub(s.log()).sub(Scalars.of(0.5f));
        return t.sum(new int[] {-1});
    }

    /**
     * KL(N(μa, σa²) ‖ N(μb, σb²)) = Σ [log σb − log σa + (σa² + (μa − μb)²)/(2σb²) − ½] over all but the batch
     * axis: shape (B,), nats (SPEC "Gaussian reparameterization").
     */
    public static NDArray klDiagonal(Ghvae.Gaussian a, Ghvae.Gaussian b) {
        NDArray ma = flat(a.mu());
        NDArray sa = flat(a.sigma());
        NDArray mb = flat(b.mu());
        NDArray sb = flat(b.sigma());
        NDArray num = sa.square().add(ma.sub(mb).square());
        NDArray t = sb.log().sub(sa.log()).add(num.div(sb.square().mul(Scalars.of(2f)))).sub(Scalars.of(0.5f));
        return t.sum(new int[] {-1});
    }

    private static NDArray flat(NDArray a) {
        return a.reshape(a.getShape().get(0), -1);
    }
}
