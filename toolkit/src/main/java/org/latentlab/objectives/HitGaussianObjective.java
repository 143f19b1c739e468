package org.latentlab.objectives;

import ai.djl.ndarray.NDArray;
import org.latentlab.models.Ghvae;
import org.latentlab.models.HitConvVae;

/**
 * Eq. 8 of Xiao &amp; Bamler (ICLR 2023; SPEC §3(a)) for the paper-tier {@link HitConvVae} models with the fixed-σ
 * Gaussian likelihood p(x|z1) = N(f(z1), σ_x² I), per example:
 * <pre>  L = Σ_i [(x_i − f_i)²/(2σ_x²) + log σ_x + ½ log 2π] + w·β2·KL(q(z2|x) ‖ N(0, I)) + w·β1·KL(q(z1|z2,x) ‖ p(z1|z2))</pre>
 * with one reparameterised sample per layer, closed-form KLs, batch mean; nats per example. w is the KL warm-up
 * weight (1 for the GHVAE; the LVAE's schedule is {@link #warmup(int, int)}, set per epoch with
 * {@link #setWarmup(double)}). σ_x: the HIT README's example uses 0.71, its code default is 0.03 (SPEC §3(b)
 * [verify]); it is a constructor argument.
 */
public final class HitGaussianObjective implements ModelObjective<HitConvVae> {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
    private final double beta1;
    private final double beta2;
    private final double sigmaX;
    private volatile double warmup = 1.0;

    /**
     * @param beta1  weight of the z1 KL, finite and ≥ 0
     * @param beta2  weight of the z2 KL, finite and ≥ 0
     * @param sigmaX the fixed likelihood standard deviation σ_x, finite and &gt; 0
     */
    public HitGaussianObjective(double beta1, double beta2, double sigmaX) {
        if (!Double.isFinite(beta1) || beta1 < 0 || !Double.isFinite(beta2) || beta2 < 0) {
            throw new IllegalArgumentException("HitGaussianObjective: beta1 and beta2 must be finite and >= 0, got "
                    + beta1 + " and " + beta2);
        }
        if (!(sigmaX > 0) || !Double.isFinite(sigmaX)) {
            throw new IllegalArgumentException("HitGaussianObjective: sigmaX must be finite and > 0, got " + sigmaX);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.sigmaX = sigmaX;
    }

    /**
     * HIT's LVAE KL warm-up weight for epoch {@code epoch} (1-based) of {@code epochs}: min(1, (epoch − 1)/⌊E/5⌋),
     * so 0 for the whole first epoch (1 when ⌊E/5⌋ = 0).
     */
    public static double warmup(int epoch, int epochs) {
        if (epoch < 1 || epochs < 1 || epoch > epochs) {
            throw new IllegalArgumentException("warmup: need 1 <= epoch <= epochs, got " + epoch + " of " + epochs);
        }
        int span = epochs / 5;
        return span == 0 ? 1.0 : Math.min(1.0, (epoch - 1) / (double) span);
    }

    /** Sets the KL warm-up weight w ∈ [0, 1] used from the next batch on. */
    public void setWarmup(double w) {
        if (!(w >= 0 && w <= 1)) {
            throw new IllegalArgumentException("warm-up weight must be in [0, 1], got " + w);
        }
        warmup = w;
    }

    @Override
    public String name() {
        return "hit-gauss(b1=" + beta1 + ",b2=" + beta2 + ",sx=" + sigmaX + ")";
    }

    /** Loss; {@code reconstruction} is −log p(x|z1), {@code kl} the unweighted KL(z2) + KL(z1|z2), batch means. */
    @Override
    public Objective.Loss loss(HitConvVae model, NDArray x) {
        Ghvae.Gaussian q2 = model.encodeTop(x);
        NDArray z2 = HitObjective.sample(q2);
        Ghvae.Gaussian q1 = model.encodeBottom(x, z2);
        NDArray z1 = HitObjective.sample(q1);
        Ghvae.Gaussian p1 = model.priorBottom(z2);
        NDArray recon = gaussianNll(x, model.decodeMean(z1), sigmaX);
        NDArray kl2 = HitObjective.klStandardNormal(q2);
        NDArray kl1 = HitObjective.klDiagonal(q1, p1);
        double w = warmup;
        NDArray total = recon.add(kl2.mul(Scalars.of(w * beta2))).add(kl1.mul(Scalars.of(w * beta1)));
        return new Objective.Loss(total.mean(), recon.mean(), kl2.add(kl1).mean());
    }

    /** −log N(x; mean, σ² I) summed over all but the batch axis: shape (B,), nats. */
    public static NDArray gaussianNll(NDArray x, NDArray mean, double sigma) {
        long d = x.getShape().get(1);
        NDArray sq = x.sub(mean).square().sum(new int[] {-1});
        return sq.mul(Scalars.of(1.0 / (2 * sigma * sigma))).add(Scalars.of(d * (Math.log(sigma) + HALF_LOG_2PI)));
    }
}
