package org.latentlab.geometry;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.Arrays;

/**
 * PCA spectrum of a data matrix (SPEC §M9(b), seed 003 Fig. 1): the eigenvalues of the sample covariance
 * (centred, divisor N−1, double precision) by cyclic Jacobi rotations, sorted descending, and the number above an
 * absolute threshold (0.01 in the paper). Suited to k ≤ a few hundred columns.
 */
public final class Pca {
    /** The paper's absolute eigenvalue threshold for "active" components. */
    public static final double DEFAULT_THRESHOLD = 0.01;

    private Pca() {}

    /** Eigenvalues (descending) of the covariance, the threshold and the count strictly above it. */
    public record Spectrum(double[] eigenvalues, double threshold, int countAbove) {
        public Spectrum {
            eigenvalues = eigenvalues.clone();
        }

        @Override public double[] eigenvalues() { return eigenvalues.clone(); }

        /** Fraction of total variance explained by the first {@code m} components. */
        public double explained(int m) {
            double total = 0.0;
            double head = 0.0;
            for (int i = 0; i < eigenvalues.length; i++) {
                double v = Math.max(0.0, eigenvalues[i]);
                total += v;
                if (i < m) {
                    head += v;
                }
            }
            return total == 0.0 ? 0.0 : head / total;
        }

        /** Columns: component (1-based), eigenvalue, above (1 if above the threshold). */
        public Table toTable() {
            IntColumn c = IntColumn.create("component");
            DoubleColumn e = DoubleColumn.create("eigenvalue");
            IntColumn a = IntColumn.create("above");
            for (int i = 0; i < eigenvalues.length; i++) {
                c.append(i + 1);
                e.append(eigenvalues[i]);
                a.append(eigenvalues[i] > threshold ? 1 : 0);
            }
            return Table.create("pca spectrum (count above " + threshold + " = " + countAbove + ")", c, e, a);
        }
    }

    /** Spectrum of the covariance of {@code rows} (N × k, N ≥ 2) with the default threshold 0.01. */
    public static Spectrum spectrum(double[][] rows) {
        return spectrum(rows, DEFAULT_THRESHOLD);
    }

    /** Spectrum of the covariance of {@code rows} (N × k, N ≥ 2), counting eigenvalues &gt; {@code threshold}. */
    public static Spectrum spectrum(double[][] rows, double threshold) {
        return spectrum("rows", rows, threshold);
    }

    /**
     * Spectrum of the covariance of {@code rows} (N × k, N ≥ 2), counting eigenvalues &gt; {@code threshold}, with
     * errors naming the input {@code name}. The covariance is computed on the data scaled by an exact power of two
     * (largest column range in [1, 2)) and its eigenvalues scaled back, so values up to 10³⁰⁰ neither overflow nor lose
     * precision in the intermediate sums; an eigenvalue that itself exceeds the double range is an error naming the
     * input, never NaN (tiny eigenvalues round to 0 or a subnormal, as their exact values do).
     */
    public static Spectrum spectrum(String name, double[][] rows, double threshold) {
        if (!(threshold >= 0 && threshold < Double.POSITIVE_INFINITY)) { // a variance: −1 counted every eigenvalue
            throw new IllegalArgumentException(name + ": threshold must be a number in [0, ∞) (a variance), got "
                    + threshold);
        }
        double maxAbs = 0.0;
        double maxRange = 0.0;
        if (rows != null && rows.length > 0 && rows[0] != null) {
            int k = rows[0].length;
            for (int j = 0; j < k; j++) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (double[] r : rows) {
                    if (r != null && r.length == k) {
                        lo = Math.min(lo, r[j]);
                        hi = Math.max(hi, r[j]);
                    }
                }
                maxRange = Math.max(maxRange, hi - lo);
                maxAbs = Math.max(maxAbs, Math.max(Math.abs(lo), Math.abs(hi)));
            }
        }
        // scale so that the largest column range is in [1, 2), keeping every |value| below 2^1000
        int e = 0;
        if (Double.isFinite(maxAbs) && maxAbs > 0.0) {
            e = maxRange > 0.0 && Double.isFinite(maxRange) ? Math.getExponent(maxRange) : Math.getExponent(maxAbs) + 1;
            e = Math.max(e, Math.getExponent(maxAbs) - 1000);
        }
        double[][] scaled = rows;
        if (e != 0) {
            scaled = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                scaled[i] = rows[i] == null ? null : rows[i].clone();
                if (scaled[i] != null) {
                    for (int j = 0; j < scaled[i].length; j++) {
                        scaled[i][j] = Math.scalb(scaled[i][j], -e);
                    }
                }
            }
        }
        double[][] cov;
        try {
            cov = covariance(scaled);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(name + ": " + ex.getMessage().replaceFirst("^rows: ", ""), ex);
        }
        double[] ev = symmetricEigenvalues(cov);
        for (int i = 0; i < ev.length; i++) {
            ev[i] = Math.scalb(ev[i], 2 * e);
            if (!Double.isFinite(ev[i])) {
                throw new IllegalArgumentException(name + ": covariance eigenvalue " + (i + 1) + " overflows double "
                        + "(values up to " + maxAbs + "); rescale the input");
            }
        }
        int count = 0;
        for (double v : ev) {
            if (v > threshold) {
                count++;
            }
        }
        return new Spectrum(ev, threshold, count);
    }

    /** Sample covariance (divisor N−1) of N × k rows, in double; rejects ragged or non-finite input. */
    public static double[][] covariance(double[][] rows) {
        if (rows == null || rows.length < 2) {
            throw new IllegalArgumentException("rows: expected at least 2 rows for a covariance, got "
                    + (rows == null ? "null" : rows.length));
        }
        int n = rows.length;
        int k = rows[0].length;
        if (k == 0) {
            throw new IllegalArgumentException("rows: expected at least one column");
        }
        double[] mean = new double[k];
        for (int i = 0; i < n; i++) {
            if (rows[i] == null || rows[i].length != k) {
                throw new IllegalArgumentException("rows: ragged input, row " + i + " has "
                        + (rows[i] == null ? "null" : rows[i].length) + " columns, expected " + k);
            }
            for (int j = 0; j < k; j++) {
                double v = rows[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("rows: non-finite value " + v + " at (" + i + ", " + j + ")");
                }
                mean[j] += v;
            }
        }
        boolean overflow = false;
        for (int j = 0; j < k; j++) {
            mean[j] /= n;
            overflow |= !Double.isFinite(mean[j]);
        }
        if (overflow) { // the sums overflowed: a running mean cannot
            java.util.Arrays.fill(mean, 0.0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    mean[j] += (rows[i][j] - mean[j]) / (i + 1);
                }
            }
        }
        double[][] cov = new double[k][k];
        double[] c = new double[k];
        for (double[] row : rows) {
            for (int j = 0; j < k; j++) {
                c[j] = row[j] - mean[j];
            }
            for (int a = 0; a < k; a++) {
                double ca = c[a];
                double[] ra = cov[a];
                for (int b = a; b < k; b++) {
                    ra[b] += ca * c[b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                cov[a][b] /= (n - 1);
                cov[b][a] = cov[a][b];
                if (!Double.isFinite(cov[a][b])) {
                    throw new IllegalArgumentException("rows: covariance entry (" + a + ", " + b + ") overflows double; "
                            + "rescale the input (Pca.spectrum does)");
                }
            }
        }
        return cov;
    }

    /** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations, sorted descending. */
    public static double[] symmetricEigenvalues(double[][] symmetric) {
        int k = symmetric.length;
        double[][] a = new double[k][];
        for (int i = 0; i < k; i++) {
            if (symmetric[i].length != k) {
                throw new IllegalArgumentException("matrix: expected square " + k + "×" + k + ", row " + i
                        + " has " + symmetric[i].length);
            }
            a[i] = symmetric[i].clone();
            for (int j = 0; j < k; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException("matrix: non-finite entry " + a[i][j] + " at (" + i + ", " + j
                            + ")");
                }
            }
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0.0;
            double diag = 0.0;
            for (int p = 0; p < k; p++) {
                diag += a[p][p] * a[p][p];
                for (int q = p + 1; q < k; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-30 * Math.max(diag, Double.MIN_NORMAL)) {
                break;
            }
            for (int p = 0; p < k - 1; p++) {
                for (int q = p + 1; q < k; q++) {
                    double apq = a[p][q];
                    if (apq == 0.0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2.0 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
                    if (theta == 0.0) {
                        t = 1.0;
                    }
                    double c = 1.0 / Math.sqrt(t * t + 1.0);
                    double s = t * c;
                    for (int r = 0; r < k; r++) {
                        double arp = a[r][p];
                        double arq = a[r][q];
                        a[r][p] = c * arp - s * arq;
                        a[r][q] = s * arp + c * arq;
                    }
                    for (int r = 0; r < k; r++) {
                        double apr = a[p][r];
                        double aqr = a[q][r];
                        a[p][r] = c * apr - s * aqr;
                        a[q][r] = s * apr + c * aqr;
                    }
                }
            }
        }
        double[] ev = new double[k];
        for (int i = 0; i < k; i++) {
            ev[i] = a[i][i];
        }
        Arrays.sort(ev);
        for (int i = 0; i < k / 2; i++) {
            double tmp = ev[i];
            ev[i] = ev[k - 1 - i];
            ev[k - 1 - i] = tmp;
        }
        return ev;
    }
}
