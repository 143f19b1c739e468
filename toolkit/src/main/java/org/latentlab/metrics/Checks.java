package org.latentlab.metrics;

/** Shared input validation with messages that name the input and what was expected. */
final class Checks {
    private Checks() {}

    /** Validates a non-empty rectangular finite matrix and returns its column count. */
    static int matrix(String name, double[][] m) {
        if (m == null || m.length == 0) {
            throw new IllegalArgumentException(name + ": expected a non-empty N × D matrix, got "
                    + (m == null ? "null" : "0 rows"));
        }
        int d = m[0] == null ? -1 : m[0].length;
        if (d <= 0) {
            throw new IllegalArgumentException(name + ": row 0 is " + (d < 0 ? "null" : "empty"));
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null || m[i].length != d) {
                throw new IllegalArgumentException(name + ": ragged rows: row " + i + " has "
                        + (m[i] == null ? "null" : m[i].length + " values") + ", row 0 has " + d);
            }
            for (int j = 0; j < d; j++) {
                if (!Double.isFinite(m[i][j])) {
                    throw new IllegalArgumentException(name + ": non-finite value " + m[i][j] + " at row " + i
                            + ", column " + j);
                }
            }
        }
        return d;
    }

    /** Validates that two matrices have the same shape. */
    static void sameShape(String a, double[][] x, String b, double[][] y) {
        int dx = matrix(a, x);
        int dy = matrix(b, y);
        if (x.length != y.length || dx != dy) {
            throw new IllegalArgumentException(a + " is " + x.length + " × " + dx + " but " + b + " is " + y.length
                    + " × " + dy + "; expected the same shape");
        }
    }

    /** Validates a non-empty finite vector. */
    static void vector(String name, double[] v) {
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException(name + ": expected a non-empty vector");
        }
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                throw new IllegalArgumentException(name + ": NaN at index " + i);
            }
        }
    }
}
