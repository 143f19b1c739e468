package org.latentlab.metrics;

import org.latentlab.geometry.Pca;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Active units, both definitions of SPEC §M9: (a) Burda et al. 2016, A_j = Var_x(E_q[z_j|x]) &gt; threshold (variance
 * of the posterior means over the examples, divisor N as numpy's {@code var}); (b) Peşte et al., the eigenvalues of
 * the sample covariance (divisor N − 1) of the posterior-mean matrix above the threshold. Threshold 0.01 by default.
 */
public final class ActiveUnits {
    private ActiveUnits() {}

    /** Per-dimension variances, count (a), the PCA spectrum and its count (b). */
    public record Result(double[] variances, double threshold, int countBurda, Pca.Spectrum spectrum) {
        public Result {
            variances = variances.clone();
        }

        @Override public double[] variances() { return variances.clone(); }

        /** Count by definition (b). */
        public int countPca() { return spectrum.countAbove(); }

        /** Columns: index, activity variance (a), PCA eigenvalue (b), both sorted as produced. */
        public Table toTable() {
            IntColumn idx = IntColumn.create("index");
            DoubleColumn v = DoubleColumn.create("variance_of_mean");
            DoubleColumn e = DoubleColumn.create("pca_eigenvalue");
            double[] ev = spectrum.eigenvalues();
            for (int j = 0; j < variances.length; j++) {
                idx.append(j);
                v.append(variances[j]);
                e.append(ev[j]);
            }
            return Table.create("active units: (a) " + countBurda + ", (b) " + countPca() + " above " + threshold,
                    idx, v, e);
        }
    }

    /** Both counts for posterior means given as an (N, k) NDArray, threshold 0.01. */
    public static Result of(ai.djl.ndarray.NDArray mu) {
        return of(PointSet.of("mu", mu).toRows(), 0.01);
    }

    /** Both counts for posterior means {@code mu} (N × k, N ≥ 2) with the threshold 0.01. */
    public static Result of(double[][] mu) {
        return of(mu, 0.01);
    }

    /** Both counts for posterior means {@code mu} with an explicit threshold. */
    public static Result of(double[][] mu, double threshold) {
        int k = Checks.matrix("mu", mu);
        int n = mu.length;
        if (n < 2) {
            throw new IllegalArgumentException("mu: expected at least 2 examples, got " + n);
        }
        double[] mean = new double[k];
        for (double[] row : mu) {
            for (int j = 0; j < k; j++) {
                mean[j] += row[j];
            }
        }
        double[] var = new double[k];
        for (int j = 0; j < k; j++) {
            mean[j] /= n;
        }
        for (double[] row : mu) {
            for (int j = 0; j < k; j++) {
                double t = row[j] - mean[j];
                var[j] += t * t;
            }
        }
        int count = 0;
        for (int j = 0; j < k; j++) {
            var[j] /= n;
            if (var[j] > threshold) {
                count++;
            }
        }
        return new Result(var, threshold, count, Pca.spectrum(mu, threshold));
    }
}
