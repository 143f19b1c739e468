package org.latentlab.metrics;

import org.latentlab.Progress;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.stream.IntStream;

/**
 * Monte Carlo mutual information I_q(z; label) between diagonal Gaussian posteriors and labels (HIT
 * {@code MI_given_dist_q_by_mc}; SPEC §M11), in nats. For each n one z_n ~ q(z|x_n) (seeded), a_c(z_n) =
 * LSE_{m ∈ class c} log q(z_n|x_m), and Î = mean_n [a_{l_n}(z_n) − LSE_c a_c(z_n) − log(N_{l_n}/N)]. Cost O(N²·d),
 * parallel over n. Î ≤ H(label).
 */
public final class MutualInformation {
    private MutualInformation() {}

    /** Î in nats, the label entropy H(label) (its upper bound), N and the seed. */
    public record Result(double mi, double labelEntropy, int n, int classes, long seed) {
        /** One-row table. */
        public Table toTable() {
            return Table.create("I(z; label)", DoubleColumn.create("mi_nats", new double[]{mi}),
                    DoubleColumn.create("label_entropy_nats", new double[]{labelEntropy}),
                    StringColumn.create("n", Integer.toString(n)), StringColumn.create("seed", Long.toString(seed)));
        }
    }

    /** Î_q(z; label) for a batch posterior (NDArrays (N, d)) and labels 0 … C−1. */
    public static Result estimate(org.latentlab.models.Posterior posterior, int[] labels, long seed) {
        if (posterior == null) {
            throw new IllegalArgumentException("posterior must not be null");
        }
        return estimate(PointSet.of("mu", posterior.mu()).toRows(), PointSet.of("logVar", posterior.logVar()).toRows(),
                labels, seed);
    }

    /**
     * Î_q(z; label) for posteriors N(mu, e^{logVar}) (N × d) and labels ≥ 0 (any values: the classes are the
     * distinct labels, so 1-based or sparse labels give the same Î as 0 … C−1). A non-finite estimate (log-variances
     * so far from 0 that σ or the draws leave the double range) is an IllegalArgumentException.
     */
    public static Result estimate(double[][] mu, double[][] logVar, int[] labels, long seed) {
        return estimate(mu, logVar, labels, Gaussians.posteriorDraws(mu, logVar, seed), seed, Progress.NONE);
    }

    /**
     * {@link #estimate(double[][], double[][], int[], long)} reporting points done (of N, each an O(N·d) pass) to
     * {@code progress}, task "mutual information I(z; label)"; the result does not depend on it.
     */
    public static Result estimate(double[][] mu, double[][] logVar, int[] labels, long seed, Progress progress) {
        return estimate(mu, logVar, labels, Gaussians.posteriorDraws(mu, logVar, seed), seed, progress);
    }

    /**
     * Î_q(z; label) with the given posterior draws: {@code draws[n]} is a sample of q(z|x_n) (N × d), e.g. from
     * {@link Gaussians#posteriorDraws} (which {@link #estimate(double[][], double[][], int[], long)} uses) or from a
     * reference implementation. The result's seed is −1.
     */
    public static Result estimate(double[][] mu, double[][] logVar, int[] labels, double[][] draws) {
        return estimate(mu, logVar, labels, draws, -1L, Progress.NONE);
    }

    private static Result estimate(double[][] mu, double[][] logVar, int[] labels, double[][] z, long seed,
                                   Progress progress) {
        Progress report = Progress.orNone(progress);
        Checks.sameShape("mu", mu, "logVar", logVar);
        int n = mu.length;
        Gaussians.checkDraws("draws", z, n, mu[0].length);
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException("labels: expected " + n + " labels, got "
                    + (labels == null ? "null" : labels.length));
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("labels: negative label " + labels[i] + " at " + i);
            }
        }
        // classes = the distinct labels (a label 2·10⁹ must not allocate 2·10⁹ classes; an absent class adds nothing)
        int[] distinct = java.util.Arrays.stream(labels).distinct().sorted().toArray();
        int classes = distinct.length;
        int[] dense = new int[n];
        int[] counts = new int[classes];
        for (int i = 0; i < n; i++) {
            dense[i] = java.util.Arrays.binarySearch(distinct, labels[i]);
            counts[dense[i]]++;
        }
        double hl = 0.0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                hl -= p * Math.log(p);
            }
        }
        final int nc = classes;
        double[] contrib = new double[n];
        String task = "mutual information I(z; label)";
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        report.update(task, 0, n);
        IntStream.range(0, n).parallel().forEach(i -> {
            double[] lq = new double[n];
            for (int m = 0; m < n; m++) {
                lq[m] = Gaussians.logDensity(z[i], mu[m], logVar[m]);
            }
            double[] max = new double[nc];
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
            for (int m = 0; m < n; m++) {
                max[dense[m]] = Math.max(max[dense[m]], lq[m]);
            }
            double[] sum = new double[nc];
            for (int m = 0; m < n; m++) {
                sum[dense[m]] += Math.exp(lq[m] - max[dense[m]]);
            }
            double[] a = new double[nc];
            for (int c = 0; c < nc; c++) {
                a[c] = sum[c] > 0 ? max[c] + Math.log(sum[c]) : Double.NEGATIVE_INFINITY;
            }
            int l = dense[i];
            contrib[i] = a[l] - Special.logSumExp(a) - Math.log((double) counts[l] / n);
            report.update(task, done.incrementAndGet(), n);
        });
        double s = 0.0;
        for (double v : contrib) {
            s += v;
        }
        if (!Double.isFinite(s)) {
            throw new IllegalArgumentException("mutual information: the estimate is " + s / n + "; a log-variance is too "
                    + "far from 0 for σ = e^{logVar/2} and the draws to be finite doubles");
        }
        return new Result(s / n, hl, n, classes, seed);
    }
}
