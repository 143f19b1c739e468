package org.latentlab.studies.largelatent;

import org.latentlab.LatentLab;

import java.util.Arrays;

/**
 * The grid and budgets of study 2, "large latent spaces reconstruct well but sample badly" (SPEC §2, E1.1: the MLP
 * sweep 784-256-d).
 *
 * @param latentDims     latent sizes d
 * @param seeds          training seeds per (arm, d): seed index 0..seeds−1
 * @param trainSize      MNIST training images (a seeded subset below 60 000)
 * @param epochs         training epochs
 * @param batchSize      minibatch size
 * @param learningRate   Adam learning rate
 * @param evalImages     test images for the KL profile, active units, norms and reconstruction (≥ 2)
 * @param mixtureSize    M, training images whose posteriors form the aggregate posterior q(z) = (1/M) Σ q(z|x_m)
 * @param mismatchDraws  prior draws for the hole score and coverage
 * @param c2stDraws      draws per side of the classifier two-sample test
 * @param sampleCount    decoded samples per latent source for IS / Div / Sharp (a multiple of 5: five splits)
 * @param iwaeSamples    K of the IWAE estimate
 * @param iwaeImages     test (and train) images of the IWAE estimate
 * @param gapImages      train and test images of the per-epoch ELBO / IWAE gap curves
 * @param gapIwaeSamples K of the per-epoch IWAE gap
 * @param nearestDraws   samples per source whose nearest training image is searched
 * @param gmmComponents  components of the GMM latent source
 * @param gmmMaxDims     the GMM is fitted on at most this many highest-variance latent coordinates
 * @param seed           master seed (subsets, initialisation, noise)
 */
public record LargeLatentConfig(int[] latentDims, int seeds, int trainSize, int epochs, int batchSize,
                                double learningRate, int evalImages, int mixtureSize, int mismatchDraws,
                                int c2stDraws, int sampleCount, int iwaeSamples, int iwaeImages, int gapImages,
                                int gapIwaeSamples, int nearestDraws, int gmmComponents, int gmmMaxDims, long seed) {
    public LargeLatentConfig {
        if (latentDims == null || latentDims.length == 0 || Arrays.stream(latentDims).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("latentDims: expected at least one d >= 1, got "
                    + Arrays.toString(latentDims));
        }
        if (trainSize < 100 || trainSize > 60_000) {
            throw new IllegalArgumentException("trainSize: expected 100..60000, got " + trainSize);
        }
        if (seeds < 1 || epochs < 1 || batchSize < 1 || !(learningRate > 0) || iwaeSamples < 1 || gapIwaeSamples < 1
                || nearestDraws < 1 || gmmComponents < 1 || gmmMaxDims < 1 || mismatchDraws < 2) {
            throw new IllegalArgumentException("seeds, epochs, batchSize, iwaeSamples, gapIwaeSamples, nearestDraws, "
                    + "gmmComponents, gmmMaxDims must be >= 1, mismatchDraws >= 2 and learningRate > 0");
        }
        if (evalImages < 2 || evalImages > 10_000 || iwaeImages < 1 || iwaeImages > 10_000 || gapImages < 1
                || gapImages > Math.min(10_000, trainSize)) {
            throw new IllegalArgumentException("evalImages (2..10000), iwaeImages (1..10000) and gapImages "
                    + "(1..min(10000, trainSize)) out of range: " + evalImages + ", " + iwaeImages + ", " + gapImages);
        }
        if (mixtureSize < 2 || mixtureSize > trainSize || c2stDraws < 2) {
            throw new IllegalArgumentException("mixtureSize must be in 2..trainSize and c2stDraws >= 2, got "
                    + mixtureSize + ", " + c2stDraws);
        }
        if (sampleCount < 5 || sampleCount % 5 != 0) {
            throw new IllegalArgumentException("sampleCount: expected a positive multiple of 5 (IS splits), got "
                    + sampleCount);
        }
        latentDims = latentDims.clone();
    }

    @Override
    public int[] latentDims() {
        return latentDims.clone();
    }

    /**
     * Quick mode (CI): d ∈ {2, 8, 32, 128, 512, 1024} (1024 > 784 so the mean-normalized arm reaches β_eff =
     * 784/d &lt; 1 and the loss-reduction confounder is decidable), one seed, 20 000 training images, 10 epochs, batch 128, Adam 1e-3
     * (SPEC's small tier); measurements on 2 000 test images, M = 2 000 mixture components, 1 000 prior draws,
     * C2ST 2 000 per side, 5 000 samples per source, IWAE K = 100 on 500 images, gaps on 500 images with K = 10,
     * nearest neighbours of 100 samples, GMM with 10 components on ≤ 16 coordinates.
     */
    public static LargeLatentConfig quick() {
        return new LargeLatentConfig(new int[]{2, 8, 32, 128, 512, 1024}, 1, 20_000, 10, 128, 1e-3, 2_000, 2_000, 1_000,
                2_000, 5_000, 100, 500, 500, 10, 100, 10, 16, 1L);
    }

    /**
     * Full mode (SPEC's paper tier): d ∈ {2, 4, …, 256, 1024}, three seeds, all 60 000 images, 100 epochs; all
     * 10 000 test images, M = 10 000, 10 000 prior draws, C2ST 10 000 per side, 10 000 samples per source, IWAE
     * K = 500 on 1 000 images, gaps on 1 000 images with K = 50, 1 000 nearest-neighbour searches, GMM with
     * 10 components on ≤ 32 coordinates.
     */
    public static LargeLatentConfig full() {
        return new LargeLatentConfig(new int[]{2, 4, 8, 16, 32, 64, 128, 256, 1024}, 3, 60_000, 100, 128, 1e-3,
                10_000, 10_000, 10_000, 10_000, 10_000, 500, 1_000, 1_000, 50, 1_000, 10, 32, 1L);
    }

    /** {@link #quick()} or {@link #full()}. */
    public static LargeLatentConfig forMode(LatentLab.Mode mode) {
        return mode == LatentLab.Mode.FULL ? full() : quick();
    }

    /** A copy with other latent sizes (e.g. a smaller grid for a test). */
    public LargeLatentConfig withLatentDims(int... v) {
        return new LargeLatentConfig(v, seeds, trainSize, epochs, batchSize, learningRate, evalImages, mixtureSize,
                mismatchDraws, c2stDraws, sampleCount, iwaeSamples, iwaeImages, gapImages, gapIwaeSamples,
                nearestDraws, gmmComponents, gmmMaxDims, seed);
    }

    @Override
    public String toString() {
        return "LargeLatentConfig{d=" + Arrays.toString(latentDims) + ", seeds=" + seeds + ", train=" + trainSize
                + ", epochs=" + epochs + ", batch=" + batchSize + ", lr=" + learningRate + ", evalImages=" + evalImages
                + ", M=" + mixtureSize + ", mismatchDraws=" + mismatchDraws + ", c2st=" + c2stDraws + ", samples="
                + sampleCount + ", iwae K=" + iwaeSamples + " on " + iwaeImages + ", gaps on " + gapImages + " (K="
                + gapIwaeSamples + "), nearest=" + nearestDraws + ", gmm=" + gmmComponents + "x" + gmmMaxDims
                + " dims, seed=" + seed + "}";
    }
}
