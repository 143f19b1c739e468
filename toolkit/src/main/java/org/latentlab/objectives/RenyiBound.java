package org.latentlab.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.latentlab.models.Noise;
import org.latentlab.models.Posterior;
import org.latentlab.models.Vae;

import java.util.Locale;

/**
 * The variational Rényi bound of Li &amp; Turner (2016), SPEC §M8, as a training objective:
 * L̂_{α,K}(x) = 1/(1−α) · [LSE_k((1−α) log w_k) − log K], in nats.
 *
 * <ul>
 *   <li>α = 1 (|1−α| &lt; 1e-6): the Monte Carlo ELBO mean_k log w_k;</li>
 *   <li>α = 0: the IWAE bound;</li>
 *   <li>VR-max (α → −∞): max_k log w_k, gradient through the arg-max sample only (an estimate, not a bound).</li>
 * </ul>
 * Log-weights are float64 and (1−α)·log w is formed before any exponentiation, normalised by log-sum-exp.
 * The gradient of the loss is −Σ_k softmax_k((1−α) log w) ∇ log w_k, which autodiff of L̂ gives.
 */
public final class RenyiBound implements Objective {
    /** |1 − α| below which the α = 1 (ELBO) form is used. */
    public static final double ALPHA_ONE_TOLERANCE = 1e-6;

    private final double alpha;
    private final boolean max;
    private final int samples;

    private RenyiBound(double alpha, boolean max, int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples K must be >= 1, got " + samples);
        }
        if (!max && !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be a finite real number (use vrMax for α → −∞), got "
                    + alpha);
        }
        this.alpha = alpha;
        this.max = max;
        this.samples = samples;
    }

    /** VR-α with K importance samples, any real α (α = 1: MC ELBO, α = 0: IWAE). */
    public static RenyiBound of(double alpha, int samples) {
        return new RenyiBound(alpha, false, samples);
    }

    /** VR-max with K samples: max_k log w_k. */
    public static RenyiBound vrMax(int samples) {
        return new RenyiBound(Double.NEGATIVE_INFINITY, true, samples);
    }

    /** IWAE bound (α = 0) with K samples. */
    public static RenyiBound iwae(int samples) {
        return of(0.0, samples);
    }

    /** α, or −∞ for VR-max. */
    public double alpha() {
        return alpha;
    }

    public boolean isMax() {
        return max;
    }

    public int samples() {
        return samples;
    }

    @Override
    public String name() {
        return max ? "vr-max" : "vr(" + formatAlpha(alpha) + ")";
    }

    /** Compact α for names and tables: 1, 0.5, −1, … ("max" for VR-max). */
    public static String formatAlpha(double alpha) {
        if (alpha == Double.NEGATIVE_INFINITY) {
            return "max";
        }
        if (alpha == Math.rint(alpha)) {
            return Long.toString((long) alpha);
        }
        return String.format(Locale.ROOT, "%s", alpha);
    }

    @Override
    public Loss loss(Vae model, NDArray x) {
        LogWeights.checkInput(model, x);
        long batch = x.getShape().get(0);
        NDArray eps = Noise.normal(x.getManager(), new Shape(samples, batch, model.latentDim()));
        return loss(model, x, eps);
    }

    /**
     * The loss for given noise ε of shape (K, B, k). The value is −mean_b L̂(x_b), computed in float64; its
     * gradient is that of the surrogate −mean_b Σ_k w̃_kb log w_kb with the self-normalised weights
     * w̃ = softmax_k((1−α) log w) held constant (1/K for α = 1, one-hot arg-max for VR-max), which is exactly
     * the gradient of L̂ (Li &amp; Turner 2016, Eq. 12).
     */
    public Loss loss(Vae model, NDArray x, NDArray eps) {
        LogWeights.checkInput(model, x);
        NDManager m = x.getManager();
        int batch = Math.toIntExact(x.getShape().get(0));
        if (eps.getShape().dimension() != 3 || eps.getShape().get(0) != samples || eps.getShape().get(1) != batch
                || eps.getShape().get(2) != model.latentDim()) {
            throw new IllegalArgumentException("eps must have shape (" + samples + ", " + batch + ", "
                    + model.latentDim() + "), got " + eps.getShape());
        }
        Posterior q = model.encode(x);
        LogWeights.Parts parts = LogWeights.parts(model, x, q, eps);
        double[] lw = parts.logW64().toDoubleArray();
        double[] px = parts.logPx64().toDoubleArray();
        float[] weights = new float[samples * batch];
        double boundSum = 0;
        double recSum = 0;
        double klSum = 0;
        double[] column = new double[samples];
        double[] w = new double[samples];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < samples; k++) {
                column[k] = lw[k * batch + b];
                recSum += px[k * batch + b];
                klSum += px[k * batch + b] - column[k];
            }
            boundSum += bound(column);
            normalisedWeights(column, w);
            for (int k = 0; k < samples; k++) {
                weights[k * batch + b] = (float) (w[k] / batch);
            }
        }
        NDArray surrogate = parts.logW().mul(m.create(weights, new Shape(samples, batch))).sum();
        double lossValue = -boundSum / batch;
        // value = −S + (loss − (−S)) : numerically the loss, with the surrogate's gradient
        NDArray offset = m.create((float) (lossValue + surrogate.getFloat()));
        NDArray value = surrogate.neg().add(offset);
        NDArray rec = m.create((float) (-recSum / (batch * (double) samples)));
        NDArray kl = m.create((float) (klSum / (batch * (double) samples)));
        return new Loss(value, rec, kl);
    }

    /** Self-normalised weights w̃_k = ∂L̂/∂log w_k for one example's log-weights. */
    void normalisedWeights(double[] logW, double[] out) {
        int n = logW.length;
        if (max) {
            int arg = 0;
            for (int k = 1; k < n; k++) {
                if (logW[k] > logW[arg]) {
                    arg = k;
                }
            }
            java.util.Arrays.fill(out, 0, n, 0.0);
            out[arg] = 1.0;
            return;
        }
        if (Math.abs(1.0 - alpha) < ALPHA_ONE_TOLERANCE) {
            java.util.Arrays.fill(out, 0, n, 1.0 / n);
            return;
        }
        double scale = 1.0 - alpha;
        double mx = Double.NEGATIVE_INFINITY;
        for (double v : logW) {
            mx = Math.max(mx, scale * v);
        }
        double s = 0;
        for (int k = 0; k < n; k++) {
            out[k] = Math.exp(scale * logW[k] - mx);
            s += out[k];
        }
        for (int k = 0; k < n; k++) {
            out[k] /= s;
        }
    }

    /**
     * The per-example bound (B,) from log-weights (K, B) in float64: the VR formula for this α, its α = 1
     * limit, or the max for VR-max.
     */
    public NDArray bound(NDArray logW) {
        NDManager m = logW.getManager();
        if (max) {
            return logW.max(new int[]{0});
        }
        if (Math.abs(1.0 - alpha) < ALPHA_ONE_TOLERANCE) {
            return logW.mean(new int[]{0});
        }
        long k = logW.getShape().get(0);
        NDArray scale = m.create(1.0 - alpha);
        NDArray logK = m.create(Math.log(k));
        NDArray a = logW.mul(scale);
        return logSumExp0(a).sub(logK).div(scale);
    }

    /** log Σ_k exp(a_k) along axis 0, shifted by the (gradient-free) maximum. */
    static NDArray logSumExp0(NDArray a) {
        NDArray shift = a.max(new int[]{0}, true).stopGradient();
        return a.sub(shift).exp().sum(new int[]{0}).log().add(shift.squeeze(0));
    }

    /** The same bound for one example's log-weights held in Java (double precision). */
    public double bound(double[] logW) {
        if (logW.length == 0) {
            throw new IllegalArgumentException("logW must hold at least one log-weight");
        }
        if (max) {
            double mx = Double.NEGATIVE_INFINITY;
            for (double v : logW) {
                mx = Math.max(mx, v);
            }
            return mx;
        }
        if (Math.abs(1.0 - alpha) < ALPHA_ONE_TOLERANCE) {
            double s = 0;
            for (double v : logW) {
                s += v;
            }
            return s / logW.length;
        }
        double scale = 1.0 - alpha;
        double mx = Double.NEGATIVE_INFINITY;
        for (double v : logW) {
            mx = Math.max(mx, scale * v);
        }
        double s = 0;
        for (double v : logW) {
            s += Math.exp(scale * v - mx);
        }
        return (mx + Math.log(s) - Math.log(logW.length)) / scale;
    }

    @Override
    public String toString() {
        return name() + ", K=" + samples;
    }
}
