package org.latentlab.studies.hit;

import org.latentlab.LatentLab;

import java.util.Arrays;
import java.util.Locale;

/**
 * The grid and budgets of the HIT study (Xiao &amp; Bamler, ICLR 2023; SPEC §3): GHVAE-MNIST on fixed-binarized MNIST
 * trained with L = −E log p(x|z1) + β2·KL(q(z2|x)‖p(z2)) + β1·E KL(q(z1|z2,x)‖p(z1|z2)) (Eq. 8) for every pair
 * (β1, β2) of {@code betas} × {@code betas}, then evaluated on the test set.
 *
 * @param betas        the β values of the grid, used for both β1 and β2 (positive, finite, increasing)
 * @param trainSize    MNIST training images (a seeded subset below 60 000)
 * @param testSize     MNIST test images for rates, distortion and PSNR (a seeded subset below 10 000)
 * @param epochs       training epochs per model
 * @param batchSize    minibatch size (HIT: 256)
 * @param learningRate Adam step size (HIT: 3e-4)
 * @param isSamples    generated images for the inception score (SPEC §M6: 10 000)
 * @param isSplits     chunks of the inception score (SPEC §M6: 5)
 * @param miImages     test images for Î(z; label) (SPEC §M11: all; cost O(N²·d))
 * @param probeImages  test images the probes use, split 80/20 by a seed-42 permutation (SPEC §3(c): all 10 000)
 * @param seed         master seed (data subsets, initialisation, training noise, evaluation noise)
 */
public record HitConfig(double[] betas, int trainSize, int testSize, int epochs, int batchSize, double learningRate,
                        int isSamples, int isSplits, int miImages, int probeImages, long seed) {
    /** The paper's probe split seed (HIT: {@code np.random.seed(42)} permutation, last 20 % for evaluation). */
    public static final long PROBE_SPLIT_SEED = 42L;

    public HitConfig {
        if (betas == null || betas.length < 2) {
            throw new IllegalArgumentException("HitConfig.betas must list at least 2 values, got "
                    + (betas == null ? "null" : Arrays.toString(betas)));
        }
        for (int i = 0; i < betas.length; i++) {
            if (!(betas[i] > 0) || !Double.isFinite(betas[i]) || (i > 0 && !(betas[i] > betas[i - 1]))) {
                throw new IllegalArgumentException("HitConfig.betas must be finite, > 0 and increasing, got "
                        + Arrays.toString(betas));
            }
        }
        if (trainSize < 1 || trainSize > 60_000 || testSize < 10 || testSize > 10_000) {
            throw new IllegalArgumentException("HitConfig: trainSize must be in [1, 60000] and testSize in "
                    + "[10, 10000], got " + trainSize + " and " + testSize);
        }
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("HitConfig: epochs and batchSize must be >= 1 and learningRate "
                    + "finite and > 0, got " + epochs + ", " + batchSize + ", " + learningRate);
        }
        if (isSplits < 1 || isSamples < isSplits) {
            throw new IllegalArgumentException("HitConfig: isSplits must be >= 1 and isSamples >= isSplits, got "
                    + isSamples + " samples in " + isSplits + " splits");
        }
        if (miImages < 10 || miImages > testSize || probeImages < 10 || probeImages > testSize) {
            throw new IllegalArgumentException("HitConfig: miImages and probeImages must be in [10, testSize="
                    + testSize + "], got " + miImages + " and " + probeImages);
        }
        betas = betas.clone();
    }

    @Override
    public double[] betas() {
        return betas.clone();
    }

    /** The paper's 21-point log grid 10^{−1 … 1} (SPEC §3(a): 441 models). */
    public static double[] paperBetas() {
        double[] b = new double[21];
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.pow(10, -1 + i / 10.0);
        }
        return b;
    }

    /**
     * Quick mode (CI, 2 cores): the 3×3 grid β ∈ {0.1, 1, 10} that SPEC §3(a) allows for CI, 10 000 training
     * images, 10 epochs, batch 256, Adam 3e-4; all 10 000 test images for rates and PSNR; IS on 10 000 samples in
     * 5 splits; Î on 2 000 and probes on 5 000 test images (4 000 / 1 000).
     */
    public static HitConfig quick() {
        return new HitConfig(new double[] {0.1, 1, 10}, 10_000, 10_000, 10, 256, 3e-4, 10_000, 5, 2_000, 5_000,
                1L);
    }

    /**
     * Full mode (the paper): the 21×21 log grid on all 60 000 training images, 200 epochs, batch 256, Adam 3e-4;
     * every evaluation on all 10 000 test images; IS on 10 000 samples in 5 splits.
     */
    public static HitConfig full() {
        return new HitConfig(paperBetas(), 60_000, 10_000, 200, 256, 3e-4, 10_000, 5, 10_000, 10_000, 1L);
    }

    /** {@link #quick()} or {@link #full()}. */
    public static HitConfig forMode(LatentLab.Mode mode) {
        return mode == LatentLab.Mode.FULL ? full() : quick();
    }

    public HitConfig withBetas(double... v) {
        return new HitConfig(v, trainSize, testSize, epochs, batchSize, learningRate, isSamples, isSplits, miImages,
                probeImages, seed);
    }

    public HitConfig withEpochs(int v) {
        return new HitConfig(betas, trainSize, testSize, v, batchSize, learningRate, isSamples, isSplits, miImages,
                probeImages, seed);
    }

    /** Training and test sizes, with the Î and probe image counts clamped to the new test size. */
    public HitConfig withSizes(int train, int test) {
        return new HitConfig(betas, train, test, epochs, batchSize, learningRate, isSamples, isSplits,
                Math.min(miImages, test), Math.min(probeImages, test), seed);
    }

    public HitConfig withEvaluation(int isSamples, int isSplits, int miImages, int probeImages) {
        return new HitConfig(betas, trainSize, testSize, epochs, batchSize, learningRate, isSamples, isSplits,
                miImages, probeImages, seed);
    }

    public HitConfig withBatch(int v) {
        return new HitConfig(betas, trainSize, testSize, epochs, v, learningRate, isSamples, isSplits, miImages,
                probeImages, seed);
    }

    public HitConfig withSeed(long v) {
        return new HitConfig(betas, trainSize, testSize, epochs, batchSize, learningRate,
                isSamples, isSplits, miImages, probeImages, v);
    }

    /** Number of models, |betas|². */
    public int models() {
        return betas.length * betas.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HitConfig c && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("HitConfig[betas=[");
        for (int i = 0; i < betas.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", betas[i]));
        }
        return b.append("], train=").append(trainSize).append(", test=").append(testSize).append(", epochs=")
                .append(epochs).append(", batch=").append(batchSize).append(", lr=").append(learningRate)
                .append(", isSamples=").append(isSamples).append(", isSplits=").append(isSplits)
                .append(", miImages=").append(miImages).append(", probeImages=").append(probeImages)
                .append(", seed=").append(seed).append(']').toString();
    }
}
