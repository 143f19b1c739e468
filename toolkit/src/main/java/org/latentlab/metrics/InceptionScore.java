package org.latentlab.metrics;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Inception score from class probabilities p(y|x_i), split à la Barratt &amp; Sharma (SPEC §M6): the N rows are cut
 * into S consecutive chunks (sizes as numpy's {@code array_split}); per chunk with p̂(y) = mean_i p(y|x_i):
 * IS = exp(mean_i KL(p(y|x_i) ‖ p̂)), Div = exp(H(p̂)), Sharp = exp(−mean_i H(p(y|x_i))); IS = Div·Sharp exactly.
 * 0·log 0 = 0. Rows must be non-negative and sum to 1 within 1e-4 (they are then renormalised exactly).
 */
public final class InceptionScore {
    private InceptionScore() {}

    /** Per-chunk IS, diversity and sharpness, with means and sample sds over chunks. */
    public record Result(double[] is, double[] diversity, double[] sharpness) {
        public Result {
            is = is.clone();
            diversity = diversity.clone();
            sharpness = sharpness.clone();
        }

        @Override public double[] is() { return is.clone(); }
        @Override public double[] diversity() { return diversity.clone(); }
        @Override public double[] sharpness() { return sharpness.clone(); }

        public double meanIs() { return Special.mean(is); }
        public double sdIs() { return Special.sampleSd(is); }
        public double meanDiversity() { return Special.mean(diversity); }
        public double meanSharpness() { return Special.mean(sharpness); }

        /** Columns: split, is, diversity, sharpness. */
        public Table toTable() {
            IntColumn s = IntColumn.create("split");
            for (int i = 0; i < is.length; i++) {
                s.append(i);
            }
            return Table.create("inception score " + meanIs() + " ± " + sdIs(), s, DoubleColumn.create("is", is),
                    DoubleColumn.create("diversity", diversity), DoubleColumn.create("sharpness", sharpness));
        }
    }

    /** IS with S = 5 splits. */
    public static Result of(double[][] probabilities) {
        return of(probabilities, 5);
    }

    /** IS over {@code splits} consecutive chunks. */
    public static Result of(double[][] probabilities, int splits) {
        int c = Checks.matrix("probabilities", probabilities);
        int n = probabilities.length;
        if (splits < 1 || splits > n) {
            throw new IllegalArgumentException("splits must be in [1, N] = [1, " + n + "], got " + splits);
        }
        double[][] p = new double[n][c];
        for (int i = 0; i < n; i++) {
            double sum = 0.0;
            for (int j = 0; j < c; j++) {
                double v = probabilities[i][j];
                if (v < 0) {
                    throw new IllegalArgumentException("probabilities: negative value " + v + " at (" + i + ", " + j + ")");
                }
                sum += v;
            }
            if (Math.abs(sum - 1.0) > 1e-4) {
                throw new IllegalArgumentException("probabilities: row " + i + " sums to " + sum + ", expected 1");
            }
            for (int j = 0; j < c; j++) {
                p[i][j] = probabilities[i][j] / sum;
            }
        }
        double[] is = new double[splits];
        double[] div = new double[splits];
        double[] sharp = new double[splits];
        int base = n / splits;
        int extra = n % splits;
        int start = 0;
        for (int s = 0; s < splits; s++) {
            int size = base + (s < extra ? 1 : 0);
            double[] marg = new double[c];
            for (int i = start; i < start + size; i++) {
                for (int j = 0; j < c; j++) {
                    marg[j] += p[i][j];
                }
            }
            for (int j = 0; j < c; j++) {
                marg[j] /= size;
            }
            double hMarg = entropy(marg);
            double hCond = 0.0;
            double kl = 0.0;
            for (int i = start; i < start + size; i++) {
                double h = entropy(p[i]);
                hCond += h;
                double cross = 0.0;
                for (int j = 0; j < c; j++) {
                    if (p[i][j] > 0) {
                        cross -= p[i][j] * Math.log(marg[j]);
                    }
                }
                kl += cross - h;
            }
            hCond /= size;
            kl /= size;
            is[s] = Math.exp(kl);
            div[s] = Math.exp(hMarg);
            sharp[s] = Math.exp(-hCond);
            start += size;
        }
        return new Result(is, div, sharp);
    }

    static double entropy(double[] p) {
        double h = 0.0;
        for (double v : p) {
            if (v > 0) {
                h -= v * Math.log(v);
            }
        }
        return h;
    }


}
