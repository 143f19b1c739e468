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
 * <p>Two paths. {@link Mode#GEMM}: the data are centred (distances are translation invariant, and centring keeps the
 * cancellation error of the expansion small), then d²(i,m) = ‖x_i‖² + ‖x_m‖² − 2⟨x_i, x_m⟩ with the inner products
 * of a row block against all points from one libtorch matrix product in double precision (BLAS, all cores), clamped
 * at 0, with d²(i,i) = 0 exactly. {@link Mode#EXACT}: the difference form Σ(x_ik − x_mk)² in plain Java (parallel
 * over rows), for small D or small N where it is both exact and fast. {@link Mode#AUTO} picks EXACT when D ≤ 16 or
 * N²·D ≤ 2·10⁷, otherwise GEMM.
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
        if (m == Mode.GEMM) {
            LatentLab.init();
            double[] raw = points.raw();
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
            for (int i = 0; i < n; i++) {
                double s = 0.0;
                for (int k = 0; k < d; k++) {
                    double v = raw[i * d + k] - mean[k];
                    c[i * d + k] = v;
                    s += v * v;
                }
                sqNorm[i] = s;
            }
            manager = NDManager.newBaseManager();
            centred = manager.create(c, new Shape(n, d));
            centredT = centred.transpose(); // a view: BLAS reads it transposed, no copy
        } else {
            manager = null;
            centred = null;
            centredT = null;
            sqNorm = null;
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
                for (int m = 0; m < n; m++) {
                    double v = si + sqNorm[m] - 2.0 * g[off + m];
                    out[off + m] = v > 0.0 ? v : 0.0;
                }
                out[off + i] = 0.0;
            });
        } else {
            double[] raw = points.raw();
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
