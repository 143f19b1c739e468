package org.latentlab.metrics;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * IWAE and Rényi VR-α bounds from importance log-weights log w_k = log p(x, z_k) − log q(z_k|x) (SPEC §M7, §M8;
 * Burda et al. 2016; Li &amp; Turner 2016), in nats per example.
 *
 * <p>L̂_{α,K} = (1/(1−α))·[LSE_k((1−α) log w_k) − log K]; α = 0 is the IWAE bound, |1 − α| &lt; 1e-6 switches to the
 * limit mean_k log w_k (the MC ELBO), α = −∞ gives max_k log w_k (VR-max, an estimate rather than a bound). Weights
 * are never exponentiated directly: a {@link Accumulator} streams chunks with a running max and Σ e^{a − max}.
 * A zero weight (log w = −∞) makes the bound −∞ for α &gt; 1 (the term (1 − α)·log w is +∞), never NaN.
 */
public final class LikelihoodBounds {
    /** |1 − α| below which the α → 1 limit (mean log w) is used. */
    public static final double ALPHA_ONE_TOLERANCE = 1e-6;

    private LikelihoodBounds() {}

    /** Streaming accumulator for one example's L̂_{α,K} over chunks of log-weights. */
    public static final class Accumulator {
        private final double alpha;
        private double max = Double.NEGATIVE_INFINITY;
        private double sum;
        private double plainSum;
        private long count;
        /** Some (1 − α)·log w is +∞ (α &gt; 1 and a zero weight): the log-sum-exp is +∞. */
        private boolean infiniteTerm;

        /** For the given α (may be {@link Double#NEGATIVE_INFINITY} for VR-max). */
        public Accumulator(double alpha) {
            if (Double.isNaN(alpha) || alpha == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("alpha must be a real number or -infinity, got " + alpha);
            }
            this.alpha = alpha;
        }

        /** Adds a chunk of log-weights (NaN or +∞ rejected; −∞ allowed: a zero weight). */
        public Accumulator add(double... logW) {
            for (double lw : logW) {
                if (Double.isNaN(lw) || lw == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("log-weight must be a number < +inf, got " + lw);
                }
                count++;
                plainSum += lw;
                double a = alpha == Double.NEGATIVE_INFINITY ? lw : (1.0 - alpha) * lw;
                if (a == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                if (a == Double.POSITIVE_INFINITY) { // α > 1, log w = −∞: ∞ − ∞ would make the running sum NaN
                    infiniteTerm = true;
                    continue;
                }
                if (a > max) {
                    sum = sum * Math.exp(max - a) + 1.0;
                    max = a;
                } else {
                    sum += Math.exp(a - max);
                }
            }
            return this;
        }

        /** Number of samples K seen so far. */
        public long count() { return count; }

        /** The bound for the samples seen so far. */
        public double value() {
            if (count == 0) {
                throw new IllegalStateException("no log-weights added");
            }
            if (alpha == Double.NEGATIVE_INFINITY) {
                return max;
            }
            if (Math.abs(1.0 - alpha) < ALPHA_ONE_TOLERANCE) {
                return plainSum / count;
            }
            double lse = infiniteTerm ? Double.POSITIVE_INFINITY
                    : max == Double.NEGATIVE_INFINITY ? max : max + Math.log(sum);
            return (lse - Math.log(count)) / (1.0 - alpha);
        }
    }

    /** L̂_{α,K} of one example's K log-weights. */
    public static double renyi(double[] logW, double alpha) {
        Checks.vector("logW", logW);
        return new Accumulator(alpha).add(logW).value();
    }

    /** IWAE: LSE_k log w_k − log K (α = 0). */
    public static double iwae(double[] logW) {
        return renyi(logW, 0.0);
    }

    /** Mean and sd over examples of L̂_{α,K}, and the per-example values. */
    public record Result(double alpha, int k, double mean, double sd, double[] perExample) {
        public Result {
            perExample = perExample.clone();
        }

        @Override public double[] perExample() { return perExample.clone(); }

        /** One-row table. */
        public Table toTable() {
            return Table.create("VR bound", StringColumn.create("alpha", Double.toString(alpha)),
                    DoubleColumn.create("K", new double[]{k}), DoubleColumn.create("mean_nats", new double[]{mean}),
                    DoubleColumn.create("sd_nats", new double[]{sd}));
        }
    }

    /** L̂_{α,K} for each row of an N × K matrix of log-weights. */
    public static Result renyi(double[][] logW, double alpha) {
        if (logW == null || logW.length == 0) {
            throw new IllegalArgumentException("logW: expected N × K log-weights");
        }
        int k = logW[0].length;
        double[] v = new double[logW.length];
        for (int i = 0; i < logW.length; i++) {
            if (logW[i] == null || logW[i].length != k) {
                throw new IllegalArgumentException("logW: ragged rows: row " + i + " differs from K = " + k);
            }
            v[i] = renyi(logW[i], alpha);
        }
        return new Result(alpha, k, Special.mean(v), Special.sampleSd(v), v);
    }
}
