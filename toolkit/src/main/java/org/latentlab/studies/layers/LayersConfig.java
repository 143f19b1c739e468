package org.latentlab.studies.layers;

import org.latentlab.LatentLab;

import java.util.Arrays;
import java.util.Locale;

/**
 * The grid and budgets of the layer-geometry study (Camboulin, Doimo &amp; Glielmo; SPEC §1).
 *
 * @param width            width multiplier S of {@link org.latentlab.models.ConvVae} (32 in the paper)
 * @param latentDims       bottlenecks K, increasing
 * @param trainImages      training images used: a seeded subset of the fixed 80 % split (0 = the whole split)
 * @param evalImages       N, the first N test images on which the geometry and the test losses are measured
 * @param epochs           training epochs (the last checkpoint epoch)
 * @param checkpointEpochs epochs at which the geometry is recorded, increasing, from 0 (before training) to epochs
 * @param batchSize        minibatch size (256)
 * @param learningRate     Adam learning rate (1e-3)
 * @param weightDecay      L2 weight decay added to the gradient (1e-4)
 * @param seed             master seed (split, subset, initialisation, noise)
 */
public record LayersConfig(int width, int[] latentDims, int trainImages, int evalImages, int epochs,
                           int[] checkpointEpochs, int batchSize, double learningRate, double weightDecay, long seed) {
    /** MNIST training images in the fixed 80 % split (of 60,000). */
    public static final int SPLIT_SIZE = 48_000;
    /** Seed of the fixed 80 % split (the authors' numpy seed; our permutation is Java's, not numpy's). */
    public static final long SPLIT_SEED = 42;

    public LayersConfig {
        if (width < 1 || batchSize < 1 || epochs < 1 || !(learningRate > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("LayersConfig: width, batchSize, epochs must be >= 1, learningRate > 0,"
                    + " weightDecay >= 0; got S=" + width + ", batch=" + batchSize + ", epochs=" + epochs);
        }
        if (latentDims == null || latentDims.length < 2) {
            throw new IllegalArgumentException("LayersConfig.latentDims: expected at least two bottlenecks K, got "
                    + Arrays.toString(latentDims));
        }
        for (int i = 0; i < latentDims.length; i++) {
            if (latentDims[i] < 1 || (i > 0 && latentDims[i] <= latentDims[i - 1])) {
                throw new IllegalArgumentException("LayersConfig.latentDims: expected increasing K >= 1, got "
                        + Arrays.toString(latentDims));
            }
        }
        if (trainImages < 0 || trainImages > SPLIT_SIZE) {
            throw new IllegalArgumentException("LayersConfig.trainImages: expected 0 (all) or 1.." + SPLIT_SIZE
                    + ", got " + trainImages);
        }
        if (evalImages < 100 || evalImages > 10_000) {
            throw new IllegalArgumentException("LayersConfig.evalImages: expected N in [100, 10000], got " + evalImages);
        }
        if (checkpointEpochs == null || checkpointEpochs.length < 2 || checkpointEpochs[0] != 0
                || checkpointEpochs[checkpointEpochs.length - 1] != epochs) {
            throw new IllegalArgumentException("LayersConfig.checkpointEpochs: expected increasing epochs from 0 to "
                    + epochs + ", got " + Arrays.toString(checkpointEpochs));
        }
        for (int i = 1; i < checkpointEpochs.length; i++) {
            if (checkpointEpochs[i] <= checkpointEpochs[i - 1]) {
                throw new IllegalArgumentException("LayersConfig.checkpointEpochs: expected increasing epochs, got "
                        + Arrays.toString(checkpointEpochs));
            }
        }
        latentDims = latentDims.clone();
        checkpointEpochs = checkpointEpochs.clone();
    }

    /** Quick mode (CI): S = 8, 12,000 images, 15 epochs, K ∈ {2, 4, 8, 16, 32, 64}, N = 2000. */
    public static LayersConfig quick() {
        return new LayersConfig(8, new int[] {2, 4, 8, 16, 32, 64}, 12_000, 2000, 15, new int[] {0, 1, 2, 5, 10, 15},
                256, 1e-3, 1e-4, 0L);
    }

    /** Full mode (the paper's scale): S = 32, the whole split, 200 epochs, K ∈ {2 … 128}, N = 5000. */
    public static LayersConfig full() {
        return new LayersConfig(32, new int[] {2, 4, 8, 16, 32, 64, 128}, 0, 5000, 200,
                new int[] {0, 1, 2, 5, 10, 20, 50, 100, 150, 200}, 256, 1e-3, 1e-4, 0L);
    }

    /** The configuration of a mode. */
    public static LayersConfig forMode(LatentLab.Mode mode) {
        return mode == LatentLab.Mode.FULL ? full() : quick();
    }

    /** A copy with other bottlenecks. */
    public LayersConfig withLatentDims(int... v) {
        return new LayersConfig(width, v, trainImages, evalImages, epochs, checkpointEpochs, batchSize, learningRate,
                weightDecay, seed);
    }

    /** A copy with another schedule: {@code epochs} and its checkpoint epochs. */
    public LayersConfig withEpochs(int epochs, int... checkpoints) {
        return new LayersConfig(width, latentDims, trainImages, evalImages, epochs, checkpoints, batchSize,
                learningRate, weightDecay, seed);
    }

    /** A copy with other data sizes (training images, evaluation images N). */
    public LayersConfig withData(int trainImages, int evalImages) {
        return new LayersConfig(width, latentDims, trainImages, evalImages, epochs, checkpointEpochs, batchSize,
                learningRate, weightDecay, seed);
    }

    /** A copy with another width S. */
    public LayersConfig withWidth(int v) {
        return new LayersConfig(v, latentDims, trainImages, evalImages, epochs, checkpointEpochs, batchSize,
                learningRate, weightDecay, seed);
    }

    /** True if geometry is recorded after {@code epoch}. */
    public boolean isCheckpoint(int epoch) {
        return Arrays.stream(checkpointEpochs).anyMatch(e -> e == epoch);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LayersConfig[S=%d, K=%s, train=%s, N=%d, epochs=%d, checkpoints=%s, "
                        + "batch=%d, lr=%g, weightDecay=%g, seed=%d]", width, Arrays.toString(latentDims),
                trainImages == 0 ? "all " + SPLIT_SIZE : String.valueOf(trainImages), evalImages, epochs,
                Arrays.toString(checkpointEpochs), batchSize, learningRate, weightDecay, seed);
    }
}
