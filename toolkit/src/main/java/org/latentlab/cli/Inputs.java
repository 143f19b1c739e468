package org.latentlab.cli;

import org.latentlab.data.Npy;
import org.latentlab.metrics.PointSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The command line's {@code .npy} inputs (float32, float64, int32, int64 or uint8, C order), validated with one-line errors
 * that name the file: matrices and vectors of finite values, integer labels, log-weights (−∞ allowed).
 */
final class Inputs {
    private Inputs() {}

    /** An N × D matrix (a 1-D array is N × 1) of finite values. */
    static double[][] matrix(Path file) throws IOException {
        return PointSet.fromNpy(file).toRows();
    }

    /** A 1-D array (or N × 1) of finite values. */
    static double[] vector(Path file) throws IOException {
        return column(file, PointSet.fromNpy(file).toRows());
    }

    /** A 1-D array (or N × 1) where NaN is allowed (e.g. a metric the hull fills in); ±∞ are not. */
    static double[] vectorAllowingNaN(Path file) throws IOException {
        Npy.NpyArray a = read(file);
        double[] v = a.toDoubleArray();
        checkVectorShape(file, a.shape());
        for (int i = 0; i < v.length; i++) {
            if (Double.isInfinite(v[i])) {
                throw new IllegalArgumentException(file + ": infinite value at index " + i);
            }
        }
        return v;
    }

    /** Class labels: a 1-D integer array (int32, uint8, or floats holding whole numbers) of values ≥ 0. */
    static int[] labels(Path file) throws IOException {
        Npy.NpyArray a = read(file);
        checkVectorShape(file, a.shape());
        double[] v = a.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0 && v[i] == Math.rint(v[i]) && v[i] <= Integer.MAX_VALUE)) {
                throw new IllegalArgumentException(file + ": label " + v[i] + " at index " + i
                        + " is not a whole number in [0, 2³¹)");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** Log-weights, N × K (a 1-D array is one example): numbers or −∞ (a zero weight); NaN and +∞ refused. */
    static double[][] logWeights(Path file) throws IOException {
        Npy.NpyArray a = read(file);
        long[] s = a.shape();
        if (s.length != 1 && s.length != 2 || a.size() == 0) {
            throw new IllegalArgumentException(file + ": expected N × K log-weights (or K for one example), got shape "
                    + Arrays.toString(s));
        }
        int rows = s.length == 1 ? 1 : (int) s[0];
        int k = (int) s[s.length - 1];
        double[] v = a.toDoubleArray();
        double[][] out = new double[rows][k];
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i]) || v[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(file + ": log-weight " + v[i] + " at row " + (i / k) + ", column "
                        + (i % k) + "; expected a number or -inf");
            }
            out[i / k][i % k] = v[i];
        }
        return out;
    }

    /** Both matrices have the same shape, else an error naming both files. */
    static void sameShape(Path a, double[][] x, Path b, double[][] y) {
        if (x.length != y.length || x[0].length != y[0].length) {
            throw new IllegalArgumentException(a + " is " + x.length + " × " + x[0].length + " but " + b + " is "
                    + y.length + " × " + y[0].length + "; expected the same shape");
        }
    }

    /** {@code count} rows, else an error naming the file. */
    static void rows(Path file, int actual, int expected, String what) {
        if (actual != expected) {
            throw new IllegalArgumentException(file + ": " + actual + " " + what + ", expected " + expected);
        }
    }

    /** At least {@code min} rows, else an error naming the file. */
    static void atLeastRows(Path file, int actual, int min) {
        if (actual < min) {
            throw new IllegalArgumentException(file + ": " + actual + " rows, expected at least " + min);
        }
    }

    private static Npy.NpyArray read(Path file) throws IOException {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such .npy file");
        }
        return Npy.read(file);
    }

    private static void checkVectorShape(Path file, long[] s) {
        if (!(s.length == 1 || s.length == 2 && s[1] == 1) || s[0] == 0) {
            throw new IllegalArgumentException(file + ": expected a non-empty 1-D array (N), got shape "
                    + Arrays.toString(s));
        }
    }

    private static double[] column(Path file, double[][] m) {
        if (m[0].length != 1) {
            throw new IllegalArgumentException(file + ": expected a 1-D array (N), got " + m.length + " × "
                    + m[0].length);
        }
        double[] v = new double[m.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = m[i][0];
        }
        return v;
    }
}
