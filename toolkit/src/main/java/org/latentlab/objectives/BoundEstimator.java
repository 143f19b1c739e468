package org.latentlab.objectives;

import org.latentlab.Progress;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.latentlab.data.ImageDataset;
import org.latentlab.models.Posterior;
import org.latentlab.models.Vae;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.SplittableRandom;

/**
 * Evaluates VR bounds and the IWAE log-likelihood estimate on a data set, streaming over chunks of importance
 * samples with a running log-sum-exp (keep max m and Σ e^{a−m}), so K = 5000 fits in memory (SPEC §M7, §M8).
 *
 * <p>IS log-likelihood: log p̂(x) = LSE_k(log w_k) − log K (the VR bound at α = 0). Noise comes from a
 * {@link SplittableRandom} with the given seed, laid out sample-major per example batch, so the result does not
 * depend on the chunk size. No gradients are recorded. Values are per example, in nats.
 */
public final class BoundEstimator {
    private static final Logger LOG = LoggerFactory.getLogger(BoundEstimator.class);

    private final int batchSize;
    private final int maxRowsPerChunk;

    /**
     * @param batchSize       examples per forward pass (≥ 1)
     * @param maxRowsPerChunk upper bound on samples × examples decoded at once (memory: rows × inputDim doubles)
     */
    public BoundEstimator(int batchSize, int maxRowsPerChunk) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (maxRowsPerChunk < batchSize) {
            throw new IllegalArgumentException("maxRowsPerChunk must be >= batchSize (" + batchSize + "), got "
                    + maxRowsPerChunk);
        }
        this.batchSize = batchSize;
        this.maxRowsPerChunk = maxRowsPerChunk;
    }

    /** 100 examples per pass, at most 10 000 decoded rows at once. */
    public static BoundEstimator defaults() {
        return new BoundEstimator(100, 10_000);
    }

    /** IWAE estimate of log p(x) with K samples, per example (nats). */
    public double[] logLikelihood(Vae model, ImageDataset data, int samples, long seed) {
        return logLikelihood(model, data, samples, seed, Progress.NONE);
    }

    /**
     * {@link #logLikelihood(Vae, ImageDataset, int, long)} reporting examples done to {@code progress} (task
     * "IS log-likelihood K=…"); the values do not depend on it.
     */
    public double[] logLikelihood(Vae model, ImageDataset data, int samples, long seed, Progress progress) {
        return evaluate(model, data, RenyiBound.iwae(samples), seed, "IS log-likelihood K=" + samples, progress);
    }

    /** The per-example value of {@code bound} (its α and K) on every example of {@code data}, in nats. */
    public double[] evaluate(Vae model, ImageDataset data, RenyiBound bound, long seed) {
        return evaluate(model, data, bound, seed, Progress.NONE);
    }

    /**
     * {@link #evaluate(Vae, ImageDataset, RenyiBound, long)} reporting examples done to {@code progress} (task
     * "bound vr(α), K=…"); the values do not depend on it.
     */
    public double[] evaluate(Vae model, ImageDataset data, RenyiBound bound, long seed, Progress progress) {
        return evaluate(model, data, bound, seed, "bound " + bound, progress);
    }

    private double[] evaluate(Vae model, ImageDataset data, RenyiBound bound, long seed, String task,
                              Progress progress) {
        Progress p = Progress.orNone(progress);
        if (data.dim() != model.inputDim()) {
            throw new IllegalArgumentException("data '" + data.name() + "' has " + data.dim()
                    + " values per image, the model expects " + model.inputDim());
        }
        int n = data.count();
        int d = data.dim();
        int k = model.latentDim();
        int samples = bound.samples();
        double[] out = new double[n];
        SplittableRandom rng = new SplittableRandom(seed);
        long t0 = System.nanoTime();
        p.update(task, 0, n);
        {
            for (int start = 0; start < n; start += batchSize) {
                int b = Math.min(batchSize, n - start);
                int chunk = Math.max(1, Math.min(samples, maxRowsPerChunk / b));
                Accumulator acc = new Accumulator(bound, b);
                try (NDManager m = model.manager().newSubManager()) {
                    float[] xs = new float[b * d];
                    System.arraycopy(data.pixels(), start * d, xs, 0, b * d);
                    NDArray x = m.create(xs, new Shape(b, d));
                    Posterior q = model.encode(x);
                    for (int s0 = 0; s0 < samples; s0 += chunk) {
                        int c = Math.min(chunk, samples - s0);
                        float[] noise = new float[c * b * k];
                        for (int i = 0; i < noise.length; i++) {
                            noise[i] = (float) rng.nextGaussian();
                        }
                        try (NDManager cm = m.newSubManager()) {
                            NDArray eps = cm.create(noise, new Shape(c, b, k));
                            double[] lw = LogWeights.compute(model, x, q, eps).toDoubleArray();
                            acc.add(lw, c);
                        }
                    }
                }
                acc.finish(out, start);
                p.update(task, start + b, n);
            }
        }
        LOG.debug("{} on {} examples ({} samples) in {} s", bound, n, samples, (System.nanoTime() - t0) / 1e9);
        return out;
    }

    /** Running per-example reduction of log-weights for one α: mean, max, or log-sum-exp of (1−α)·log w. */
    private static final class Accumulator {
        private final RenyiBound bound;
        private final double scale;
        private final boolean mean;
        private final double[] m;
        private final double[] s;
        private long count;

        Accumulator(RenyiBound bound, int b) {
            this.bound = bound;
            this.mean = !bound.isMax() && Math.abs(1 - bound.alpha()) < RenyiBound.ALPHA_ONE_TOLERANCE;
            this.scale = bound.isMax() || mean ? 1 : 1 - bound.alpha();
            this.m = new double[b];
            this.s = new double[b];
            java.util.Arrays.fill(m, Double.NEGATIVE_INFINITY);
        }

        /** lw is (c, b) row-major. */
        void add(double[] lw, int c) {
            int b = m.length;
            for (int j = 0; j < b; j++) {
                for (int i = 0; i < c; i++) {
                    double v = lw[i * b + j];
                    if (mean) {
                        s[j] += v;
                    } else if (bound.isMax()) {
                        m[j] = Math.max(m[j], v);
                    } else {
                        double a = scale * v;
                        if (a > m[j]) {
                            s[j] = s[j] * Math.exp(m[j] - a) + 1.0;
                            m[j] = a;
                        } else {
                            s[j] += Math.exp(a - m[j]);
                        }
                    }
                }
            }
            count += c;
        }

        void finish(double[] out, int offset) {
            for (int j = 0; j < m.length; j++) {
                double v;
                if (mean) {
                    v = s[j] / count;
                } else if (bound.isMax()) {
                    v = m[j];
                } else {
                    v = (m[j] + Math.log(s[j]) - Math.log(count)) / scale;
                }
                out[offset + j] = v;
            }
        }
    }
}
