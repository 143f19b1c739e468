package org.latentlab.probes;

/**
 * Probe settings, shared by every feature set so results are comparable (SPEC §4(e): fix C and iterations).
 *
 * @param logisticEpochs   SGD passes over the training set for the logistic probe
 * @param logisticStep     AdaGrad initial learning rate for the logistic probe
 * @param svmCost          C for both SVMs
 * @param svmMaxIterations LibLinear iteration cap
 * @param knnNeighbours    k for the kNN probe
 * @param standardize      whether to z-score each feature with the training set's mean and sd (default false)
 * @param seed             seed for SGD shuffling and LibSVM/LibLinear
 */
public record ProbeConfig(int logisticEpochs, double logisticStep, double svmCost, int svmMaxIterations,
                          int knnNeighbours, boolean standardize, long seed) {
    public ProbeConfig {
        if (logisticEpochs < 1) {
            throw new IllegalArgumentException("logisticEpochs must be >= 1, got " + logisticEpochs);
        }
        if (!(logisticStep > 0)) {
            throw new IllegalArgumentException("logisticStep must be > 0, got " + logisticStep);
        }
        if (!(svmCost > 0)) {
            throw new IllegalArgumentException("svmCost must be > 0, got " + svmCost);
        }
        if (svmMaxIterations < 1) {
            throw new IllegalArgumentException("svmMaxIterations must be >= 1, got " + svmMaxIterations);
        }
        if (knnNeighbours < 1) {
            throw new IllegalArgumentException("knnNeighbours must be >= 1, got " + knnNeighbours);
        }
    }

    /** 10 logistic epochs at step 0.1, C = 1, 1000 LibLinear iterations, k = 5, raw features, seed 1. */
    public static ProbeConfig defaults() {
        return new ProbeConfig(10, 0.1, 1.0, 1000, 5, false, 1L);
    }

    public ProbeConfig withLogisticEpochs(int v) {
        return new ProbeConfig(v, logisticStep, svmCost, svmMaxIterations, knnNeighbours, standardize, seed);
    }

    public ProbeConfig withLogisticStep(double v) {
        return new ProbeConfig(logisticEpochs, v, svmCost, svmMaxIterations, knnNeighbours, standardize, seed);
    }

    public ProbeConfig withSvmCost(double v) {
        return new ProbeConfig(logisticEpochs, logisticStep, v, svmMaxIterations, knnNeighbours, standardize, seed);
    }

    public ProbeConfig withSvmMaxIterations(int v) {
        return new ProbeConfig(logisticEpochs, logisticStep, svmCost, v, knnNeighbours, standardize, seed);
    }

    public ProbeConfig withKnnNeighbours(int v) {
        return new ProbeConfig(logisticEpochs, logisticStep, svmCost, svmMaxIterations, v, standardize, seed);
    }

    public ProbeConfig withStandardize(boolean v) {
        return new ProbeConfig(logisticEpochs, logisticStep, svmCost, svmMaxIterations, knnNeighbours, v, seed);
    }

    public ProbeConfig withSeed(long v) {
        return new ProbeConfig(logisticEpochs, logisticStep, svmCost, svmMaxIterations, knnNeighbours, standardize, v);
    }
}
