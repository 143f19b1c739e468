package org.latentlab.studies.renyi;

import org.latentlab.LatentLab;

import java.util.Arrays;

/**
 * The grid and budgets of the Rényi-geometry study (SPEC §4: E3.1–E3.3).
 *
 * @param latentDims     latent sizes k
 * @param alphas         VR α values; {@code Double.NEGATIVE_INFINITY} means VR-max
 * @param analyticElbo   also train the analytic-KL ELBO reference per k (the "KL-trained VAE" of Fig. 3)
 * @param trainSize      MNIST training images used (a seeded subset when below 60 000)
 * @param testSize       MNIST test images used for PCA, the VR bound and probe evaluation
 * @param trainSamples   importance samples K during training
 * @param epochs         training epochs
 * @param batchSize      minibatch size
 * @param learningRate   Adam learning rate
 * @param probeEpochs    epochs at which the ELBO reference is probed (every VR run is probed at its last epoch)
 * @param probeTestSize  test images the probes are evaluated on (first of the test subset)
 * @param vrSamples      K of the reported VR bound L̂_{α,K} (10 in the paper)
 * @param isSamples      K of the IS log-likelihood (2000 in the paper)
 * @param isImages       test images for the IS log-likelihood
 * @param seed           master seed (data subsets, initialisation, noise)
 */
public record RenyiSweepConfig(int[] latentDims, double[] alphas, boolean analyticElbo, int trainSize, int testSize,
                               int trainSamples, int epochs, int batchSize, double learningRate, int[] probeEpochs,
                               int probeTestSize, int vrSamples, int isSamples, int isImages, long seed) {
    /** Largest latent dimension k accepted: an MNIST image's 784 pixels (a larger k overflowed the layer sizes). */
    public static final int MAX_LATENT_DIM = 784;

    public RenyiSweepConfig {
        if (latentDims == null || latentDims.length == 0) {
            throw new IllegalArgumentException("latentDims must list at least one k");
        }
        for (int k : latentDims) {
            if (k < 1 || k > MAX_LATENT_DIM) {
                throw new IllegalArgumentException("latent dims must be in [1, " + MAX_LATENT_DIM + "] (an MNIST "
                        + "image's pixels), got " + Arrays.toString(latentDims));
            }
        }
        if (alphas == null) {
            throw new IllegalArgumentException("alphas must not be null");
        }
        for (double a : alphas) {
            if (Double.isNaN(a) || a == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("alphas must be real or -Infinity (VR-max), got "
                        + Arrays.toString(alphas));
            }
        }
        if (alphas.length == 0 && !analyticElbo) {
            throw new IllegalArgumentException("nothing to train: no alphas and analyticElbo false");
        }
        if (trainSize < 100 || trainSize > 60_000 || testSize < 100 || testSize > 10_000) {
            throw new IllegalArgumentException("trainSize must be in [100, 60000] and testSize in [100, 10000], got "
                    + trainSize + ", " + testSize);
        }
        if (trainSamples < 1 || epochs < 1 || batchSize < 1 || !(learningRate > 0) || vrSamples < 1
                || isSamples < 1) {
            throw new IllegalArgumentException("trainSamples, epochs, batchSize, vrSamples, isSamples must be >= 1 "
                    + "and learningRate > 0");
        }
        if (isImages < 1 || isImages > testSize || probeTestSize < 1 || probeTestSize > testSize) {
            throw new IllegalArgumentException("isImages and probeTestSize must be in [1, testSize=" + testSize
                    + "], got " + isImages + ", " + probeTestSize);
        }
        for (int e : probeEpochs) {
            if (e < 1 || e > epochs) {
                throw new IllegalArgumentException("probe epochs must be in [1, " + epochs + "], got "
                        + Arrays.toString(probeEpochs));
            }
        }
        latentDims = latentDims.clone();
        alphas = alphas.clone();
        probeEpochs = probeEpochs.clone();
    }

    /**
     * Quick mode (minutes on 2 cores): k = 30; α ∈ {1, 0.5, 0, VR-max} plus the analytic ELBO; 10 000 training
     * images, all 10 000 test images; K = 5; 10 epochs, batch 100, Adam 1e-3; probes at epochs {1, 2, 5, 10} on
     * 5 000 test images; VR bound K = 10; IS log-likelihood K = 500 on 1 000 test images.
     */
    public static RenyiSweepConfig quick() {
        return new RenyiSweepConfig(new int[]{30}, new double[]{1, 0.5, 0, Double.NEGATIVE_INFINITY}, true,
                10_000, 10_000, 5, 10, 100, 1e-3, new int[]{1, 2, 5, 10}, 5_000, 10, 500, 1_000, 1L);
    }

    /**
     * Full mode (the paper-like grid): k ∈ {30, 40, 50}; α ∈ {1, 0.75, 0.5, 0.25, 0, −1, VR-max} plus the analytic
     * ELBO; all 60 000 training images; K = 5; 100 epochs (the paper: 1000); probes at {1, 2, 5, 10, 20, 50, 100};
     * VR bound K = 10 and IS log-likelihood K = 2000 on all 10 000 test images.
     */
    public static RenyiSweepConfig full() {
        return new RenyiSweepConfig(new int[]{30, 40, 50}, new double[]{1, 0.75, 0.5, 0.25, 0, -1,
                Double.NEGATIVE_INFINITY}, true, 60_000, 10_000, 5, 100, 100, 1e-3,
                new int[]{1, 2, 5, 10, 20, 50, 100}, 10_000, 10, 2_000, 10_000, 1L);
    }

    /** {@link #quick()} or {@link #full()} for the mode. */
    public static RenyiSweepConfig forMode(LatentLab.Mode mode) {
        return mode == LatentLab.Mode.FULL ? full() : quick();
    }

    public RenyiSweepConfig withEpochs(int v) {
        int[] pe = Arrays.stream(probeEpochs).filter(e -> e <= v).toArray();
        return new RenyiSweepConfig(latentDims, alphas, analyticElbo, trainSize, testSize, trainSamples, v, batchSize,
                learningRate, pe, probeTestSize, vrSamples, isSamples, isImages, seed);
    }

    public RenyiSweepConfig withLatentDims(int... v) {
        return new RenyiSweepConfig(v, alphas, analyticElbo, trainSize, testSize, trainSamples, epochs, batchSize,
                learningRate, probeEpochs, probeTestSize, vrSamples, isSamples, isImages, seed);
    }

    public RenyiSweepConfig withAlphas(double... v) {
        return new RenyiSweepConfig(latentDims, v, analyticElbo, trainSize, testSize, trainSamples, epochs, batchSize,
                learningRate, probeEpochs, probeTestSize, vrSamples, isSamples, isImages, seed);
    }

    public RenyiSweepConfig withSizes(int train, int test, int probeTest, int isImg) {
        return new RenyiSweepConfig(latentDims, alphas, analyticElbo, train, test, trainSamples, epochs, batchSize,
                learningRate, probeEpochs, probeTest, vrSamples, isSamples, isImg, seed);
    }

    public RenyiSweepConfig withIsSamples(int v) {
        return new RenyiSweepConfig(latentDims, alphas, analyticElbo, trainSize, testSize, trainSamples, epochs,
                batchSize, learningRate, probeEpochs, probeTestSize, vrSamples, v, isImages, seed);
    }

    public RenyiSweepConfig withSeed(long v) {
        return new RenyiSweepConfig(latentDims, alphas, analyticElbo, trainSize, testSize, trainSamples, epochs,
                batchSize, learningRate, probeEpochs, probeTestSize, vrSamples, isSamples, isImages, v);
    }

    @Override
    public String toString() {
        return "RenyiSweepConfig[k=" + Arrays.toString(latentDims) + ", alphas=" + Arrays.toString(alphas)
                + ", analyticElbo=" + analyticElbo + ", train=" + trainSize + ", test=" + testSize + ", K="
                + trainSamples + ", epochs=" + epochs + ", batch=" + batchSize + ", lr=" + learningRate
                + ", probeEpochs=" + Arrays.toString(probeEpochs) + ", probeTest=" + probeTestSize + ", vrK="
                + vrSamples + ", isK=" + isSamples + ", isImages=" + isImages + ", seed=" + seed + "]";
    }
}
