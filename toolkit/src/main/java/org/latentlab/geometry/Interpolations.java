package org.latentlab.geometry;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.latentlab.models.Posterior;
import org.latentlab.models.Vae;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Interpolations between two images decoded through a VAE: the five rows of Peşte, Malagò &amp; Sârbu Fig. 5
 * (SPEC §4(a) E3.4). Columns are at t = 0, 1/(n−1), …, 1; decoded images are Bernoulli probabilities σ(ℓ).
 * <ol>
 *   <li>{@code pixels}: (1−t)·x_A + t·x_B in pixel space;</li>
 *   <li>{@code linear-mu}: decode((1−t)μ_A + tμ_B), no sampling;</li>
 *   <li>{@code linear-z}: decode((1−t)z_A + t z_B) with one z per endpoint drawn from q(z|x);</li>
 *   <li>{@code geodesic-sampled}: z ~ N(μ(t), σ(t)²) along the Fisher–Rao geodesic (SPEC §M10);</li>
 *   <li>{@code geodesic-mu}: decode(μ(t)) along the geodesic, no sampling.</li>
 * </ol>
 */
public final class Interpolations {
    /** Row names in Fig. 5 order. */
    public static final List<String> ROWS = List.of("pixels", "linear-mu", "linear-z", "geodesic-sampled",
            "geodesic-mu");

    private Interpolations() {}

    /**
     * The five interpolation rows.
     *
     * @param pixels  rows × columns × dim images in [0, 1], row-major (row r, column c at (r·columns + c)·dim)
     * @param t       the column parameters
     * @param muA     posterior mean of A (k)
     * @param sigmaA  posterior sd of A (k)
     * @param muB     posterior mean of B
     * @param sigmaB  posterior sd of B
     */
    public record Grid(float[] pixels, int rows, int columns, int dim, double[] t, double[] muA, double[] sigmaA,
                       double[] muB, double[] sigmaB) {
        /** The image at (row, column), dim values. */
        public float[] image(int row, int column) {
            float[] out = new float[dim];
            System.arraycopy(pixels, (row * columns + column) * dim, out, 0, dim);
            return out;
        }

        /** The images of one row, columns × dim. */
        public float[] row(int row) {
            float[] out = new float[columns * dim];
            System.arraycopy(pixels, row * columns * dim, out, 0, out.length);
            return out;
        }
    }

    /**
     * Builds the five rows between images {@code xA} and {@code xB} (dim = model.inputDim(), values in [0, 1]).
     *
     * @param columns number of columns including both endpoints (≥ 2; the paper uses 10)
     * @param seed    seed for the sampled rows (3 and 4)
     */
    public static Grid fivePaths(Vae model, float[] xA, float[] xB, int columns, long seed) {
        int d = model.inputDim();
        if (xA.length != d || xB.length != d) {
            throw new IllegalArgumentException("xA and xB must have " + d + " values, got " + xA.length + " and "
                    + xB.length);
        }
        if (columns < 2) {
            throw new IllegalArgumentException("columns must be >= 2, got " + columns);
        }
        int k = model.latentDim();
        double[] t = FisherRao.evenly(columns);
        double[][] post = encode(model, xA, xB);
        double[] muA = post[0];
        double[] sA = post[1];
        double[] muB = post[2];
        double[] sB = post[3];
        SplittableRandom rng = new SplittableRandom(seed);
        float[] zA = new float[k];
        float[] zB = new float[k];
        for (int j = 0; j < k; j++) {
            zA[j] = (float) (muA[j] + sA[j] * rng.nextGaussian());
        }
        for (int j = 0; j < k; j++) {
            zB[j] = (float) (muB[j] + sB[j] * rng.nextGaussian());
        }
        FisherRao.DiagonalPath geo = FisherRao.geodesic(muA, sA, muB, sB, t);
        float[] latents = new float[4 * columns * k];   // rows 2..5
        for (int c = 0; c < columns; c++) {
            for (int j = 0; j < k; j++) {
                double tt = t[c];
                latents[(0 * columns + c) * k + j] = (float) ((1 - tt) * muA[j] + tt * muB[j]);
                latents[(1 * columns + c) * k + j] = (float) ((1 - tt) * zA[j] + tt * zB[j]);
                latents[(2 * columns + c) * k + j] = (float) (geo.mu()[c][j] + geo.sigma()[c][j] * rng.nextGaussian());
                latents[(3 * columns + c) * k + j] = (float) geo.mu()[c][j];
            }
        }
        float[] decoded = decodeProbabilities(model, latents, 4 * columns);
        float[] pixels = new float[5 * columns * d];
        for (int c = 0; c < columns; c++) {
            for (int i = 0; i < d; i++) {
                pixels[c * d + i] = (float) ((1 - t[c]) * xA[i] + t[c] * xB[i]);
            }
        }
        System.arraycopy(decoded, 0, pixels, columns * d, decoded.length);
        return new Grid(pixels, 5, columns, d, t, muA, sA, muB, sB);
    }

    /** Bernoulli probabilities σ(decodeLogits(z)) for {@code count} latent rows (count × k). */
    public static float[] decodeProbabilities(Vae model, float[] latents, int count) {
        int k = model.latentDim();
        if ((long) count * k != latents.length) {
            throw new IllegalArgumentException("latents has " + latents.length + " values, expected count*k = "
                    + (long) count * k);
        }
        try (NDManager m = model.manager().newSubManager()) {
            NDArray z = m.create(latents, new Shape(count, k));
            return model.decodeLogits(z).getNDArrayInternal().sigmoid().toFloatArray();
        }
    }

    /** The reconstruction decode(μ(x)) of each image (count × dim), as Bernoulli probabilities. */
    public static float[] reconstruct(Vae model, float[] images, int count) {
        int d = model.inputDim();
        try (NDManager m = model.manager().newSubManager()) {
            Posterior q = model.encode(m.create(images, new Shape(count, d)));
            return model.decodeLogits(q.mu()).getNDArrayInternal().sigmoid().toFloatArray();
        }
    }

    /** Posterior μ and σ of two images: {μ_A, σ_A, μ_B, σ_B}. */
    static double[][] encode(Vae model, float[] xA, float[] xB) {
        int d = model.inputDim();
        int k = model.latentDim();
        float[] both = new float[2 * d];
        System.arraycopy(xA, 0, both, 0, d);
        System.arraycopy(xB, 0, both, d, d);
        try (NDManager m = model.manager().newSubManager()) {
            Posterior q = model.encode(m.create(both, new Shape(2, d)));
            double[] mu = q.mu().toType(DataType.FLOAT64, true).toDoubleArray();
            double[] lv = q.logVar().toType(DataType.FLOAT64, true).toDoubleArray();
            double[][] out = new double[4][k];
            for (int j = 0; j < k; j++) {
                out[0][j] = mu[j];
                out[1][j] = Math.exp(0.5 * lv[j]);
                out[2][j] = mu[k + j];
                out[3][j] = Math.exp(0.5 * lv[k + j]);
            }
            return out;
        }
    }

    /**
     * The first column whose predicted class differs from column 0's, per row, or −1 if the class never changes
     * (the paper's red transition image). {@code classify} maps (images, count) to one class per image.
     */
    public static int[] flipColumns(Grid g, BiFunction<float[], Integer, int[]> classify) {
        int[] out = new int[g.rows()];
        for (int r = 0; r < g.rows(); r++) {
            int[] cls = classify.apply(g.row(r), g.columns());
            out[r] = -1;
            for (int c = 1; c < g.columns(); c++) {
                if (cls[c] != cls[0]) {
                    out[r] = c;
                    break;
                }
            }
        }
        return out;
    }

    /** Predicted class of every image, rows × columns, from {@code classify}. */
    public static int[][] classes(Grid g, BiFunction<float[], Integer, int[]> classify) {
        int[][] out = new int[g.rows()][];
        for (int r = 0; r < g.rows(); r++) {
            out[r] = classify.apply(g.row(r), g.columns());
        }
        return out;
    }
}
