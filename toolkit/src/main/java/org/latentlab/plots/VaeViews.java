package org.latentlab.plots;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.latentlab.data.ImageDataset;
import org.latentlab.models.Posterior;
import org.latentlab.models.Vae;

import java.util.Arrays;
import java.util.Random;

/**
 * What the notebooks show of a trained {@link Vae}, as plain float arrays ready for {@link ImageGrid} and
 * {@link Plots}: posterior means, reconstructions, prior samples and the decoded 2-D latent manifold. Inference
 * only (no gradients), in chunks of {@value #CHUNK} images; every NDArray is freed before returning.
 * Decoded images are Bernoulli means sigmoid(ℓ) ∈ [0, 1], not binary draws.
 */
public final class VaeViews {
    /** Images per forward pass. */
    public static final int CHUNK = 1000;

    private VaeViews() {}

    private static void check(Vae model, ImageDataset data, int n) {
        if (model == null || data == null) {
            throw new IllegalArgumentException("model and data must not be null");
        }
        if (data.dim() != model.inputDim()) {
            throw new IllegalArgumentException("data set '" + data.name() + "' has dim " + data.dim()
                    + ", the model expects " + model.inputDim());
        }
        if (n < 1 || n > data.count()) {
            throw new IllegalArgumentException("n must be in 1.." + data.count() + " for data set '" + data.name()
                    + "', got " + n);
        }
    }

    /** Posterior means μ(x) of the first {@code n} images: row-major n × k. */
    public static float[] posteriorMeans(Vae model, ImageDataset data, int n) {
        check(model, data, n);
        int k = model.latentDim();
        int dim = data.dim();
        float[] out = new float[n * k];
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            try (NDManager sub = model.manager().newSubManager()) {
                NDArray x = sub.create(Arrays.copyOfRange(data.pixels(), from * dim, (from + m) * dim), new Shape(m, dim));
                Posterior q = model.encode(x);
                System.arraycopy(q.mu().toFloatArray(), 0, out, from * k, m * k);
            }
        }
        return out;
    }

    /** Decoded Bernoulli means sigmoid(ℓ(z)) for {@code n} latent points z (row-major n × k): n × inputDim. */
    public static float[] decode(Vae model, float[] z, int n) {
        int k = model.latentDim();
        if (z == null || n < 1 || z.length != n * k) {
            throw new IllegalArgumentException("z must hold n × k = " + n + " × " + k + " values, got "
                    + (z == null ? "null" : z.length));
        }
        int dim = model.inputDim();
        float[] out = new float[n * dim];
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            try (NDManager sub = model.manager().newSubManager()) {
                NDArray zz = sub.create(Arrays.copyOfRange(z, from * k, (from + m) * k), new Shape(m, k));
                NDArray p = Activation.sigmoid(model.decodeLogits(zz));
                System.arraycopy(p.toFloatArray(), 0, out, from * dim, m * dim);
            }
        }
        return out;
    }

    /** Reconstructions of the first {@code n} images: decode(μ(x)), n × inputDim in [0, 1]. */
    public static float[] reconstructions(Vae model, ImageDataset data, int n) {
        return decode(model, posteriorMeans(model, data, n), n);
    }

    /** {@code n} samples from the model: decode(z) with z ~ N(0, I) drawn from {@code new Random(seed)}. */
    public static float[] priorSamples(Vae model, int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        Random r = new Random(seed);
        float[] z = new float[n * model.latentDim()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) r.nextGaussian();
        }
        return decode(model, z, n);
    }

    /**
     * The learned 2-D manifold (Kingma &amp; Welling 2014, Fig. 4): decode(z) on a side × side grid of
     * z = (Φ⁻¹(u), Φ⁻¹(v)) with u, v at the centres (i + ½)/side of equal-probability cells of N(0, 1).
     * Row r of the grid has the largest z2 at the top. Only for k = 2. Returns side² × inputDim.
     */
    public static float[] manifold(Vae model, int side) {
        if (model.latentDim() != 2) {
            throw new IllegalArgumentException("manifold needs a 2-D latent space, the model has k = "
                    + model.latentDim());
        }
        if (side < 2) {
            throw new IllegalArgumentException("side must be >= 2, got " + side);
        }
        float[] z = new float[side * side * 2];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int i = r * side + c;
                z[2 * i] = (float) inverseNormalCdf((c + 0.5) / side);
                z[2 * i + 1] = (float) inverseNormalCdf(1 - (r + 0.5) / side);
            }
        }
        return decode(model, z, side * side);
    }

    /**
     * Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation, relative error below 1.2e-9 (ample for placing a
     * plot grid).
     */
    static double inverseNormalCdf(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                6.680131188771972e+01, -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double lo = 0.02425;
        if (p < lo) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - lo) {
            return -inverseNormalCdf(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
