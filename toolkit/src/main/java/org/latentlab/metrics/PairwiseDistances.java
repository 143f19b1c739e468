package org.latentlab.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.latentlab.LatentLab;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Squared Euclidean distances of a point set, produced one block of rows at a time so memory stays O(block·N).
 *
 * <p><b>Units.</b> Distances are taken on the points scaled by 2^k, k = {@link PointSet#distanceExponent()} (an exact
 * power-of-two rescaling that brings the largest coordinate range to [1, 2)), so squared distances neither underflow
 * nor overflow for data between 10⁻³⁰⁰ and 10³⁰⁰; {@link #block} writes squared distances in those units (multiply
 * by 2^(−2k) for the input's units). Orders, ranks and ratios are the same in both units.
 *
 * <p>Two paths. {@link Mode#GEMM}: the data are centred, then d²(i,m) = ‖x_i‖² + ‖x_m‖² − 2⟨x_i, x_m⟩ with the inner
 * products of a row block against all points from one libtorch matrix product in double precision (BLAS, all cores),
 * with d²(i,i) = 0 exactly. The expansion cancels when points sit far from the origin relative to their spacing
 * (centring does not help when two far groups have their mean at the origin): every entry whose rounding bound
 * γ·(‖x_i‖² + ‖x_m‖²), γ = (2D + 16)·2⁻⁵³, exceeds 2⁻²⁴ of its value is recomputed in the difference form, so every
 * value kept from the expansion is within a relative 2⁻²⁴ of the exact one. The neighbour scan then recomputes exactly
 * every distance close enough to a neighbour threshold or to a ranked target to change a neighbour or a rank
 * ({@link #refineBelow}, {@link #refineAround}): neighbours and ranks are those of the exact mode.
 * {@link Mode#EXACT}: the difference form Σ(x_ik − x_mk)² in plain Java (parallel over rows), for small D or small N
 * where it is both exact and fast. {@link Mode#AUTO} picks EXACT when D ≤ 16 or N²·D ≤ 2·10⁷, otherwise GEMM.
 */
public final class PairwiseDistances implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PairwiseDistances.class);

    /** How distances are computed. */
    public enum Mode { AUTO, EXACT, GEMM }

    private final PointSet points;
    private final Mode mode;
    private final NDManager manager;
    private final NDArray centred;
    private final NDArray centredT;
    private final double[] sqNorm;
    /** Relative error bound of every squared distance kept from the GEMM expansion. */
    static final double TAU = 0x1p-24;
    /** γ of the expansion's rounding bound γ·(‖x_i‖² + ‖x_m‖²). */
    private final double gamma;
    /** max_m ‖x_m‖² of the centred points (GEMM mode). */
    private final double maxSqNorm;

    /** Prepares the distance source for {@code points}; GEMM mode copies the centred data to libtorch once. */
    public PairwiseDistances(PointSet points, Mode mode) {
        this.points = points;
        int n = points.size();
        int d = points.dimension();
        Mode m = mode == null ? Mode.AUTO : mode;
        if (m == Mode.AUTO) {
            m = (d <= 16 || (double) n * n * d <= 2e7) ? Mode.EXACT : Mode.GEMM;
        }
        this.mode = m;
        this.gamma = (2.0 * d + 16.0) * 0x1p-53;
        if (m == Mode.GEMM) {
            LatentLab.init();
            double[] raw = points.distanceData();
            double[] mean = new double[d];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    mean[k] += raw[i * d + k];
                }
            }
            for (int k = 0; k < d; k++) {
                mean[k] /= n;
            }
            double[] c = new double[n * d];
            sqNorm = new double[n];
            double max = 0.0;
            for (int i = 0; i < n; i++) {
                double s = 0.0;
                for (int k = 0; k < d; k++) {
                    double v = raw[i * d + k] - mean[k];
                    c[i * d + k] = v;
                    s += v * v;
                }
                sqNorm[i] = s;
                max = Math.max(max, s);
            }
            maxSqNorm = max;
            manager = NDManager.newBaseManager();
            centred = manager.create(c, new Shape(n, d));
            centredT = centred.transpose(); // a view: BLAS reads it transposed, no copy
        } else {
            manager = null;
            centred = null;
            centredT = null;
            sqNorm = null;
            maxSqNorm = 0.0;
        }
        LOG.debug("distances for {} ({} × {}) by {}", points.name(), n, d, this.mode);
    }

    /** The mode actually used (never AUTO). */
    public Mode mode() { return mode; }

    /** Number of points. */
    public int size() { return points.size(); }

    /** The points. */
    public PointSet points() { return points; }

    /**
     * Writes d²(i, m) for i ∈ [r0, r1), m ∈ [0, N) into {@code out[(i − r0)·N + m]}.
     */
    public void block(int r0, int r1, double[] out) {
        int n = points.size();
        int b = r1 - r0;
        if (mode == Mode.GEMM) {
            double[] g;
            try (NDArray rows = centred.get(new NDIndex("{}:{}", r0, r1)); NDArray prod = rows.matMul(centredT)) {
                g = prod.toDoubleArray();
            }
            IntStream.range(0, b).parallel().forEach(r -> {
                int i = r0 + r;
                double si = sqNorm[i];
                int off = r * n;
                for (int m = 0; m < n; m++) { // plain loops, so that the JIT vectorises them
                    out[off + m] = si + sqNorm[m] - 2.0 * g[off + m];
                }
                out[off + i] = Double.POSITIVE_INFINITY; // excluded from the row minimum
                double min = Double.POSITIVE_INFINITY;
                for (int m = 0; m < n; m++) {
                    min = Math.min(min, out[off + m]);
                }
                out[off + i] = 0.0;
                // keep v only where its rounding bound γ(‖x_i‖² + ‖x_m‖²) is within TAU of it (false also for NaN/∞
                // from overflow); one test for the whole row first, since that is the common case
                if (!(gamma * (si + maxSqNorm) <= TAU * min)) {
                    for (int m = 0; m < n; m++) {
                        if (m != i && !(gamma * (si + sqNorm[m]) <= TAU * out[off + m])) {
                            out[off + m] = exactSquared(i, m);
                        }
                    }
                }
            });
        } else {
            double[] raw = points.distanceData();
            int d = points.dimension();
            IntStream.range(0, b).parallel().forEach(r -> {
                int i = r0 + r;
                int off = r * n;
                int a = i * d;
                for (int m = 0; m < n; m++) {
                    int c = m * d;
                    double s = 0.0;
                    for (int k = 0; k < d; k++) {
                        double t = raw[a + k] - raw[c + k];
                        s += t * t;
                    }
                    out[off + m] = s;
                }
            });
        }
    }

    /** d²(i, m) in the difference form, in the scaled units of {@link #block}. */
    double exactSquared(int i, int m) {
        double[] x = points.distanceData();
        int d = points.dimension();
        int a = i * d;
        int c = m * d;
        double s = 0.0;
        for (int k = 0; k < d; k++) {
            double t = x[a + k] - x[c + k];
            s += t * t;
        }
        return s;
    }

    /** True when {@link #block}'s values may differ from the exact ones (GEMM), so rows need refining. */
    boolean approximate() {
        return mode == Mode.GEMM;
    }

    /**
     * Recomputes exactly every entry m ≠ i of row i whose value is ≤ t·(1 + 4·TAU): with t the k-th smallest value
     * of the row, the row's k smallest entries (ties by index) are then those of the exact mode.
     */
    void refineBelow(int i, double[] row, int off, double t) {
        int n = size();
        double lim = t * (1.0 + 4.0 * TAU);
        for (int m = 0; m < n; m++) {
            if (m != i && row[off + m] <= lim) {
                row[off + m] = exactSquared(i, m);
            }
        }
    }

    /**
     * Recomputes exactly entry j of row i and every entry within a relative 4·TAU of it: the rank of j in the row
     * (by value, ties by index) is then that of the exact mode.
     */
    void refineAround(int i, double[] row, int off, int j) {
        int n = size();
        double v = exactSquared(i, j);
        row[off + j] = v;
        double lo = v * (1.0 - 4.0 * TAU);
        double hi = v * (1.0 + 4.0 * TAU);
        for (int m = 0; m < n; m++) {
            double w = row[off + m];
            if (m != i && m != j && w >= lo && w <= hi) {
                row[off + m] = exactSquared(i, m);
            }
        }
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }

    /** Visitor of one row of each space's squared distances. */
    @FunctionalInterface
    public interface RowVisitor {
        /** Row i: {@code rows[s]} holds space s's squared distances to all N points starting at {@code offset}. */
        void visit(int i, double[][] rows, int offset);
    }

    /** Rows per block such that the buffers of {@code spaces} spaces hold about 64 MiB. */
    static int blockRows(int n, int spaces) {
        long target = 64L << 20;
        long b = target / (8L * n * Math.max(1, spaces));
        return (int) Math.max(8, Math.min(1024, Math.min(b, n)));
    }

    /**
     * Streams all rows of several spaces over the same N points, block by block, calling {@code visitor} for each
     * row in parallel (the visitor must be thread-safe per row).
     */
    public static void scan(List<PairwiseDistances> spaces, RowVisitor visitor) {
        int n = spaces.get(0).size();
        for (PairwiseDistances s : spaces) {
            if (s.size() != n) {
                throw new IllegalArgumentException("all spaces must hold the same N points: " + spaces.get(0).points
                        + " vs " + s.points);
            }
        }
        int block = blockRows(n, spaces.size());
        double[][] buffers = new double[spaces.size()][block * n];
        for (int r0 = 0; r0 < n; r0 += block) {
            int r1 = Math.min(n, r0 + block);
            for (int s = 0; s < spaces.size(); s++) {
                spaces.get(s).block(r0, r1, buffers[s]);
            }
            final int start = r0;
            IntStream.range(r0, r1).parallel().forEach(i -> visitor.visit(i, buffers, (i - start) * n));
        }
    }
}
