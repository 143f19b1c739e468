package org.latentlab.objectives;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.latentlab.models.Noise;
import org.latentlab.LatentLab;
import org.latentlab.data.ImageDataset;
import org.latentlab.models.Posterior;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("numeric")
class RenyiBoundTest {
    private static final int D = 6;
    private static final int K = 2;

    @BeforeAll
    static void init() {
        LatentLab.init();
    }

    private static double[] randomLogW(Random r, int samples) {
        double[] v = new double[samples];
        for (int i = 0; i < samples; i++) {
            v[i] = -90 + 3 * r.nextGaussian();
        }
        return v;
    }

    @Test
    void limitsOnFixedLogWeights() {
        Random r = new Random(1);
        for (int rep = 0; rep < 20; rep++) {
            double[] lw = randomLogW(r, 10);
            double mean = 0;
            double mx = Double.NEGATIVE_INFINITY;
            for (double v : lw) {
                mean += v / lw.length;
                mx = Math.max(mx, v);
            }
            double s = 0;
            for (double v : lw) {
                s += Math.exp(v - mx);
            }
            double iwae = mx + Math.log(s) - Math.log(lw.length);
            assertEquals(mean, RenyiBound.of(1.0, 10).bound(lw), 1e-12, "alpha = 1 is the MC ELBO");
            assertEquals(mean, RenyiBound.of(1 - 1e-4, 10).bound(lw), 0.05, "alpha -> 1 approaches the MC ELBO");
            assertEquals(mean, RenyiBound.of(1 + 1e-4, 10).bound(lw), 0.05, "alpha -> 1 from above");
            assertEquals(iwae, RenyiBound.of(0.0, 10).bound(lw), 1e-10, "alpha = 0 is IWAE");
            assertEquals(mx, RenyiBound.vrMax(10).bound(lw), 0.0, "VR-max is the max");
            assertEquals(mx, RenyiBound.of(-2000, 10).bound(lw), 0.01, "alpha -> -inf approaches VR-max");
            // non-increasing in alpha (power-mean inequality holds per sample set)
            double[] alphas = {-50, -5, -1, 0, 0.25, 0.5, 0.75, 1, 1.5, 3};
            double prev = RenyiBound.vrMax(10).bound(lw);
            for (double a : alphas) {
                double v = RenyiBound.of(a, 10).bound(lw);
                assertTrue(v <= prev + 1e-9, "bound must not increase from alpha " + a + ": " + v + " > " + prev);
                prev = v;
            }
        }
    }

    @Test
    void oneSampleGivesTheSameValueForEveryAlpha() {
        double[] lw = {-87.25};
        for (double a : new double[]{-3, 0, 0.5, 1, 2}) {
            assertEquals(-87.25, RenyiBound.of(a, 1).bound(lw), 1e-12, "alpha " + a);
        }
        assertEquals(-87.25, RenyiBound.vrMax(1).bound(lw), 0.0);
    }

    @Test
    void ndArrayBoundMatchesDoubleBound() {
        Random r = new Random(3);
        int samples = 7;
        int batch = 5;
        double[][] cols = new double[batch][];
        double[] flat = new double[samples * batch];
        for (int j = 0; j < batch; j++) {
            cols[j] = randomLogW(r, samples);
            for (int i = 0; i < samples; i++) {
                flat[i * batch + j] = cols[j][i];
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray lw = m.create(flat, new Shape(samples, batch));
            for (RenyiBound b : List.of(RenyiBound.of(1, samples), RenyiBound.of(0.5, samples),
                    RenyiBound.of(0, samples), RenyiBound.of(-1, samples), RenyiBound.vrMax(samples))) {
                double[] v = b.bound(lw).toDoubleArray();
                for (int j = 0; j < batch; j++) {
                    assertEquals(b.bound(cols[j]), v[j], 1e-9, b.name() + " example " + j);
                }
            }
        }
    }

    /** Closed-form ELBO of the tiny model: E_q log p(x|z) can't be closed, so compare MC ELBO at large K. */
    @Test
    void alphaOneLossIsTheElboEstimateAndMatchesAnalyticKl() {
        int n = 8;
        try (TinyVae model = new TinyVae(D, K, 11); NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(TinyVae.binaryData(n, D, 5), new Shape(n, D));
            Noise.seed(7);
            Objective.Loss loss = RenyiBound.of(1.0, 20000).loss(model, x);
            Posterior q = model.encode(x);
            double[] mu = q.mu().toType(DataType.FLOAT64, false).toDoubleArray();
            double[] lv = q.logVar().toType(DataType.FLOAT64, false).toDoubleArray();
            double kl = 0;
            for (int i = 0; i < mu.length; i++) {
                kl += 0.5 * (mu[i] * mu[i] + Math.exp(lv[i]) - 1 - lv[i]);
            }
            kl /= n;
            double mcKl = loss.kl().getFloat();
            assertEquals(kl, mcKl, 0.05 * Math.max(1, kl), "MC KL of the alpha = 1 loss vs closed form");
            assertEquals(loss.value().getFloat(), loss.reconstruction().getFloat() + mcKl, 1e-3,
                    "alpha = 1 loss = reconstruction + KL on the same samples");
        }
    }

    @Test
    void oneSampleGivesTheSameLossAndGradientForEveryAlpha() {
        int n = 16;
        List<RenyiBound> objectives = List.of(RenyiBound.of(1, 1), RenyiBound.of(0.5, 1), RenyiBound.of(0, 1),
                RenyiBound.of(-1, 1), RenyiBound.vrMax(1));
        List<double[]> grads = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (RenyiBound obj : objectives) {
            try (TinyVae model = new TinyVae(D, K, 21); NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.create(TinyVae.binaryData(n, D, 9), new Shape(n, D));
                Noise.seed(42);
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    Objective.Loss loss = obj.loss(model, x);
                    gc.backward(loss.value());
                    values.add(loss.value().getFloat());
                }
                NDArray g = model.parameters().get(0).getGradient();
                grads.add(g.toType(DataType.FLOAT64, false).toDoubleArray());
                g.close();
            }
        }
        for (int i = 1; i < objectives.size(); i++) {
            assertEquals(values.get(0), values.get(i), 1e-4, objectives.get(i).name());
            double[] a = grads.get(0);
            double[] b = grads.get(i);
            double norm = 0;
            for (int j = 0; j < a.length; j++) {
                assertEquals(a[j], b[j], 1e-4, objectives.get(i).name() + " gradient " + j);
                norm += Math.abs(a[j]);
            }
            assertTrue(norm > 0, "gradient must be non-zero");
        }
    }

    @Test
    void gradientIsTheSelfNormalisedWeightedAverage() {
        // For fixed noise, d L_alpha / d theta = sum_k softmax((1-alpha) log w)_k d log w_k / d theta.
        // Check on the decoder bias, whose d log w_k / d b = x - sigmoid(l_k), summed over the batch mean.
        int n = 4;
        int samples = 5;
        double alpha = 0.5;
        try (TinyVae model = new TinyVae(D, K, 31); NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(TinyVae.binaryData(n, D, 13), new Shape(n, D));
            Noise.seed(5);
            NDArray eps = Noise.normal(m, new Shape(samples, n, K));
            double[] expected = new double[D];
            {
                Posterior q = model.encode(x);
                NDArray lw = LogWeights.compute(model, x, q, eps);
                double[] w = lw.toDoubleArray();
                NDArray z = eps.mul(q.logVar().mul(0.5f).exp()).add(q.mu());
                double[] p = model.decodeLogits(z).toType(DataType.FLOAT64, false).toDoubleArray();
                double[] xs = x.toType(DataType.FLOAT64, false).toDoubleArray();
                for (int b = 0; b < n; b++) {
                    double mx = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s < samples; s++) {
                        mx = Math.max(mx, (1 - alpha) * w[s * n + b]);
                    }
                    double tot = 0;
                    double[] sw = new double[samples];
                    for (int s = 0; s < samples; s++) {
                        sw[s] = Math.exp((1 - alpha) * w[s * n + b] - mx);
                        tot += sw[s];
                    }
                    for (int s = 0; s < samples; s++) {
                        for (int i = 0; i < D; i++) {
                            double sig = 1 / (1 + Math.exp(-p[(s * n + b) * D + i]));
                            expected[i] += -(sw[s] / tot) * (xs[b * D + i] - sig) / n;
                        }
                    }
                }
            }
            double expectedValue = -RenyiBound.of(alpha, samples)
                    .bound(LogWeights.compute(model, x, model.encode(x), eps)).mean().getDouble();
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                Objective.Loss loss = RenyiBound.of(alpha, samples).loss(model, x, eps);
                assertEquals(expectedValue, loss.value().getFloat(), 1e-4 * Math.abs(expectedValue),
                        "loss value is minus the mean bound");
                gc.backward(loss.value());
            }
            NDArray g = model.parameters().get(4).getGradient();
            double[] got = g.toType(DataType.FLOAT64, false).toDoubleArray();
            for (int i = 0; i < D; i++) {
                assertEquals(expected[i], got[i], 1e-5, "decoder bias gradient " + i);
            }
        }
    }

    @Test
    void estimatorIsChunkInvariantAndIwaeIsAboveElbo() {
        int n = 30;
        ImageDataset data = new ImageDataset("tiny", TinyVae.binaryData(n, D, 17), new int[n], n, 1, 1, D);
        try (TinyVae model = new TinyVae(D, K, 41)) {
            double[] a = new BoundEstimator(8, 8).logLikelihood(model, data, 300, 3);
            java.util.List<String> seen = new java.util.ArrayList<>();
            double[] b = new BoundEstimator(8, 8000).logLikelihood(model, data, 300, 3,
                    (task, done, total) -> seen.add(task + " " + done + "/" + total));
            for (int i = 0; i < n; i++) {
                assertEquals(a[i], b[i], 1e-9, "chunking must not change example " + i);
            }
            // progress: start, then after each batch of 8 examples (8, 16, 24, 30)
            assertEquals(java.util.List.of("IS log-likelihood K=300 0/30", "IS log-likelihood K=300 8/30",
                    "IS log-likelihood K=300 16/30", "IS log-likelihood K=300 24/30", "IS log-likelihood K=300 30/30"),
                    seen);
            double[] elbo = new BoundEstimator(8, 8000).evaluate(model, data, RenyiBound.of(1, 300), 4);
            double[] vrHalf = new BoundEstimator(8, 8000).evaluate(model, data, RenyiBound.of(0.5, 300), 4);
            double[] iwae = new BoundEstimator(8, 8000).evaluate(model, data, RenyiBound.iwae(300), 4);
            double[] vrMax = new BoundEstimator(8, 8000).evaluate(model, data, RenyiBound.vrMax(300), 4);
            double meanElbo = 0;
            double meanIwae = 0;
            for (int i = 0; i < n; i++) {
                assertTrue(elbo[i] <= vrHalf[i] + 1e-9 && vrHalf[i] <= iwae[i] + 1e-9 && iwae[i] <= vrMax[i] + 1e-9,
                        "same samples: ELBO <= VR(0.5) <= IWAE <= VR-max at example " + i);
                meanElbo += elbo[i] / n;
                meanIwae += iwae[i] / n;
            }
            assertTrue(meanIwae > meanElbo + 1e-3, "IWAE " + meanIwae + " must exceed the ELBO " + meanElbo);
        }
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RenyiBound.of(0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> RenyiBound.of(Double.NaN, 5));
        assertThrows(IllegalArgumentException.class, () -> new BoundEstimator(0, 10));
        try (TinyVae model = new TinyVae(D, K, 1); NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(3, D + 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RenyiBound.of(0.5, 5).loss(model, x));
            assertTrue(e.getMessage().contains("x must have shape"));
        }
    }
}
