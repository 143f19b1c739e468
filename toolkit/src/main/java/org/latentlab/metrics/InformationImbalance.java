package org.latentlab.metrics;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Information imbalance Δ(A→B) (Glielmo et al. 2022; DADApy {@code _return_imbalance}; SPEC §M3).
 *
 * <p>For every point i and each of its first k neighbours j in A (stable order: distance, then index), r^B_ij is the
 * position of j in i's distance-sorted list in B under a stable argsort (self at position 0):
 * r = 1 + #{m ≠ i : d_B(i,m) &lt; d_B(i,j)} + #{m ≠ i, m &lt; j : d_B(i,m) = d_B(i,j)}. Δ(A→B) = (2/N)·mean r.
 * Ranks are counted on full neighbour lists (no max-k truncation) from a streamed distance pass, so memory is
 * O(N·block): N = 20,000 needs two 64 MiB buffers. Δ(X→X) = 2/N exactly; Δ ≈ 1 for independent spaces.
 */
public final class InformationImbalance {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InformationImbalance.class);

    private InformationImbalance() {}

    /**
     * Δ(A→B) and Δ(B→A) with k neighbours on N points; also the TwoNN (base, 10 % discarded) of both spaces from the
     * same pass (with duplicate points: from {@link TwoNN#estimate}, which removes them; NaN, with a logged warning,
     * only if a space has fewer than 3 distinct points).
     */
    public record Result(String a, String b, double aToB, double bToA, int k, int n, double idA, double idB) {
        /** One-row table. */
        public Table toTable() {
            return Table.create("information imbalance",
                    StringColumn.create("A", a), StringColumn.create("B", b), IntColumn.create("k", new int[]{k}),
                    IntColumn.create("n", new int[]{n}), DoubleColumn.create("delta_A_to_B", aToB),
                    DoubleColumn.create("delta_B_to_A", bToA));
        }
    }

    /** The subset-averaged variant: mean over disjoint random subsets, with standard errors. */
    public record SubsetResult(String a, String b, double aToB, double bToA, double aToBError, double bToAError,
                               int k, int subsetSize, int subsets, long seed) {
        /** One-row table. */
        public Table toTable() {
            return Table.create("information imbalance (subset-averaged)",
                    StringColumn.create("A", a), StringColumn.create("B", b), IntColumn.create("k", new int[]{k}),
                    IntColumn.create("subset_size", new int[]{subsetSize}), IntColumn.create("subsets", new int[]{subsets}),
                    DoubleColumn.create("delta_A_to_B", aToB), DoubleColumn.create("error_A_to_B", aToBError),
                    DoubleColumn.create("delta_B_to_A", bToA), DoubleColumn.create("error_B_to_A", bToAError));
        }
    }

    /** Δ(A→B), Δ(B→A) for k = 1 on full ranks. */
    public static Result compute(PointSet a, PointSet b) {
        return compute(a, b, 1, PairwiseDistances.Mode.AUTO);
    }

    /** Δ(A→B), Δ(B→A) averaged over each point's first k neighbours, on full ranks. */
    public static Result compute(PointSet a, PointSet b, int k, PairwiseDistances.Mode mode) {
        check(a, b, k);
        int n = a.size();
        int kk = Math.max(k, 2);
        NeighbourScan scan = NeighbourScan.run(List.of(a, b), kk, k, mode);
        double sab = 0.0;
        double sba = 0.0;
        for (int i = 0; i < n; i++) {
            sab += scan.rankSum01[i];
            sba += scan.rankSum10[i];
        }
        double ab = 2.0 * sab / ((double) n * k * n);
        double ba = 2.0 * sba / ((double) n * k * n);
        double idA = twoNnIfDistinct(a, scan.idx[0], kk);
        double idB = twoNnIfDistinct(b, scan.idx[1], kk);
        return new Result(a.name(), b.name(), ab, ba, k, n, idA, idB);
    }

    private static double twoNnIfDistinct(PointSet p, int[] idx, int kk) {
        int n = p.size();
        double[] r = new double[2 * n];
        for (int i = 0; i < n; i++) {
            r[2 * i] = p.distance(i, idx[i * kk]);
            r[2 * i + 1] = p.distance(i, idx[i * kk + 1]);
            if (r[2 * i] == 0.0 || r[2 * i + 1] == 0.0) {
                // duplicates: the TwoNN policy (remove identical points, logged) needs its own neighbour pass
                try {
                    return TwoNN.estimate(p).id();
                } catch (IllegalArgumentException e) {
                    LOG.warn("{}: TwoNN undefined alongside the information imbalance ({}); reported as NaN",
                            p.name(), e.getMessage());
                    return Double.NaN;
                }
            }
            if (r[2 * i] > r[2 * i + 1]) {
                double t = r[2 * i];
                r[2 * i] = r[2 * i + 1];
                r[2 * i + 1] = t;
            }
        }
        return TwoNN.fit(TwoNN.logMus(r), TwoNN.Algorithm.BASE, 0.1);
    }

    /**
     * Information imbalances between many spaces on the same N points (e.g. the layers of a network on the same
     * inputs), k = 1 on full ranks, from one streamed pass in which each space's distances are computed once.
     * {@code delta[a][b]} = Δ(a→b) where {@code pairs[a][b]} was asked for (NaN elsewhere; Δ(a→a) = 2/N);
     * {@code id[s]} the TwoNN (base, 10 % discarded) of space s (duplicates as in {@link #compute}). Each entry equals
     * {@link #compute}{@code (a, b)}.
     */
    public record Matrix(List<String> names, double[][] delta, double[] id) {}

    /** {@link Matrix} for the ordered pairs (a, b) with {@code pairs[a][b]} true. */
    public static Matrix compute(List<PointSet> spaces, boolean[][] pairs) {
        int s = spaces == null ? 0 : spaces.size();
        if (s < 1 || pairs == null || pairs.length != s) {
            throw new IllegalArgumentException("information imbalance matrix: expected " + s
                    + " spaces and an S × S pair mask, got " + (pairs == null ? "no mask" : pairs.length + " rows"));
        }
        for (int a = 0; a < s; a++) {
            if (pairs[a].length != s) {
                throw new IllegalArgumentException("information imbalance matrix: pair mask row " + a + " has "
                        + pairs[a].length + " entries, expected " + s);
            }
            check(spaces.get(0), spaces.get(a), 1);
        }
        int n = spaces.get(0).size();
        int kk = 2;
        int[][] idx = new int[s][n * kk];
        double[][] d2 = new double[s][n * kk];
        double[][][] ranks = new double[s][s][];
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                if (pairs[a][b] && a != b) {
                    ranks[a][b] = new double[n];
                }
            }
        }
        List<PairwiseDistances> sources = new ArrayList<>();
        try {
            for (PointSet p : spaces) {
                sources.add(new PairwiseDistances(p, PairwiseDistances.Mode.AUTO));
            }
            PairwiseDistances.scan(sources, (i, rows, off) -> {
                for (int a = 0; a < s; a++) {
                    NeighbourScan.kSmallest(rows[a], off, n, i, kk, idx[a], d2[a], i * kk);
                }
                for (int a = 0; a < s; a++) {
                    for (int b = 0; b < s; b++) {
                        if (ranks[a][b] != null) {
                            ranks[a][b][i] = NeighbourScan.rankSum(rows[b], off, n, i, idx[a], i * kk, 1);
                        }
                    }
                }
            });
        } finally {
            for (PairwiseDistances p : sources) {
                p.close();
            }
        }
        double[][] delta = new double[s][s];
        double[] id = new double[s];
        List<String> names = new ArrayList<>();
        for (int a = 0; a < s; a++) {
            names.add(spaces.get(a).name());
            id[a] = twoNnIfDistinct(spaces.get(a), idx[a], kk);
            for (int b = 0; b < s; b++) {
                if (a == b && pairs[a][b]) {
                    delta[a][b] = 2.0 / n;
                } else if (ranks[a][b] != null) {
                    delta[a][b] = 2.0 * Special.mean(ranks[a][b]) / n;
                } else {
                    delta[a][b] = Double.NaN;
                }
            }
        }
        return new Matrix(names, delta, id);
    }

    /**
     * DADApy's subset-averaged convenience variant: the points are shuffled with {@code seed} and split into
     * max(1, ⌊N/subsetSize⌋) disjoint subsets of min(N, subsetSize) points (the remainder is unused); full-rank II on
     * each; mean and standard error (sd/√subsets, sd with divisor subsets − 1; 0 for one subset).
     */
    public static SubsetResult subsetAveraged(PointSet a, PointSet b, int k, int subsetSize, long seed) {
        check(a, b, k);
        if (subsetSize < 3) {
            throw new IllegalArgumentException("subsetSize must be ≥ 3, got " + subsetSize);
        }
        int n = a.size();
        int size = Math.min(n, subsetSize);
        int subsets = Math.max(1, n / subsetSize);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double[] ab = new double[subsets];
        double[] ba = new double[subsets];
        for (int s = 0; s < subsets; s++) {
            int[] idx = Arrays.copyOfRange(perm, s * size, (s + 1) * size);
            Result r = compute(a.rows(idx), b.rows(idx), Math.min(k, size - 1), PairwiseDistances.Mode.AUTO);
            ab[s] = r.aToB();
            ba[s] = r.bToA();
        }
        return new SubsetResult(a.name(), b.name(), Special.mean(ab), Special.mean(ba), sem(ab), sem(ba), k, size, subsets, seed);
    }

    /**
     * Relative II difference between consecutive layers (seed 000 Fig. 1 right):
     * ρ_l = (Δ(l→l+1) − Δ(l+1→l)) / ((|Δ(l→l+1)| + |Δ(l+1→l)|)/2), plotted at l + 0.5; negative = compression.
     */
    public static double relativeDifference(double forward, double backward) {
        double den = 0.5 * (Math.abs(forward) + Math.abs(backward));
        if (den == 0.0) {
            throw new IllegalArgumentException("both imbalances are 0: the relative difference is undefined");
        }
        return (forward - backward) / den;
    }

    /** ρ_l for l = 0 … L−2 over a list of layers on the same N points (k = 1, full ranks). */
    public static double[] relativeDifferences(List<PointSet> layers) {
        if (layers == null || layers.size() < 2) {
            throw new IllegalArgumentException("layers: expected at least 2 layers");
        }
        List<Double> out = new ArrayList<>();
        for (int l = 0; l + 1 < layers.size(); l++) {
            Result r = compute(layers.get(l), layers.get(l + 1));
            out.add(relativeDifference(r.aToB(), r.bToA()));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void check(PointSet a, PointSet b, int k) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("information imbalance: spaces A and B must not be null");
        }
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("information imbalance: A (" + a.name() + ") has N = " + a.size()
                    + " points but B (" + b.name() + ") has N = " + b.size() + "; both must describe the same points");
        }
        if (a.size() < 3) {
            throw new IllegalArgumentException("information imbalance needs at least 3 points, got " + a.size());
        }
        if (k < 1 || k > a.size() - 1) {
            throw new IllegalArgumentException("k must be in [1, N−1] = [1, " + (a.size() - 1) + "], got " + k);
        }
        if (a.allIdentical()) {
            throw new IllegalArgumentException(a.name() + ": all points are identical; neighbours in A are undefined");
        }
        if (b.allIdentical()) {
            throw new IllegalArgumentException(b.name() + ": all points are identical; neighbours in B are undefined");
        }
    }



    /** Standard error of the mean (sample sd / √n; 0 for fewer than two values). */
    private static double sem(double[] v) {
        return Special.sampleSd(v) / Math.sqrt(v.length);
    }
}
