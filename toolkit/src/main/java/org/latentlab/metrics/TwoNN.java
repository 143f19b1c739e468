package org.latentlab.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * TwoNN intrinsic dimension (Facco et al. 2017; DADApy {@code compute_id_2NN}; SPEC §M1).
 *
 * <p>For each point μ_i = r2/r1 (Euclidean distances to its first and second neighbours, self excluded by index,
 * exact difference form in double). {@link Algorithm#BASE}: sort log μ, keep the first ⌊(1 − discard)·N⌋ values x_k
 * (DADApy's {@code mu_fraction} = 1 − discard, 0.9 by default) with y_k = −log(1 − k/N), and fit the slope through
 * the origin d̂ = Σ x_k y_k / Σ x_k². {@link Algorithm#ML}: d̂ = (N − 1)/Σ log μ_i. With a data fraction f &lt; 1
 * (decimation), neighbours are recomputed on ⌊1/f⌉ random subsets of round(f·N) points and the result is their mean
 * with the standard error std/√reps (DADApy convention, population std).
 *
 * <p><b>Identical points.</b> An exact duplicate row has r1 = 0 and μ = ∞. Policy {@link Duplicates#REMOVE}
 * (default) drops every repeated row before the neighbour search (keeping the first occurrence, as DADApy's
 * {@code remove_identical_points}) and reports the count; {@link Duplicates#FAIL} throws. Because only exact duplicates
 * produce a zero exact distance, no NaN or ∞ can reach the fit; fewer than 3 distinct points is an error.
 */
public final class TwoNN {
    private static final Logger LOG = LoggerFactory.getLogger(TwoNN.class);

    private TwoNN() {}

    /** Least-squares fit on the kept fraction, or maximum likelihood on all points. */
    public enum Algorithm { BASE, ML }

    /** What to do with exact duplicate points. */
    public enum Duplicates { REMOVE, FAIL }

    /** Estimator settings (validated). */
    public record Config(Algorithm algorithm, double discardFraction, double dataFraction, long seed,
                         Duplicates duplicates, PairwiseDistances.Mode mode) {
        public Config {
            if (algorithm == null || duplicates == null || mode == null) {
                throw new IllegalArgumentException("algorithm, duplicates and mode must not be null");
            }
            if (!(discardFraction >= 0.0 && discardFraction < 1.0)) {
                throw new IllegalArgumentException("discardFraction must be in [0, 1), got " + discardFraction);
            }
            if (!(dataFraction > 0.0 && dataFraction <= 1.0)) {
                throw new IllegalArgumentException("dataFraction must be in (0, 1], got " + dataFraction);
            }
        }

        /** DADApy defaults: base fit, 10 % discarded, no decimation, duplicates removed, automatic distances. */
        public static Config defaults() {
            return new Config(Algorithm.BASE, 0.1, 1.0, 0L, Duplicates.REMOVE, PairwiseDistances.Mode.AUTO);
        }

        public Config withAlgorithm(Algorithm a) { return new Config(a, discardFraction, dataFraction, seed, duplicates, mode); }
        public Config withDiscardFraction(double f) { return new Config(algorithm, f, dataFraction, seed, duplicates, mode); }
        public Config withDataFraction(double f) { return new Config(algorithm, discardFraction, f, seed, duplicates, mode); }
        public Config withSeed(long s) { return new Config(algorithm, discardFraction, dataFraction, s, duplicates, mode); }
        public Config withDuplicates(Duplicates d) { return new Config(algorithm, discardFraction, dataFraction, seed, d, mode); }
        public Config withMode(PairwiseDistances.Mode m) { return new Config(algorithm, discardFraction, dataFraction, seed, duplicates, m); }
    }

    /**
     * The estimate: {@code id} (dimensionless), its standard error (0 without decimation), N used (after duplicate
     * removal), duplicates removed, repetitions, and the scale = mean of r1 and r2 over points.
     */
    public record Result(String input, double id, double error, int n, int duplicatesRemoved, int repetitions,
                         double scale, Config config) {
        /** One-row table with every field. */
        public Table toTable() {
            return Table.create("TwoNN " + input,
                    StringColumn.create("input", input),
                    StringColumn.create("algorithm", config.algorithm().name().toLowerCase()),
                    DoubleColumn.create("id", id),
                    DoubleColumn.create("error", error),
                    DoubleColumn.create("n", new double[]{n}),
                    DoubleColumn.create("duplicates_removed", new double[]{duplicatesRemoved}),
                    DoubleColumn.create("repetitions", new double[]{repetitions}),
                    DoubleColumn.create("discard_fraction", config.discardFraction()),
                    DoubleColumn.create("data_fraction", config.dataFraction()),
                    DoubleColumn.create("scale", scale));
        }
    }

    /** TwoNN with the default configuration. */
    public static Result estimate(PointSet x) {
        return estimate(x, Config.defaults());
    }

    /** TwoNN of {@code x} under {@code cfg}. */
    public static Result estimate(PointSet x, Config cfg) {
        PointSet clean = removeDuplicates(x, cfg.duplicates(), "TwoNN");
        int dup = x.size() - clean.size();
        int n = clean.size();
        if (cfg.dataFraction() >= 1.0) {
            double[] r = firstTwo(clean, cfg.mode());
            double id = fit(logMus(r), cfg.algorithm(), cfg.discardFraction());
            return new Result(x.name(), id, 0.0, n, dup, 1, meanScale(r), cfg);
        }
        int reps = (int) Math.round(1.0 / cfg.dataFraction());
        int sub = (int) Math.round(cfg.dataFraction() * n);
        if (sub < 3) {
            throw new IllegalArgumentException(x.name() + ": data fraction " + cfg.dataFraction() + " of " + n
                    + " points leaves " + sub + " points; TwoNN needs at least 3");
        }
        Random rnd = new Random(cfg.seed());
        double[] ids = new double[reps];
        double scale = 0.0;
        for (int rep = 0; rep < reps; rep++) {
            int[] idx = sample(n, sub, rnd);
            double[] r = firstTwo(clean.rows(idx), cfg.mode());
            ids[rep] = fit(logMus(r), cfg.algorithm(), cfg.discardFraction());
            scale += meanScale(r) / reps;
        }
        double mean = Arrays.stream(ids).average().orElseThrow();
        double var = 0.0;
        for (double v : ids) {
            var += (v - mean) * (v - mean);
        }
        double err = Math.sqrt(var / reps) / Math.sqrt(reps);
        return new Result(x.name(), mean, err, sub, dup, reps, scale, cfg);
    }

    /** Posterior of the Bayesian TwoNN: mean, sd and mode of the Gamma posterior over d. */
    public record Bayesian(String input, double mean, double sd, double mode, double alpha, double beta, int n) {
        /** One-row table. */
        public Table toTable() {
            return Table.create("Bayesian TwoNN " + input, DoubleColumn.create("posterior_mean", new double[]{mean}),
                    DoubleColumn.create("posterior_sd", new double[]{sd}),
                    DoubleColumn.create("posterior_mode", new double[]{mode}));
        }
    }

    /**
     * Bayesian TwoNN (DADApy {@code compute_id_2NN_wprior}; SPEC §H.1): with a Gamma(α, β) prior on d and the Pareto
     * likelihood of μ, the posterior is Gamma(α + N, β + Σ log μ_i); mean (α+N)/(β+Σ log μ), sd √(α+N)/(β+Σ log μ),
     * mode (α+N−1)/(β+Σ log μ). DADApy's defaults are α = 2, β = 5. Duplicates are removed as in {@link #estimate}.
     */
    public static Bayesian bayesian(PointSet x, double alpha, double beta) {
        if (!(alpha > 0 && beta > 0)) {
            throw new IllegalArgumentException("Gamma prior needs alpha > 0 and beta > 0, got " + alpha + ", " + beta);
        }
        PointSet clean = removeDuplicates(x, Duplicates.REMOVE, "Bayesian TwoNN");
        double sum = 0.0;
        for (double v : logMus(firstTwo(clean, PairwiseDistances.Mode.AUTO))) {
            sum += v;
        }
        int n = clean.size();
        double a = alpha + n;
        double b = beta + sum;
        return new Bayesian(x.name(), a / b, Math.sqrt(a) / b, (a - 1) / b, alpha, beta, n);
    }

    /**
     * The fit from the log-ratios log(r2/r1) of N points: BASE (least squares through the origin on the smallest
     * ⌊(1 − discard)·N⌋ values) or ML ((N−1)/Σ log μ).
     */
    public static double fit(double[] logMu, Algorithm algorithm, double discardFraction) {
        int n = logMu.length;
        if (n < 3) {
            throw new IllegalArgumentException("TwoNN needs at least 3 points, got " + n);
        }
        for (double v : logMu) {
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("log mu must be finite and ≥ 0, got " + v);
            }
        }
        if (algorithm == Algorithm.ML) {
            double s = 0.0;
            for (double v : logMu) {
                s += v;
            }
            if (s == 0.0) {
                throw new IllegalArgumentException("all mu = 1 (every point equidistant from its two neighbours): "
                        + "the ML TwoNN is undefined");
            }
            return (n - 1) / s;
        }
        double[] x = logMu.clone();
        Arrays.sort(x);
        int keep = (int) ((1.0 - discardFraction) * n + 1e-9);
        keep = Math.min(Math.max(keep, 1), n - 1);
        double sxy = 0.0;
        double sxx = 0.0;
        for (int k = 1; k <= keep; k++) {
            double xv = x[k - 1];
            double y = -Math.log1p(-(double) k / n);
            sxy += xv * y;
            sxx += xv * xv;
        }
        if (sxx == 0.0) {
            throw new IllegalArgumentException("all kept mu = 1: the TwoNN fit is undefined");
        }
        return sxy / sxx;
    }

    /** log(r2/r1) for the pairs (r1, r2) stored as r[2i], r[2i+1]. */
    static double[] logMus(double[] r) {
        double[] out = new double[r.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log(r[2 * i + 1] / r[2 * i]);
        }
        return out;
    }

    private static double meanScale(double[] r) {
        double s = 0.0;
        for (double v : r) {
            s += v;
        }
        return s / r.length;
    }

    /** Exact distances (r1, r2) per point, interleaved; the neighbours are chosen on the distance path in use. */
    static double[] firstTwo(PointSet x, PairwiseDistances.Mode mode) {
        NeighbourScan scan = NeighbourScan.run(List.of(x), 2, 0, mode);
        return exactFirstTwo(x, scan.idx[0], scan.kk);
    }

    static double[] exactFirstTwo(PointSet x, int[] idx, int kk) {
        int n = x.size();
        double[] r = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double a = x.distance(i, idx[i * kk]);
            double b = x.distance(i, idx[i * kk + 1]);
            r[2 * i] = Math.min(a, b);
            r[2 * i + 1] = Math.max(a, b);
            if (r[2 * i] == 0.0) {
                throw new IllegalStateException(x.name() + ": zero nearest-neighbour distance at point " + i
                        + " after duplicate removal");
            }
        }
        return r;
    }

    /** Applies the duplicate policy: the distinct rows (first occurrences), or an error naming the input. */
    static PointSet removeDuplicates(PointSet x, Duplicates policy, String who) {
        if (x.size() < 3) {
            throw new IllegalArgumentException(x.name() + ": " + who + " needs at least 3 points, got " + x.size());
        }
        int[] keep = x.distinctRows();
        if (keep.length == 1) {
            throw new IllegalArgumentException(x.name() + ": all " + x.size() + " points are identical; "
                    + who + " is undefined");
        }
        if (keep.length == x.size()) {
            return x;
        }
        if (policy == Duplicates.FAIL) {
            throw new IllegalArgumentException(x.name() + ": " + (x.size() - keep.length)
                    + " duplicate points (zero distances) and the duplicate policy is FAIL");
        }
        if (keep.length < 3) {
            throw new IllegalArgumentException(x.name() + ": only " + keep.length + " distinct points; "
                    + who + " needs at least 3");
        }
        LOG.info("{}: removed {} duplicate points of {} before {}", x.name(), x.size() - keep.length, x.size(), who);
        return x.rows(keep);
    }

    static int[] sample(int n, int m, Random rnd) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = Arrays.copyOf(perm, m);
        Arrays.sort(out);
        return out;
    }
}
