package org.latentlab.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One streamed pass over the pairwise distances of one or two spaces on the same N points, keeping per point its
 * first {@code kk} neighbours in every space (stable order: by distance, then by index; self excluded by index) and,
 * for two spaces, the neighbour ranks of M3 in the other space. Memory: O(N·kk) plus the O(block·N) distance buffers.
 */
final class NeighbourScan {
    /** Neighbour indices {@code idx[s][i·kk + r]} and squared distances of the same layout, per space. */
    final int[][] idx;
    final double[][] d2;
    final int kk;
    final int n;
    /** For two spaces: Σ_r rank in space 1 of point i's r-th neighbour in space 0, r &lt; kRanks (and reverse). */
    final double[] rankSum01;
    final double[] rankSum10;
    final int kRanks;

    private NeighbourScan(int n, int kk, int spaces, int kRanks) {
        this.n = n;
        this.kk = kk;
        this.kRanks = kRanks;
        idx = new int[spaces][n * kk];
        d2 = new double[spaces][n * kk];
        rankSum01 = spaces == 2 ? new double[n] : null;
        rankSum10 = spaces == 2 ? new double[n] : null;
    }

    /**
     * Runs the scan: {@code kk} nearest neighbours per space; if two spaces are given, ranks for the first
     * {@code kRanks} ≤ kk neighbours in both directions.
     */
    static NeighbourScan run(List<PointSet> spaces, int kk, int kRanks, PairwiseDistances.Mode mode) {
        int n = spaces.get(0).size();
        if (kk < 1 || kk > n - 1) {
            throw new IllegalArgumentException("neighbour count " + kk + " must be in [1, N−1] = [1, " + (n - 1) + "]");
        }
        NeighbourScan out = new NeighbourScan(n, kk, spaces.size(), kRanks);
        List<PairwiseDistances> sources = new ArrayList<>();
        try {
            for (PointSet p : spaces) {
                sources.add(new PairwiseDistances(p, mode));
            }
            PairwiseDistances.scan(sources, (i, rows, off) -> {
                for (int s = 0; s < rows.length; s++) {
                    PairwiseDistances src = sources.get(s);
                    if (src.approximate()) {
                        selectRefined(src, rows[s], off, n, i, kk, out.idx[s], out.d2[s], i * kk);
                    } else {
                        kSmallest(rows[s], off, n, i, kk, out.idx[s], out.d2[s], i * kk);
                    }
                }
                if (rows.length == 2) {
                    PairwiseDistances e1 = sources.get(1).approximate() ? sources.get(1) : null;
                    PairwiseDistances e0 = sources.get(0).approximate() ? sources.get(0) : null;
                    out.rankSum01[i] = rankSum(rows[1], off, n, i, out.idx[0], i * kk, kRanks, e1);
                    out.rankSum10[i] = rankSum(rows[0], off, n, i, out.idx[1], i * kk, kRanks, e0);
                }
            });
        } finally {
            for (PairwiseDistances s : sources) {
                s.close();
            }
        }
        return out;
    }

    /** Extra candidates kept beyond the k nearest, so that the refinement band usually fits in one pass. */
    private static final int SPARE = 8;

    /**
     * The k nearest of an approximate (GEMM) row, as the exact mode would choose them: the k + {@link #SPARE} smallest
     * approximate values are taken, every one within the rounding band of the k-th ({@link PairwiseDistances#TAU}) is
     * recomputed exactly, and the k smallest of those are kept. If the band holds more candidates than that (many
     * near-ties), the whole row is refined ({@link PairwiseDistances#refineBelow}) and searched again.
     */
    static void selectRefined(PairwiseDistances src, double[] row, int off, int n, int self, int k, int[] idx,
                              double[] val, int outOff) {
        int m = Math.min(n - 1, k + SPARE);
        int[] ci = new int[m];
        double[] cv = new double[m];
        kSmallest(row, off, n, self, m, ci, cv, 0);
        double lim = cv[k - 1] * (1.0 + 4.0 * PairwiseDistances.TAU);
        if (m < n - 1 && cv[m - 1] <= lim) {
            src.refineBelow(self, row, off, cv[k - 1]);
            kSmallest(row, off, n, self, k, idx, val, outOff);
            return;
        }
        for (int q = 0; q < m && cv[q] <= lim; q++) {
            cv[q] = src.exactSquared(self, ci[q]);
            row[off + ci[q]] = cv[q];
        }
        // insertion sort of the candidates by (value, index); the first k are the nearest
        for (int q = 1; q < m; q++) {
            double v = cv[q];
            int c = ci[q];
            int p = q;
            while (p > 0 && (cv[p - 1] > v || (cv[p - 1] == v && ci[p - 1] > c))) {
                cv[p] = cv[p - 1];
                ci[p] = ci[p - 1];
                p--;
            }
            cv[p] = v;
            ci[p] = c;
        }
        System.arraycopy(ci, 0, idx, outOff, k);
        System.arraycopy(cv, 0, val, outOff, k);
    }

    /** The k smallest (value, index) pairs of row[off..off+n) excluding {@code self}, sorted lexicographically. */
    static void kSmallest(double[] row, int off, int n, int self, int k, int[] idx, double[] val, int outOff) {
        int cnt = 0;
        for (int m = 0; m < n; m++) {
            if (m == self) {
                continue;
            }
            double v = row[off + m];
            int p;
            if (cnt < k) {
                p = cnt++;
            } else if (v < val[outOff + k - 1]) {
                p = k - 1;
            } else {
                continue;
            }
            // m exceeds every index already kept, so among equal values it goes last: shift only strictly larger
            while (p > 0 && val[outOff + p - 1] > v) {
                val[outOff + p] = val[outOff + p - 1];
                idx[outOff + p] = idx[outOff + p - 1];
                p--;
            }
            val[outOff + p] = v;
            idx[outOff + p] = m;
        }
    }

    /**
     * Σ over the first {@code k} targets j (from {@code targets[tOff..]}) of the rank of j in {@code row}:
     * 1 + #{m ≠ i : d(m) &lt; d(j)} + #{m ≠ i, m &lt; j : d(m) = d(j)} (SPEC §M3, a stable argsort's position).
     */
    static double rankSum(double[] row, int off, int n, int self, int[] targets, int tOff, int k) {
        return rankSum(row, off, n, self, targets, tOff, k, null);
    }

    /**
     * {@link #rankSum} on an approximate (GEMM) row when {@code exact} is not null: the targets and every entry within
     * the rounding band of a target are recomputed exactly first, so the ranks are the exact mode's.
     */
    static double rankSum(double[] row, int off, int n, int self, int[] targets, int tOff, int k,
                          PairwiseDistances exact) {
        if (exact != null && k > 1) {
            for (int q = 0; q < k; q++) {
                exact.refineAround(self, row, off, targets[tOff + q]);
            }
        }
        if (k == 1) {
            int j = targets[tOff];
            if (exact != null) {
                row[off + j] = exact.exactSquared(self, j);
            }
            double dj = row[off + j];
            double lo = dj * (1.0 - 4.0 * PairwiseDistances.TAU);
            double hi = dj * (1.0 + 4.0 * PairwiseDistances.TAU);
            long r = 1;
            for (int m = 0; m < n; m++) {
                double v = row[off + m];
                if (exact != null && v >= lo && v <= hi && m != j && m != self) {
                    v = exact.exactSquared(self, m);
                    row[off + m] = v;
                }
                if (v < dj || (v == dj && m < j)) {
                    r++;
                }
            }
            // self: d(i,i) = 0 ≤ d(j); it was counted if 0 < dj or (0 == dj and i < j)
            double di = row[off + self];
            if (di < dj || (di == dj && self < j)) {
                r--;
            }
            return r;
        }
        double[] tv = new double[k];
        int[] ti = new int[k];
        Integer[] order = new Integer[k];
        for (int q = 0; q < k; q++) {
            order[q] = q;
        }
        Arrays.sort(order, (x, y) -> {
            int jx = targets[tOff + x];
            int jy = targets[tOff + y];
            int c = Double.compare(row[off + jx], row[off + jy]);
            return c != 0 ? c : Integer.compare(jx, jy);
        });
        for (int q = 0; q < k; q++) {
            ti[q] = targets[tOff + order[q]];
            tv[q] = row[off + ti[q]];
        }
        // cnt[p] = number of m whose (d, m) sits just before sorted target p (i.e. counts for targets p..k-1)
        long[] cnt = new long[k + 1];
        for (int m = 0; m < n; m++) {
            if (m == self) {
                continue;
            }
            double v = row[off + m];
            int lo = 0;
            int hi = k;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                // is (v, m) < (tv[mid], ti[mid]) ?
                if (v < tv[mid] || (v == tv[mid] && m < ti[mid])) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            cnt[lo]++;
        }
        double sum = 0.0;
        long running = 0;
        for (int q = 0; q < k; q++) {
            running += cnt[q];
            sum += 1 + running;
        }
        return sum;
    }
}
