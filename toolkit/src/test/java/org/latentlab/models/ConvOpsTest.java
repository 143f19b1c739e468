package org.latentlab.models;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.latentlab.LatentLab;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ConvOpsTest {
    /** The transposed convolution equals torch's conv_transpose2d definition, computed by direct scattering. */
    @Test
    void transposedConvolutionMatchesDirectDefinition() {
        int n = 2, cin = 2, cout = 3, h = 3, k = 4;
        SplittableRandom rng = new SplittableRandom(5);
        float[] x = new float[n * cin * h * h];
        float[] w = new float[cin * cout * k * k];
        float[] b = new float[cout];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        for (int i = 0; i < w.length; i++) w[i] = (float) rng.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) rng.nextGaussian();
        try (NDManager mgr = LatentLab.init().newBaseManager()) {
            for (int[] sp : new int[][] {{1, 0}, {2, 1}, {3, 1}}) {
                int s = sp[0], p = sp[1];
                int o = (h - 1) * s - 2 * p + k;
                double[] want = new double[n * cout * o * o];
                for (int bi = 0; bi < n; bi++) {
                    for (int co = 0; co < cout; co++) {
                        for (int r = 0; r < o * o; r++) want[((bi * cout + co) * o * o) + r] = b[co];
                        for (int ci = 0; ci < cin; ci++) {
                            for (int i = 0; i < h; i++) {
                                for (int j = 0; j < h; j++) {
                                    for (int ki = 0; ki < k; ki++) {
                                        for (int kj = 0; kj < k; kj++) {
                                            int oi = i * s - p + ki, oj = j * s - p + kj;
                                            if (oi < 0 || oj < 0 || oi >= o || oj >= o) continue;
                                            want[((bi * cout + co) * o + oi) * o + oj] +=
                                                    x[((bi * cin + ci) * h + i) * h + j]
                                                    * w[((ci * cout + co) * k + ki) * k + kj];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                NDArray got = ConvOps.convTranspose2d(mgr.create(x, new Shape(n, cin, h, h)),
                        mgr.create(w, new Shape(cin, cout, k, k)), mgr.create(b), s, p);
                assertEquals(new Shape(n, cout, o, o), got.getShape(), "stride " + s);
                float[] g = got.toFloatArray();
                for (int i = 0; i < g.length; i++) {
                    assertEquals(want[i], g[i], 1e-4, "stride " + s + " index " + i);
                }
            }
        }
    }

    /**
     * BatchNorm against the closed form: training mode normalises with the batch mean and biased variance and moves
     * the running statistics by momentum 0.1 toward the batch mean and the unbiased variance; evaluation mode uses
     * the running statistics and leaves them alone.
     */
    @Test
    void batchNormTrainAndEvalMatchClosedForm() {
        int n = 4, c = 3, h = 2, w = 3;
        int per = n * h * w;
        SplittableRandom rng = new SplittableRandom(11);
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) x[i] = (float) (rng.nextGaussian() * 2 + 1);
        float[] gamma = {0.5f, 1.5f, -1f};
        float[] beta = {0.1f, -0.2f, 0.3f};
        float[] rm0 = {0.2f, -0.1f, 0.0f};
        float[] rv0 = {1.0f, 2.0f, 0.5f};
        try (NDManager mgr = LatentLab.init().newBaseManager()) {
            NDArray xa = mgr.create(x, new Shape(n, c, h, w));
            NDArray g = mgr.create(gamma);
            NDArray b = mgr.create(beta);
            NDArray rm = mgr.create(rm0.clone());
            NDArray rv = mgr.create(rv0.clone());
            double[] mean = new double[c];
            double[] var = new double[c];
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < n; i++) for (int p = 0; p < h * w; p++) mean[ch] += x[(i * c + ch) * h * w + p];
                mean[ch] /= per;
                for (int i = 0; i < n; i++) for (int p = 0; p < h * w; p++) {
                    double d = x[(i * c + ch) * h * w + p] - mean[ch];
                    var[ch] += d * d;
                }
                var[ch] /= per; // biased
            }
            float[] yt = ConvOps.batchNorm(xa, g, b, rm, rv, true).toFloatArray();
            float[] ye = ConvOps.batchNorm(xa, g, b, rm, rv, false).toFloatArray();
            float[] rm1 = rm.toFloatArray();
            float[] rv1 = rv.toFloatArray();
            for (int ch = 0; ch < c; ch++) {
                assertEquals(0.9 * rm0[ch] + 0.1 * mean[ch], rm1[ch], 1e-5, "running mean " + ch);
                assertEquals(0.9 * rv0[ch] + 0.1 * var[ch] * per / (per - 1), rv1[ch], 1e-5, "running var " + ch);
                for (int i = 0; i < n; i++) for (int p = 0; p < h * w; p++) {
                    int j = (i * c + ch) * h * w + p;
                    double train = gamma[ch] * (x[j] - mean[ch]) / Math.sqrt(var[ch] + 1e-5) + beta[ch];
                    double eval = gamma[ch] * (x[j] - rm1[ch]) / Math.sqrt(rv1[ch] + 1e-5) + beta[ch];
                    assertEquals(train, yt[j], 1e-4, "train output " + j);
                    assertEquals(eval, ye[j], 1e-4, "eval output " + j);
                }
            }
            // evaluation mode leaves the running statistics unchanged
            assertArrayEquals(rm1, rm.toFloatArray());
            assertArrayEquals(rv1, rv.toFloatArray());
        }
    }

    /** BatchNorm in training mode is differentiable: Σ of the normalised output has zero gradient in x. */
    @Test
    void batchNormTrainingGradientFlows() {
        Engine engine = LatentLab.init();
        try (NDManager mgr = engine.newBaseManager()) {
            NDArray x = mgr.randomNormal(new Shape(8, 5));
            x.setRequiresGradient(true);
            NDArray g = mgr.ones(new Shape(5));
            g.setRequiresGradient(true);
            NDArray b = mgr.zeros(new Shape(5));
            b.setRequiresGradient(true);
            NDArray rm = mgr.zeros(new Shape(5));
            NDArray rv = mgr.ones(new Shape(5));
            try (GradientCollector gc = engine.newGradientCollector()) {
                NDArray y = ConvOps.batchNorm(x, g, b, rm, rv, true);
                gc.backward(y.sum());
            }
            // d/dx Σ BN(x) = 0 (the batch mean absorbs a shift); d/dβ = batch size per channel
            for (float v : x.getGradient().toFloatArray()) assertEquals(0.0, v, 1e-5);
            for (float v : b.getGradient().toFloatArray()) assertEquals(8.0, v, 1e-5);
        }
    }
}
