package org.latentlab.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.latentlab.models.Posterior;
import org.latentlab.models.Vae;

/**
 * Importance log-weights log w = log p(x|z) + log p(z) − log q(z|x) for K reparameterised samples
 * z = μ + σ⊙ε (SPEC §M7, §M8), in nats.
 *
 * <p>Every scalar is a constant array owned by the batch's manager (never {@code mul(float)}), so the arrays are
 * safe inside a DJL {@code GradientCollector} (PLATFORM.md, gradient-corruption bug). The Gaussian normalising
 * constants of p(z) and q(z|x) cancel: log p(z) − log q(z|x) = −½ Σ_j (z_j² − ε_j² − log σ_j²).
 *
 * <p>Two copies are returned: a float32 one attached to the autograd graph, and a detached float64 one whose sums
 * over pixels and latents are taken in double precision. (DJL's PyTorch {@code toType} cuts the autograd graph, so
 * the double copy cannot carry gradients; {@link RenyiBound} uses it for the self-normalised weights and values.)
 */
public final class LogWeights {
    private LogWeights() {}

    /** log w (K, B) as a float32 graph, its detached float64 twin, and log p(x|z) (K, B) in float64. */
    public record Parts(NDArray logW, NDArray logW64, NDArray logPx64) {}

    /** Detached float64 log-weights (K, B) for noise ε (K, B, k) and q = encode(x). */
    public static NDArray compute(Vae model, NDArray x, Posterior q, NDArray eps) {
        return parts(model, x, q, eps).logW64();
    }

    /** All parts of the log-weights for noise ε of shape (K, B, k) and q = encode(x). */
    public static Parts parts(Vae model, NDArray x, Posterior q, NDArray eps) {
        NDManager m = eps.getManager();
        NDArray half = m.create(0.5f);
        NDArray minusHalf = m.create(-0.5f);
        NDArray sigma = q.logVar().mul(half).exp();
        NDArray z = eps.mul(sigma).add(q.mu());                               // (K, B, k)
        NDArray logits = model.decodeLogits(z);                               // (K, B, D)
        NDArray pixelTerms = bernoulliTerms(x, logits, m);                    // (K, B, D)
        NDArray latentTerms = z.square().sub(eps.square()).sub(q.logVar()).mul(minusHalf);  // (K, B, k)
        NDArray logW = pixelTerms.sum(new int[]{-1}).add(latentTerms.sum(new int[]{-1}));
        NDArray logPx64 = pixelTerms.stopGradient().toType(DataType.FLOAT64, true).sum(new int[]{-1});
        NDArray prior64 = latentTerms.stopGradient().toType(DataType.FLOAT64, true).sum(new int[]{-1});
        return new Parts(logW, logPx64.add(prior64), logPx64);
    }

    /** Σ_i [x_i ℓ_i − softplus(ℓ_i)] over the last axis (Bernoulli on logits, SPEC §0), same type as ℓ. */
    public static NDArray bernoulliLogLikelihood(NDArray x, NDArray logits) {
        return bernoulliTerms(x, logits, logits.getManager()).sum(new int[]{-1});
    }

    private static NDArray bernoulliTerms(NDArray x, NDArray logits, NDManager m) {
        NDArray one = m.create(1f);
        // softplus(ℓ) = relu(ℓ) + log(1 + exp(−|ℓ|)), stable for large |ℓ|
        NDArray softplus = Activation.relu(logits).add(logits.abs().neg().exp().add(one).log());
        return logits.mul(x).sub(softplus);
    }

    static void checkInput(Vae model, NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 2 || s.get(1) != model.inputDim()) {
            throw new IllegalArgumentException("x must have shape (B, " + model.inputDim() + "), got " + s);
        }
    }
}
