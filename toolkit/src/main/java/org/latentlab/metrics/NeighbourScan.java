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
                    kSmallest(rows[s], off, n, i, kk, out.idx[s], out.d2[s], i * kk);
                    PairwiseDistances src = sources.get(s);
                    if (src.approximate()) {
                        // recompute exactly whatever could still enter the k nearest, then choose again
                        src.refineBelow(i, rows[s], off, out.d2[s][i * kk + kk - 1]);
                        kSmallest(rows[s], off, n, i, kk, out.idx[s], out.d2[s], i * kk);
                    }
                }
                if (rows.length == 2) {
                    for (int s = 0; s < 2; s++) {
                        PairwiseDistances other = sources.get(1 - s);
                        if (other.approximate()) {
                            for (int r = 0; r < kRanks; r++) {
                                other.refineAround(i, rows[1 - s], off, out.idx[s][i * kk + r]);
                            }
                        }
                    }
                    out.rankSum01[i] = rankSum(rows[1], off, n, i, out.idx[0], i * kk, kRanks);
                    out.rankSum10[i] = rankSum(rows[0], off, n, i, out.idx[1], i * kk, kRanks);
                }
            });
        } finally {
            for (PairwiseDistances s : sources) {
                s.close();
            }
        }
        return out;
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
        if (k == 1) {
            int j = targets[tOff];
            double dj = row[off + j];
            long r = 1;
            for (int m = 0; m < n; m++) {
                double v = row[off + m];
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
