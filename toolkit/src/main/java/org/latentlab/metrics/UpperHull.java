package org.latentlab.metrics;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Upper-convex-hull model selection (Xiao &amp; Bamler 2023 §5.3; SPEC §M13): among points (rate, metric), higher
 * metric better, the optimal models are the vertices of the upper convex hull (Andrew's monotone chain, collinear
 * points dropped). {@link Variant#HIT_QHULL} mimics HIT's qhull code: NaN metrics are replaced by the previous entry
 * and only hull facets visible from the viewpoint (0, 2·max metric) are kept, which can drop a steep right tail.
 */
public final class UpperHull {
    private UpperHull() {}

    /** Which hull. */
    public enum Variant { MONOTONE_CHAIN, HIT_QHULL }

    /** Hull vertex indices into the input, sorted by rate. */
    public record Result(int[] vertices, double[] x, double[] y) {
        public Result {
            vertices = vertices.clone();
            x = x.clone();
            y = y.clone();
        }

        @Override public int[] vertices() { return vertices.clone(); }
        @Override public double[] x() { return x.clone(); }
        @Override public double[] y() { return y.clone(); }

        /** Columns: index, rate, metric. */
        public Table toTable() {
            return Table.create("upper convex hull", IntColumn.create("index", vertices), DoubleColumn.create("rate", x),
                    DoubleColumn.create("metric", y));
        }
    }

    /** The upper hull by monotone chain. */
    public static Result of(double[] rate, double[] metric) {
        return of(rate, metric, Variant.MONOTONE_CHAIN);
    }

    /** The upper hull of the chosen variant. */
    public static Result of(double[] rate, double[] metric, Variant variant) {
        if (rate == null || metric == null || rate.length != metric.length || rate.length == 0) {
            throw new IllegalArgumentException("rate and metric must be non-empty and of equal length");
        }
        int n = rate.length;
        double[] y = metric.clone();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(rate[i])) {
                throw new IllegalArgumentException("rate: non-finite value at " + i);
            }
            if (Double.isNaN(y[i])) {
                if (variant == Variant.HIT_QHULL && i > 0) {
                    y[i] = y[i - 1];
                } else {
                    throw new IllegalArgumentException("metric: NaN at " + i
                            + (variant == Variant.HIT_QHULL ? " (no previous entry)" : ""));
                }
            }
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("metric: non-finite value at " + i);
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> rate[i]).thenComparingDouble(i -> y[i]));
        List<Integer> upper = chain(order, rate, y, true);
        List<Integer> keep;
        if (variant == Variant.MONOTONE_CHAIN) {
            keep = upper;
        } else {
            List<Integer> lower = chain(order, rate, y, false);
            // counter-clockwise cycle: lower left→right, then upper right→left
            List<Integer> cycle = new ArrayList<>(lower);
            for (int i = upper.size() - 2; i > 0; i--) {
                cycle.add(upper.get(i));
            }
            double vy = 2 * Arrays.stream(y).max().orElseThrow();
            boolean[] mark = new boolean[n];
            int m = cycle.size();
            for (int e = 0; e < m && m > 1; e++) {
                int p = cycle.get(e);
                int q = cycle.get((e + 1) % m);
                if (cross(rate[p], y[p], rate[q], y[q], 0.0, vy) < 0) { // viewpoint outside this facet
                    mark[p] = true;
                    mark[q] = true;
                }
            }
            keep = new ArrayList<>();
            for (int i : order) {
                if (mark[i]) {
                    keep.add(i);
                }
            }
            if (m == 1) {
                keep = cycle;
            }
        }
        int[] v = keep.stream().mapToInt(Integer::intValue).toArray();
        double[] xs = new double[v.length];
        double[] ys = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            xs[i] = rate[v[i]];
            ys[i] = y[v[i]];
        }
        return new Result(v, xs, ys);
    }

    private static List<Integer> chain(Integer[] order, double[] x, double[] y, boolean upper) {
        List<Integer> h = new ArrayList<>();
        for (int idx = 0; idx < order.length; idx++) {
            int i = order[idx];
            if (upper && idx + 1 < order.length && x[order[idx + 1]] == x[i]) {
                continue; // equal rate: only the highest metric (last in order) can be on the upper hull
            }
            if (!upper && idx > 0 && x[order[idx - 1]] == x[i]) {
                continue; // equal rate: only the lowest metric (first) can be on the lower hull
            }
            while (h.size() >= 2) {
                int a = h.get(h.size() - 2);
                int b = h.get(h.size() - 1);
                double c = cross(x[a], y[a], x[b], y[b], x[i], y[i]);
                if (upper ? c >= 0 : c <= 0) {
                    h.remove(h.size() - 1);
                } else {
                    break;
                }
            }
            h.add(i);
        }
        return h;
    }

    private static double cross(double ax, double ay, double bx, double by, double cx, double cy) {
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    }
}
