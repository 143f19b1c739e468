package org.latentlab.probes;

/**
 * Probe settings, shared by every feature set so results are comparable (SPEC §4(e): fix C and iterations).
 *
 * @param logisticC                C of the logistic probe: objective ½‖W‖² + C·Σ cross-entropy (SPEC §H.3: 1)
 * @param logisticMaxIterations    L-BFGS iteration cap of the logistic probe (sklearn's max_iter; SPEC §H.3: 5000)
 * @param svmCost                  C for both SVMs
 * @param svmMaxIterations         LibLinear iteration cap
 * @param knnNeighbours            k for the kNN probe
 * @param standardize              whether to z-score each feature with the training set's mean and sd (default false)
 * @param seed                     seed for LibSVM/LibLinear
 */
public record ProbeConfig(double logisticC, int logisticMaxIterations, double svmCost, int svmMaxIterations,
                          int knnNeighbours, boolean standardize, long seed) {
    public ProbeConfig {
        if (!(logisticC > 0) || Double.isInfinite(logisticC)) {
            throw new IllegalArgumentException("logisticC must be finite and > 0, got " + logisticC);
        }
        if (logisticMaxIterations < 1) {
            throw new IllegalArgumentException("logisticMaxIterations must be >= 1, got " + logisticMaxIterations);
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

    /** Logistic C = 1 with at most 5000 L-BFGS iterations, SVM C = 1, 1000 LibLinear iterations, k = 5, raw features, seed 1. */
    public static ProbeConfig defaults() {
        return new ProbeConfig(1.0, 5000, 1.0, 1000, 5, false, 1L);
    }

    public ProbeConfig withLogisticC(double v) {
        return new ProbeConfig(v, logisticMaxIterations, svmCost, svmMaxIterations, knnNeighbours, standardize, seed);
    }

    public ProbeConfig withLogisticMaxIterations(int v) {
        return new ProbeConfig(logisticC, v, svmCost, svmMaxIterations, knnNeighbours, standardize, seed);
    }

    public ProbeConfig withSvmCost(double v) {
        return new ProbeConfig(logisticC, logisticMaxIterations, v, svmMaxIterations, knnNeighbours, standardize, seed);
    }

    public ProbeConfig withSvmMaxIterations(int v) {
        return new ProbeConfig(logisticC, logisticMaxIterations, svmCost, v, knnNeighbours, standardize, seed);
    }

    public ProbeConfig withKnnNeighbours(int v) {
        return new ProbeConfig(logisticC, logisticMaxIterations, svmCost, svmMaxIterations, v, standardize, seed);
    }

    public ProbeConfig withStandardize(boolean v) {
        return new ProbeConfig(logisticC, logisticMaxIterations, svmCost, svmMaxIterations, knnNeighbours, v, seed);
    }

    public ProbeConfig withSeed(long v) {
        return new ProbeConfig(logisticC, logisticMaxIterations, svmCost, svmMaxIterations, knnNeighbours, standardize, v);
    }
}
