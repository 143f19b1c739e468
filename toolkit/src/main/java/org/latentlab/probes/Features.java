package org.latentlab.probes;

import java.util.Objects;

/**
 * A labelled feature matrix for a probe: {@code count × dim} values, row-major, one label per row.
 * Built from latent statistics by {@link LatentFeatures} or from raw pixels. NaN/±∞ values, negative labels and
 * inconsistent sizes are refused with a message naming the feature set (and the row and column).
 */
public record Features(String name, int count, int dim, double[] values, int[] labels) {
    public Features {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(labels, "labels");
        if (count < 1 || dim < 1) {
            throw new IllegalArgumentException("features '" + name + "': count and dim must be >= 1, got count="
                    + count + " dim=" + dim);
        }
        if ((long) count * dim != values.length) {
            throw new IllegalArgumentException("features '" + name + "': " + values.length
                    + " values, expected count*dim = " + (long) count * dim);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException("features '" + name + "': " + labels.length + " labels for "
                    + count + " rows");
        }
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                throw new IllegalArgumentException("features '" + name + "': non-finite value " + values[k]
                        + " at row " + (k / dim) + ", column " + (k % dim) + "; probes need finite features");
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("features '" + name + "': row " + i + " has no label ("
                        + labels[i] + "); probes need labelled data");
            }
        }
    }

    /** The first {@code n} rows (n ≤ count). */
    public Features head(int n) {
        if (n < 1 || n > count) {
            throw new IllegalArgumentException("head(" + n + ") of '" + name + "' with " + count + " rows");
        }
        double[] v = new double[n * dim];
        System.arraycopy(values, 0, v, 0, v.length);
        int[] l = new int[n];
        System.arraycopy(labels, 0, l, 0, n);
        return new Features(name, n, dim, v, l);
    }

    /** Value of row i, column j. */
    public double get(int i, int j) {
        return values[i * dim + j];
    }
}
