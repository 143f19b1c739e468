package org.latentlab.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, validated N × D point cloud in double precision, row-major: the input of every neighbour-based
 * estimator (TwoNN, Gride, information imbalance). Built from {@code double[][]}, {@code float[][]}, a 2-D DJL
 * {@link NDArray}, numeric Tablesaw columns or a flat row-major array (e.g. read from a {@code .npy} file).
 * Every factory rejects null, ragged rows, empty rows and NaN/Inf with a message naming the input and the position.
 */
public final class PointSet {
    private final String name;
    private final int n;
    private final int d;
    private final double[] data;

    private PointSet(String name, int n, int d, double[] data) {
        this.name = name;
        this.n = n;
        this.d = d;
        this.data = data;
    }

    /** Rows of a {@code double[][]} (copied). */
    public static PointSet of(String name, double[][] rows) {
        int[] shape = checkRows(name, rows == null ? null : rows.length, rows == null ? null : r -> rows[r] == null
                ? -1 : rows[r].length);
        double[] data = new double[shape[0] * shape[1]];
        for (int i = 0; i < shape[0]; i++) {
            System.arraycopy(rows[i], 0, data, i * shape[1], shape[1]);
        }
        return validated(name, shape[0], shape[1], data);
    }

    /** Rows of a {@code float[][]} (widened to double). */
    public static PointSet of(String name, float[][] rows) {
        int[] shape = checkRows(name, rows == null ? null : rows.length, rows == null ? null : r -> rows[r] == null
                ? -1 : rows[r].length);
        double[] data = new double[shape[0] * shape[1]];
        for (int i = 0; i < shape[0]; i++) {
            for (int j = 0; j < shape[1]; j++) {
                data[i * shape[1] + j] = rows[i][j];
            }
        }
        return validated(name, shape[0], shape[1], data);
    }

    /** A 2-D NDArray (N, D) of any numeric type, copied to double. A 1-D array is read as N points in 1-D. */
    public static PointSet of(String name, NDArray array) {
        if (array == null) {
            throw new IllegalArgumentException(name + ": expected a 2-D NDArray (N, D), got null");
        }
        long[] s = array.getShape().getShape();
        if (s.length != 1 && s.length != 2) {
            throw new IllegalArgumentException(name + ": expected a 2-D NDArray (N, D), got shape " + array.getShape());
        }
        int rows = Math.toIntExact(s[0]);
        int cols = s.length == 1 ? 1 : Math.toIntExact(s[1]);
        double[] data;
        try (NDArray dbl = array.toType(DataType.FLOAT64, true)) {
            data = dbl.toDoubleArray();
        }
        return ofRowMajor(name, data, rows, cols);
    }

    /** The named numeric columns of a table, one point per row. */
    public static PointSet of(String name, Table table, String... columns) {
        if (table == null || columns == null || columns.length == 0) {
            throw new IllegalArgumentException(name + ": expected a table and at least one numeric column name");
        }
        List<NumericColumn<?>> cols = new ArrayList<>();
        for (String c : columns) {
            if (!table.containsColumn(c)) {
                throw new IllegalArgumentException(name + ": table '" + table.name() + "' has no column '" + c + "'");
            }
            if (!(table.column(c) instanceof NumericColumn<?> nc)) {
                throw new IllegalArgumentException(name + ": column '" + c + "' is not numeric");
            }
            cols.add(nc);
        }
        int rows = table.rowCount();
        int d = cols.size();
        double[] data = new double[rows * d];
        for (int j = 0; j < d; j++) {
            NumericColumn<?> col = cols.get(j);
            for (int i = 0; i < rows; i++) {
                if (col.isMissing(i)) {
                    throw new IllegalArgumentException(name + ": missing value in column '" + columns[j] + "' row " + i);
                }
                data[i * d + j] = col.getDouble(i);
            }
        }
        return ofRowMajor(name, data, rows, d);
    }

    /** All numeric columns of a table. */
    public static PointSet of(String name, Table table) {
        List<String> names = new ArrayList<>();
        for (var c : table.columns()) {
            if (c instanceof NumericColumn<?>) {
                names.add(c.name());
            }
        }
        return of(name, table, names.toArray(new String[0]));
    }

    /**
     * A 1-D (N points in 1-D) or 2-D (N × D) {@code .npy} file of any dtype {@link org.latentlab.data.Npy} reads,
     * named after the file. A missing file, a bad header or a 3-D array is an error naming the file.
     */
    public static PointSet fromNpy(java.nio.file.Path file) throws java.io.IOException {
        if (file == null || !java.nio.file.Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such .npy file");
        }
        org.latentlab.data.Npy.NpyArray a = org.latentlab.data.Npy.read(file);
        long[] shape = a.shape();
        if (shape.length != 1 && shape.length != 2) {
            throw new IllegalArgumentException(file + ": expected a 1-D or 2-D array (N, D), got shape "
                    + Arrays.toString(shape));
        }
        if (a.size() == 0) {
            throw new IllegalArgumentException(file + ": expected at least one point with at least one coordinate, "
                    + "got shape " + Arrays.toString(shape));
        }
        // a non-empty array that Npy.read accepted has fewer than 2³¹ elements, so each dimension fits in an int
        int rows = (int) shape[0];
        int cols = shape.length == 1 ? 1 : (int) shape[1];
        return ofRowMajor(file.getFileName().toString(), a.toDoubleArray(), rows, cols);
    }

    /** A flat row-major array of {@code rows × cols} values (not copied: the caller hands it over). */
    public static PointSet ofRowMajor(String name, double[] data, int rows, int cols) {
        if (data == null) {
            throw new IllegalArgumentException(name + ": data is null");
        }
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(name + ": expected at least one point with at least one coordinate, got "
                    + rows + " × " + cols);
        }
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException(name + ": " + data.length + " values do not form " + rows + " × " + cols);
        }
        return validated(name, rows, cols, data);
    }

    private interface RowLength {
        int of(int row);
    }

    private static int[] checkRows(String name, Integer count, RowLength len) {
        if (count == null) {
            throw new IllegalArgumentException(name + ": expected an N × D matrix, got null");
        }
        if (count == 0) {
            throw new IllegalArgumentException(name + ": expected at least one point, got 0 rows");
        }
        int d = len.of(0);
        if (d <= 0) {
            throw new IllegalArgumentException(name + ": row 0 is " + (d < 0 ? "null" : "empty"));
        }
        for (int r = 1; r < count; r++) {
            int l = len.of(r);
            if (l != d) {
                throw new IllegalArgumentException(name + ": ragged rows: row " + r + " has "
                        + (l < 0 ? "null" : l + " values") + ", row 0 has " + d);
            }
        }
        return new int[]{count, d};
    }

    private static PointSet validated(String name, int n, int d, double[] data) {
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                throw new IllegalArgumentException(name + ": non-finite value " + data[k] + " at row " + (k / d)
                        + ", column " + (k % d) + " (NaN/Inf are not allowed)");
            }
        }
        return new PointSet(name, n, d, data);
    }

    /** The input's name, used in error messages and result tables. */
    public String name() { return name; }

    /** Number of points N. */
    public int size() { return n; }

    /** Dimension D. */
    public int dimension() { return d; }

    /** Coordinate j of point i. */
    public double get(int i, int j) { return data[i * d + j]; }

    /** A copy of point i. */
    public double[] row(int i) { return Arrays.copyOfRange(data, i * d, (i + 1) * d); }

    /** A copy of all points as {@code double[N][D]}. */
    public double[][] toRows() {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = row(i);
        }
        return out;
    }

    /**
     * Exact Euclidean distance between points i and j (difference form, double), in the input's units. The squares
     * are summed on the points scaled by 2^{@link #distanceExponent()} (an exact power-of-two rescaling), so points
     * 10⁻³⁰⁰ or 10³⁰⁰ apart give their distance instead of 0 or ∞; a pair whose scaled squares still underflow is
     * summed once more, scaled by its own largest coordinate difference.
     */
    public double distance(int i, int j) {
        double[] x = distanceData();
        int a = i * d;
        int b = j * d;
        double s = 0.0;
        for (int k = 0; k < d; k++) {
            double t = x[a + k] - x[b + k];
            s += t * t;
        }
        if (s < TINY_SUM) {
            // the scaled squares (or the scaled coordinates themselves) may have underflowed: redo on the input
            return rescaledDistance(data, a, b, d, 0);
        }
        return Math.scalb(Math.sqrt(s), -distanceExponent());
    }

    /** Below this, squares of scaled differences may have underflowed: recompute with a per-pair scale. */
    static final double TINY_SUM = 0x1p-900;

    /** 2^(−k)·√Σ_k (x[a+k] − x[b+k])² without underflow: the differences scaled by their largest one first. */
    static double rescaledDistance(double[] x, int a, int b, int d, int k) {
        double m = 0.0;
        for (int c = 0; c < d; c++) {
            m = Math.max(m, Math.abs(x[a + c] - x[b + c]));
        }
        if (m == 0.0) {
            return 0.0;
        }
        int e = Math.getExponent(m);
        double s = 0.0;
        for (int c = 0; c < d; c++) {
            double t = Math.scalb(x[a + c] - x[b + c], -e);
            s += t * t;
        }
        return Math.scalb(Math.sqrt(s), e - k);
    }

    private volatile double[] scaledData;
    private volatile int scaleExponent = Integer.MIN_VALUE;

    /**
     * The exponent k of the exact power-of-two rescaling 2^k used for distances: it brings the largest coordinate
     * range (max − min over a column) to [1, 2), so squared distances neither underflow nor overflow for data
     * anywhere between 10⁻³⁰⁰ and 10³⁰⁰; capped so that no scaled coordinate exceeds 2^1000. 0 for identical points.
     */
    public int distanceExponent() {
        int k = scaleExponent;
        if (k == Integer.MIN_VALUE) {
            k = computeExponent();
            scaleExponent = k;
        }
        return k;
    }

    private int computeExponent() {
        double[] lo = new double[d];
        double[] hi = new double[d];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) { // row by row: one pass over memory in storage order
            int a = i * d;
            for (int c = 0; c < d; c++) {
                double v = data[a + c];
                lo[c] = Math.min(lo[c], v);
                hi[c] = Math.max(hi[c], v);
            }
        }
        double range = 0.0;
        double maxAbs = 0.0;
        for (int c = 0; c < d; c++) {
            range = Math.max(range, hi[c] - lo[c]); // may be +∞ when lo and hi are near ±Double.MAX_VALUE
            maxAbs = Math.max(maxAbs, Math.max(Math.abs(lo[c]), Math.abs(hi[c])));
        }
        if (range == 0.0) {
            return 0;
        }
        int k = Double.isInfinite(range) ? -Math.getExponent(maxAbs) - 1 : -Math.getExponent(range);
        return Math.min(k, 1000 - Math.getExponent(maxAbs));
    }

    /** The points scaled by 2^{@link #distanceExponent()} (the data themselves when k = 0); never modified. */
    double[] distanceData() {
        double[] x = scaledData;
        if (x == null) {
            int k = distanceExponent();
            if (k == 0) {
                x = data;
            } else {
                x = new double[data.length];
                for (int m = 0; m < data.length; m++) {
                    x[m] = Math.scalb(data[m], k);
                }
            }
            scaledData = x;
        }
        return x;
    }

    /** The points with the given column indices (e.g. coordinate subsets for information imbalance). */
    public PointSet columns(int... cols) {
        if (cols == null || cols.length == 0) {
            throw new IllegalArgumentException(name + ": expected at least one column index");
        }
        double[] out = new double[n * cols.length];
        for (int c : cols) {
            if (c < 0 || c >= d) {
                throw new IllegalArgumentException(name + ": column " + c + " out of range [0, " + d + ")");
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < cols.length; k++) {
                out[i * cols.length + k] = data[i * d + cols[k]];
            }
        }
        return new PointSet(name + Arrays.toString(cols), n, cols.length, out);
    }

    /** The points with the given row indices, in that order. */
    public PointSet rows(int[] idx) {
        double[] out = new double[idx.length * d];
        for (int k = 0; k < idx.length; k++) {
            if (idx[k] < 0 || idx[k] >= n) {
                throw new IllegalArgumentException(name + ": row " + idx[k] + " out of range [0, " + n + ")");
            }
            System.arraycopy(data, idx[k] * d, out, k * d, d);
        }
        return new PointSet(name, idx.length, d, out);
    }

    /** Indices of the first occurrence of each distinct row, in order (exact equality of all coordinates). */
    public int[] distinctRows() {
        Map<Integer, List<Integer>> buckets = new HashMap<>();
        int[] keep = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            int h = 1;
            for (int k = i * d; k < (i + 1) * d; k++) {
                long bits = Double.doubleToLongBits(data[k] + 0.0); // +0.0 folds -0.0 into 0.0
                h = 31 * h + (int) (bits ^ (bits >>> 32));
            }
            List<Integer> bucket = buckets.computeIfAbsent(h, x -> new ArrayList<>(1));
            boolean dup = false;
            for (int j : bucket) {
                if (sameRow(i, j)) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                bucket.add(i);
                keep[m++] = i;
            }
        }
        return Arrays.copyOf(keep, m);
    }

    /** True if every point equals point 0. */
    public boolean allIdentical() {
        for (int i = 1; i < n; i++) {
            if (!sameRow(i, 0)) {
                return false;
            }
        }
        return true;
    }

    private boolean sameRow(int i, int j) {
        for (int k = 0; k < d; k++) {
            if (data[i * d + k] != data[j * d + k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "PointSet[" + name + ", " + n + " × " + d + "]";
    }
}
