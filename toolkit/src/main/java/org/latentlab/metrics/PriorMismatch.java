package org.latentlab.metrics;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.stream.IntStream;

/**
 * Prior-mismatch statistics of SPEC §2(c) for a VAE with prior N(0, I) and diagonal Gaussian posteriors
 * q(z|x_m) = N(μ_m, e^{logVar_m}), all in nats: norm statistics against the chi distribution, per-dimension aggregate
 * variance, the Gaussian-fit KL, the hole score KL(p ‖ q) with the mixture q(z) = (1/M) Σ_m q(z|x_m), ELBO surgery
 * (marginal KL and Î_q(x; z), capped at log M), and coverage. Monte Carlo quantities take an explicit seed.
 */
public final class PriorMismatch {
    private PriorMismatch() {}

    /** ‖z‖ statistics (sd with divisor n − 1) next to the chi_d mean and sd. */
    public record NormStats(double meanNorm, double sdNorm, double chiMean, double chiSd, int dimension, int n) {
        /** One-row table. */
        public Table toTable() {
            return Table.create("norms vs chi_" + dimension, DoubleColumn.create("mean_norm", new double[]{meanNorm}),
                    DoubleColumn.create("sd_norm", new double[]{sdNorm}),
                    DoubleColumn.create("chi_mean", new double[]{chiMean}),
                    DoubleColumn.create("chi_sd", new double[]{chiSd}));
        }
    }

    /** A Monte Carlo estimate (nats) with its standard error, sample count and mixture size. */
    public record Estimate(String quantity, double value, double standardError, int samples, int components,
                           long seed) {
        /** One-row table. */
        public Table toTable() {
            return Table.create(quantity, StringColumn.create("quantity", quantity),
                    DoubleColumn.create("value", new double[]{value}),
                    DoubleColumn.create("standard_error", new double[]{standardError}),
                    DoubleColumn.create("samples", new double[]{samples}),
                    DoubleColumn.create("components", new double[]{components}));
        }
    }

    /** ELBO surgery: mean KL(q(z|x)‖p) = KL(q(z)‖p) + Î_q(x; z); Î is biased low and capped at log M. */
    public record ElboSurgery(double meanKl, double mutualInformation, double marginalKl, double cap, long seed) {
        /** One row per quantity. */
        public Table toTable() {
            return Table.create("ELBO surgery (nats)",
                    StringColumn.create("quantity", "mean KL(q(z|x)||p)", "I_q(x;z)", "KL(q(z)||p)", "cap log M"),
                    DoubleColumn.create("nats", meanKl, mutualInformation, marginalKl, cap));
        }
    }

    /** Coverage: fraction of prior samples whose smallest Mahalanobis² to a posterior is ≤ χ²_d(level). */
    public record Coverage(double fraction, double threshold, double level, int samples, long seed) {
        /** One-row table. */
        public Table toTable() {
            return Table.create("coverage", DoubleColumn.create("fraction", new double[]{fraction}),
                    DoubleColumn.create("chi2_threshold", new double[]{threshold}),
                    DoubleColumn.create("level", new double[]{level}));
        }
    }

    /** Norms of the rows of {@code z} against chi_D. */
    public static NormStats norms(double[][] z) {
        int d = Checks.matrix("z", z);
        return norms(z, IntStream.range(0, d).toArray());
    }

    /** Norms of the rows restricted to {@code dims} (e.g. the active subspace) against chi_{|dims|}. */
    public static NormStats norms(double[][] z, int[] dims) {
        int d = Checks.matrix("z", z);
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("dims: expected at least one dimension");
        }
        for (int j : dims) {
            if (j < 0 || j >= d) {
                throw new IllegalArgumentException("dims: " + j + " out of range [0, " + d + ")");
            }
        }
        int n = z.length;
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0.0;
            for (int j : dims) {
                s += z[i][j] * z[i][j];
            }
            norm[i] = Math.sqrt(s);
        }
        return new NormStats(Special.mean(norm), Special.sampleSd(norm), Special.chiMean(dims.length),
                Special.chiSd(dims.length), dims.length, n);
    }

    /** v_j = Var_x μ_j + E_x σ_j² (divisor N); a matched prior has v_j = 1. */
    public static double[] aggregateVariance(double[][] mu, double[][] logVar) {
        Checks.sameShape("mu", mu, "logVar", logVar);
        int n = mu.length;
        int d = mu[0].length;
        double[] mean = new double[d];
        double[] ev = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += mu[i][j] / n;
                ev[j] += Math.exp(logVar[i][j]) / n;
            }
        }
        double[] v = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double t = mu[i][j] - mean[j];
                v[j] += t * t / n;
            }
        }
        for (int j = 0; j < d; j++) {
            v[j] += ev[j];
        }
        return v;
    }

    /** Gaussian-fit KL(N(m, S) ‖ N(0, I)) = ½(tr S + mᵀm − d − log det S) of samples z (S with divisor N − 1). */
    public static double gaussianFitKl(double[][] z) {
        int d = Checks.matrix("z", z);
        int n = z.length;
        if (n <= d) {
            throw new IllegalArgumentException("z: need more samples than dimensions for a covariance, got " + n
                    + " × " + d);
        }
        double[] m = new double[d];
        for (double[] row : z) {
            for (int j = 0; j < d; j++) {
                m[j] += row[j] / n;
            }
        }
        double[][] s = new double[d][d];
        for (double[] row : z) {
            for (int a = 0; a < d; a++) {
                double ca = row[a] - m[a];
                for (int b = 0; b <= a; b++) {
                    s[a][b] += ca * (row[b] - m[b]);
                }
            }
        }
        double tr = 0.0;
        double mm = 0.0;
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                s[a][b] /= (n - 1);
                s[b][a] = s[a][b];
            }
            tr += s[a][a];
            mm += m[a] * m[a];
        }
        return 0.5 * (tr + mm - d - logDetCholesky(s));
    }

    static double logDetCholesky(double[][] s) {
        int d = s.length;
        double[][] l = new double[d][d];
        double logDet = 0.0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = s[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        throw new IllegalArgumentException("covariance is not positive definite (degenerate samples)");
                    }
                    l[i][i] = Math.sqrt(sum);
                    logDet += 2 * Math.log(l[i][i]);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return logDet;
    }

    /** log q(z) of the mixture (1/M) Σ_m N(z; μ_m, e^{logVar_m}). */
    static double logMixture(double[] z, double[][] mu, double[][] logVar) {
        double[] lq = new double[mu.length];
        for (int m = 0; m < mu.length; m++) {
            lq[m] = Gaussians.logDensity(z, mu[m], logVar[m]);
        }
        return Special.logSumExp(lq) - Math.log(mu.length);
    }

    /** Hole score KL(p ‖ q) = E_{z~p}[log p(z) − log q(z)] over {@code samples} prior draws. */
    public static Estimate holeScore(double[][] mu, double[][] logVar, int samples, long seed) {
        Checks.sameShape("mu", mu, "logVar", logVar);
        if (samples < 2) {
            throw new IllegalArgumentException("samples must be ≥ 2, got " + samples);
        }
        return holeScore(mu, logVar, Gaussians.priorDraws(samples, mu[0].length, seed), seed);
    }

    /**
     * Hole score over the given prior draws z_s ~ N(0, I) (S × d, S ≥ 2), e.g. {@link Gaussians#priorDraws} (what the
     * seeded overload uses) or a reference's; the estimate's seed is −1.
     */
    public static Estimate holeScore(double[][] mu, double[][] logVar, double[][] priorDraws) {
        return holeScore(mu, logVar, priorDraws, -1L);
    }

    private static Estimate holeScore(double[][] mu, double[][] logVar, double[][] z, long seed) {
        Checks.sameShape("mu", mu, "logVar", logVar);
        Gaussians.checkDraws("prior draws", z, -1, mu[0].length);
        int samples = z.length;
        if (samples < 2) {
            throw new IllegalArgumentException("prior draws: expected at least 2, got " + samples);
        }
        double[] v = new double[samples];
        IntStream.range(0, samples).parallel().forEach(s ->
                v[s] = Gaussians.logStandardDensity(z[s]) - logMixture(z[s], mu, logVar));
        return new Estimate("KL(p||q)", Special.mean(v), Special.sampleSd(v) / Math.sqrt(samples), samples,
                mu.length, seed);
    }

    /** ELBO surgery with one z_n ~ q(z|x_n) per component n. */
    public static ElboSurgery elboSurgery(double[][] mu, double[][] logVar, long seed) {
        return elboSurgery(mu, logVar, Gaussians.posteriorDraws(mu, logVar, seed), seed);
    }

    /**
     * ELBO surgery with the given posterior draws ({@code draws[n]} ~ q(z|x_n), N × d), e.g.
     * {@link Gaussians#posteriorDraws}; the result's seed is −1.
     */
    public static ElboSurgery elboSurgery(double[][] mu, double[][] logVar, double[][] posteriorDraws) {
        return elboSurgery(mu, logVar, posteriorDraws, -1L);
    }

    private static ElboSurgery elboSurgery(double[][] mu, double[][] logVar, double[][] z, long seed) {
        Rates.SingleLayer rate = Rates.singleLayer(mu, logVar);
        int n = mu.length;
        Gaussians.checkDraws("posterior draws", z, n, mu[0].length);
        double[] v = new double[n];
        IntStream.range(0, n).parallel().forEach(i ->
                v[i] = Gaussians.logDensity(z[i], mu[i], logVar[i]) - logMixture(z[i], mu, logVar));
        double mi = Special.mean(v);
        return new ElboSurgery(rate.rate(), mi, rate.rate() - mi, Math.log(n), seed);
    }

    /** Coverage at the 0.99 level. */
    public static Coverage coverage(double[][] mu, double[][] logVar, int samples, long seed) {
        return coverage(mu, logVar, samples, 0.99, seed);
    }

    /** Fraction of z ~ p with min_n Σ_j ((z_j − μ_nj)/σ_nj)² ≤ χ²_d(level). */
    public static Coverage coverage(double[][] mu, double[][] logVar, int samples, double level, long seed) {
        Checks.sameShape("mu", mu, "logVar", logVar);
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be ≥ 1, got " + samples);
        }
        return coverage(mu, logVar, Gaussians.priorDraws(samples, mu[0].length, seed), level, seed);
    }

    /**
     * Coverage over the given prior draws (S × d), e.g. {@link Gaussians#priorDraws} (what the seeded overload uses);
     * the result's seed is −1.
     */
    public static Coverage coverage(double[][] mu, double[][] logVar, double[][] priorDraws, double level) {
        return coverage(mu, logVar, priorDraws, level, -1L);
    }

    private static Coverage coverage(double[][] mu, double[][] logVar, double[][] z, double level, long seed) {
        Checks.sameShape("mu", mu, "logVar", logVar);
        int d = mu[0].length;
        Gaussians.checkDraws("prior draws", z, -1, d);
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level: expected a probability in (0, 1), got " + level);
        }
        int samples = z.length;
        double thr = Special.chiSquareQuantile(level, d);
        long covered = IntStream.range(0, samples).parallel().filter(s -> {
            double best = Double.POSITIVE_INFINITY;
            for (int m = 0; m < mu.length && best > thr; m++) {
                double q = 0.0;
                for (int j = 0; j < d && q < best; j++) {
                    double t = z[s][j] - mu[m][j];
                    q += t * t * Math.exp(-logVar[m][j]);
                }
                best = Math.min(best, q);
            }
            return best <= thr;
        }).count();
        return new Coverage((double) covered / samples, thr, level, samples, seed);
    }
}
