package org.latentlab.metrics;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.Arrays;
import java.util.List;

/**
 * Gride multiscale intrinsic dimension (Denti, Doimo, Laio &amp; Mira 2022; DADApy
 * {@code return_id_scaling_gride}; SPEC §M2).
 *
 * <p>At scale i (n1 = 2^i, n2 = 2·n1, i = 0 … ⌊log2(min(range_max, N−1))⌋ − 1), μ = r_{n2}/r_{n1} per point; the
 * maximum-likelihood d solves g(d) = Σ [(1 − n2 + n1)/(1 − μ^{−d}) + n2 − 1]·log μ − (N−1)/d = 0 by bisection on
 * [d0, d1] to the tolerance {@code tol}, with 1 − μ^{−d} floored at 2·tol (DADApy passes its precision there). μ = 1 is
 * nudged by 10·eps, and μ ≥ q50 + 20(q95 − q50) are dropped first (N is then the count kept). Error:
 * 1/√J, J = N/d² + (n2 − n1 − 1)·Σ (log μ)² μ^{−d}/(1 − μ^{−d})² (floor 5·eps). Scale i: the mean of r_{n1} and r_{n2}
 * over points. Scale 0 is the ML TwoNN. Duplicates follow {@link TwoNN.Duplicates}.
 */
public final class Gride {
    private static final double EPS = Math.ulp(1.0);

    private Gride() {}

    /** Settings (validated). */
    public record Config(int rangeMax, double d0, double d1, double tol, TwoNN.Duplicates duplicates,
                         PairwiseDistances.Mode mode) {
        public Config {
            if (rangeMax < 2) {
                throw new IllegalArgumentException("rangeMax must be ≥ 2, got " + rangeMax);
            }
            if (!(d0 > 0 && d1 > d0)) {
                throw new IllegalArgumentException("need 0 < d0 < d1, got d0=" + d0 + ", d1=" + d1);
            }
            if (!(tol > 0)) {
                throw new IllegalArgumentException("tol must be > 0, got " + tol);
            }
            if (duplicates == null || mode == null) {
                throw new IllegalArgumentException("duplicates and mode must not be null");
            }
        }

        /** DADApy defaults: range_max 64, d ∈ [0.001, 1000], tolerance 1e-7. */
        public static Config defaults() {
            return new Config(64, 0.001, 1000, 1e-7, TwoNN.Duplicates.REMOVE, PairwiseDistances.Mode.AUTO);
        }

        public Config withRangeMax(int r) { return new Config(r, d0, d1, tol, duplicates, mode); }
        public Config withDuplicates(TwoNN.Duplicates d) { return new Config(rangeMax, d0, d1, tol, d, mode); }
        public Config withMode(PairwiseDistances.Mode m) { return new Config(rangeMax, d0, d1, tol, duplicates, m); }
    }

    /** Per scale: ID, its error, the scale (mean distance), n2 (the outer rank), and how many μ were dropped. */
    public record Result(String input, double[] ids, double[] errors, double[] scales, int[] ranks, int[] dropped,
                         int n, int duplicatesRemoved) {
        public Result {
            ids = ids.clone();
            errors = errors.clone();
            scales = scales.clone();
            ranks = ranks.clone();
            dropped = dropped.clone();
        }

        @Override public double[] ids() { return ids.clone(); }
        @Override public double[] errors() { return errors.clone(); }
        @Override public double[] scales() { return scales.clone(); }
        @Override public int[] ranks() { return ranks.clone(); }
        @Override public int[] dropped() { return dropped.clone(); }

        /** Columns: rank n2, scale, id, error, dropped. */
        public Table toTable() {
            return Table.create("Gride " + input, IntColumn.create("rank", ranks), DoubleColumn.create("scale", scales),
                    DoubleColumn.create("id", ids), DoubleColumn.create("error", errors),
                    IntColumn.create("dropped", dropped));
        }
    }

    /** Gride with the defaults. */
    public static Result estimate(PointSet x) {
        return estimate(x, Config.defaults());
    }

    /** Gride of {@code x}. */
    public static Result estimate(PointSet x, Config cfg) {
        PointSet clean = TwoNN.removeDuplicates(x, cfg.duplicates(), "Gride");
        int n = clean.size();
        int maxRank = Math.min(cfg.rangeMax(), n - 1);
        int steps = 31 - Integer.numberOfLeadingZeros(maxRank); // ⌊log2 maxRank⌋
        if (steps < 1) {
            throw new IllegalArgumentException(x.name() + ": Gride needs at least 3 points");
        }
        int kk = 1 << steps;
        NeighbourScan scan = NeighbourScan.run(List.of(clean), kk, 0, cfg.mode());
        // exact distances of the kept neighbours, re-sorted (stable) per point
        double[][] dist = new double[n][kk + 1];
        for (int i = 0; i < n; i++) {
            double[] row = dist[i];
            for (int r = 0; r < kk; r++) {
                row[r + 1] = clean.distance(i, scan.idx[0][i * kk + r]);
            }
            Arrays.sort(row, 1, kk + 1);
        }
        double[] ids = new double[steps];
        double[] errs = new double[steps];
        double[] scales = new double[steps];
        int[] ranks = new int[steps];
        int[] dropped = new int[steps];
        for (int s = 0; s < steps; s++) {
            int n1 = 1 << s;
            int n2 = 2 * n1;
            double[] mus = new double[n];
            double sc = 0.0;
            for (int i = 0; i < n; i++) {
                mus[i] = dist[i][n2] / dist[i][n1];
                sc += 0.5 * (dist[i][n1] + dist[i][n2]);
            }
            double[] kept = filter(mus);
            dropped[s] = n - kept.length;
            ids[s] = solve(kept, n1, n2, cfg.d0(), cfg.d1(), cfg.tol());
            errs[s] = 1.0 / Math.sqrt(fisher(ids[s], kept, n1, n2));
            scales[s] = sc / n;
            ranks[s] = n2;
        }
        return new Result(x.name(), ids, errs, scales, ranks, dropped, n, x.size() - n);
    }

    /** Nudges μ = 1 by 10·eps and drops μ ≥ q50 + 20(q95 − q50) (numpy linear quantiles). */
    static double[] filter(double[] mus) {
        double[] m = mus.clone();
        for (int i = 0; i < m.length; i++) {
            if (m[i] == 1.0) {
                m[i] += 10 * EPS;
            }
        }
        double[] sorted = m.clone();
        Arrays.sort(sorted);
        double q50 = quantile(sorted, 0.5);
        double q95 = quantile(sorted, 0.95);
        double cut = q50 + 20 * (q95 - q50);
        return Arrays.stream(m).filter(v -> v < cut).toArray();
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** g(d) of the Gride likelihood (its root is the ML estimate); N = mus.length. */
    static double score(double d, double[] mus, int n1, int n2, double tol) {
        double sum = 0.0;
        for (double mu : mus) {
            double one = 1.0 - Math.pow(mu, -d);
            if (one < 2 * tol) {
                one = 2 * tol;
            }
            sum += ((1 - n2 + n1) / one + n2 - 1.0) * Math.log(mu);
        }
        return sum - (mus.length - 1) / d;
    }

    /** Bisection of g on [d0, d1] to tolerance {@code tol} (DADApy {@code _argmax_loglik}). */
    static double solve(double[] mus, int n1, int n2, double d0, double d1, double tol) {
        double lo = d0;
        double hi = d1;
        double fHi = score(hi, mus, n1, n2, tol);
        while (Math.abs(hi - lo) > tol) {
            double mid = 0.5 * (lo + hi);
            double fMid = score(mid, mus, n1, n2, tol);
            if (fMid * fHi > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** Fisher information J of the Gride likelihood at d. */
    static double fisher(double d, double[] mus, int n1, int n2) {
        double j1 = 0.0;
        for (double mu : mus) {
            double md = Math.pow(mu, -d);
            double one = 1.0 - md;
            if (one < 5 * EPS) {
                one = 5 * EPS;
            }
            double l = Math.log(mu);
            j1 += (l / one) * (l / one) * md;
        }
        return mus.length / (d * d) + (n2 - n1 - 1) * j1;
    }
}
