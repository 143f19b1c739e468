package org.latentlab.probes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.latentlab.data.ImageDataset;
import org.latentlab.models.Posterior;
import org.latentlab.models.Vae;

import java.util.SplittableRandom;

/**
 * Feature sets for probes (SPEC §4(a) E3.3): posterior means μ, [μ, diag σ²], one sample z ~ q(z|x), and raw
 * pixels. Encodes without gradients in batches of 500.
 */
public final class LatentFeatures {
    /** Names used in tables and figures. */
    public static final String MU = "mu";
    public static final String MU_VAR = "mu+var";
    public static final String SAMPLE = "z";
    public static final String PIXELS = "pixels";

    private static final int BATCH = 500;

    private final double[] mu;
    private final double[] var;
    private final int count;
    private final int k;
    private final int[] labels;

    private LatentFeatures(double[] mu, double[] var, int count, int k, int[] labels) {
        this.mu = mu;
        this.var = var;
        this.count = count;
        this.k = k;
        this.labels = labels;
    }

    /** Encode every image of {@code data} with {@code model}; keeps μ and σ² (count × k). */
    public static LatentFeatures encode(Vae model, ImageDataset data) {
        if (data.dim() != model.inputDim()) {
            throw new IllegalArgumentException("data '" + data.name() + "' has " + data.dim()
                    + " values per image, the model expects " + model.inputDim());
        }
        int n = data.count();
        int d = data.dim();
        int k = model.latentDim();
        double[] mu = new double[n * k];
        double[] var = new double[n * k];
        for (int start = 0; start < n; start += BATCH) {
            int b = Math.min(BATCH, n - start);
            try (NDManager m = model.manager().newSubManager()) {
                float[] xs = new float[b * d];
                System.arraycopy(data.pixels(), start * d, xs, 0, b * d);
                Posterior q = model.encode(m.create(xs, new Shape(b, d)));
                double[] mb = q.mu().toType(DataType.FLOAT64, true).toDoubleArray();
                double[] lv = q.logVar().toType(DataType.FLOAT64, true).toDoubleArray();
                System.arraycopy(mb, 0, mu, start * k, b * k);
                for (int i = 0; i < b * k; i++) {
                    var[start * k + i] = Math.exp(lv[i]);
                }
            }
        }
        return new LatentFeatures(mu, var, n, k, data.labels().clone());
    }

    public int count() {
        return count;
    }

    public int latentDim() {
        return k;
    }

    /** Posterior means, count × k (a copy). */
    public double[] meanMatrix() {
        return mu.clone();
    }

    /** Posterior variances σ², count × k (a copy). */
    public double[] varianceMatrix() {
        return var.clone();
    }

    /** μ features. */
    public Features mu() {
        return new Features(MU, count, k, mu.clone(), labels.clone());
    }

    /** [μ, diag σ²] features (2k columns). */
    public Features muVar() {
        double[] v = new double[count * 2 * k];
        for (int i = 0; i < count; i++) {
            System.arraycopy(mu, i * k, v, i * 2 * k, k);
            System.arraycopy(var, i * k, v, i * 2 * k + k, k);
        }
        return new Features(MU_VAR, count, 2 * k, v, labels.clone());
    }

    /** One sample z = μ + σ ε per image, ε from a seeded {@link SplittableRandom}. */
    public Features sample(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[count * k];
        for (int i = 0; i < v.length; i++) {
            v[i] = mu[i] + Math.sqrt(var[i]) * r.nextGaussian();
        }
        return new Features(SAMPLE, count, k, v, labels.clone());
    }

    /** The feature set by name: {@code mu}, {@code mu+var} or {@code z} (sampled with {@code seed}). */
    public Features byName(String name, long seed) {
        return switch (name) {
            case MU -> mu();
            case MU_VAR -> muVar();
            case SAMPLE -> sample(seed);
            default -> throw new IllegalArgumentException("feature set '" + name + "' is unknown: expected "
                    + MU + ", " + MU_VAR + " or " + SAMPLE);
        };
    }

    /** Raw pixels of {@code data} as features (the linear-classifier baseline). */
    public static Features pixels(ImageDataset data) {
        double[] v = new double[data.pixels().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = data.pixels()[i];
        }
        return new Features(PIXELS, data.count(), data.dim(), v, data.labels().clone());
    }
}
