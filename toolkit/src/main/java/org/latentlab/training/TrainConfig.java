package org.latentlab.training;

import org.latentlab.data.Binarization;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of one training run: Adam (β = (0.9, 0.999), ε = 1e-8) with a fixed learning rate and optional L2 weight
 * decay added to the gradient ({@code torch.optim.Adam(weight_decay=…)}, not AdamW).
 *
 * @param epochs        number of passes over the training set, ≥ 1 (epochs are numbered 1..epochs)
 * @param batchSize     examples per step, ≥ 1 (the last batch of an epoch may be smaller)
 * @param learningRate  Adam step size, finite and &gt; 0
 * @param seed          seeds shuffling, binarization and the reparameterisation noise of every step
 * @param binarization  pixel convention (SPEC conventions: grayscale, fixed, dynamic)
 * @param checkpointDir where a checkpoint is written at each epoch end and resumed from; null for none
 * @param weightDecay   λ ≥ 0 of the L2 term: Adam sees g + λ·p (0: none)
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, long seed, Binarization binarization,
                          Path checkpointDir, double weightDecay) {
    /** A configuration without weight decay. */
    public TrainConfig(int epochs, int batchSize, double learningRate, long seed, Binarization binarization,
                       Path checkpointDir) {
        this(epochs, batchSize, learningRate, seed, binarization, checkpointDir, 0.0);
    }

    public TrainConfig {
        if (!Double.isFinite(weightDecay) || weightDecay < 0) {
            throw new IllegalArgumentException("TrainConfig.weightDecay must be finite and >= 0, got " + weightDecay);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("TrainConfig.epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("TrainConfig.batchSize must be >= 1, got " + batchSize);
        }
        if (!Double.isFinite(learningRate) || learningRate <= 0) {
            throw new IllegalArgumentException("TrainConfig.learningRate must be finite and > 0, got " + learningRate);
        }
        Objects.requireNonNull(binarization, "TrainConfig.binarization must not be null (NONE, FIXED or DYNAMIC)");
    }

    /** 10 epochs, batch 128, learning rate 1e-3, seed 0, dynamic binarization, no checkpoints. */
    public static TrainConfig defaults() {
        return new TrainConfig(10, 128, 1e-3, 0L, Binarization.DYNAMIC, null);
    }

    public TrainConfig withEpochs(int v) {
        return new TrainConfig(v, batchSize, learningRate, seed, binarization, checkpointDir, weightDecay);
    }

    public TrainConfig withBatchSize(int v) {
        return new TrainConfig(epochs, v, learningRate, seed, binarization, checkpointDir, weightDecay);
    }

    public TrainConfig withLearningRate(double v) {
        return new TrainConfig(epochs, batchSize, v, seed, binarization, checkpointDir, weightDecay);
    }

    public TrainConfig withSeed(long v) {
        return new TrainConfig(epochs, batchSize, learningRate, v, binarization, checkpointDir, weightDecay);
    }

    public TrainConfig withBinarization(Binarization v) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, v, checkpointDir, weightDecay);
    }

    public TrainConfig withCheckpointDir(Path v) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, binarization, v, weightDecay);
    }

    public TrainConfig withWeightDecay(double v) {
        return new TrainConfig(epochs, batchSize, learningRate, seed, binarization, checkpointDir, v);
    }
}
