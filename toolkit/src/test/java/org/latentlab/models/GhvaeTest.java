package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latentlab.LatentLab;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

@Tag("numeric")
class GhvaeTest {
    @Test
    void hasExactlyTheSpecParameterCountAndShapes() {
        try (Ghvae m = Ghvae.mnist(3); NDManager mgr = LatentLab.init().newBaseManager()) {
            assertEquals(Ghvae.MNIST_PARAMETERS, m.parameterCount());
            assertEquals(122_713, m.parameterCount());
            assertEquals(m.parameters().size(), m.parameterNames().size());
            NDArray x = mgr.randomUniform(0f, 1f, new Shape(3, 784)).round();
            Ghvae.Gaussian q2 = m.encodeTop(x);
            assertEquals(new Shape(3, 20), q2.mu().getShape());
            assertEquals(new Shape(3, 20), q2.sigma().getShape());
            Ghvae.Gaussian q1 = m.encodeBottom(x, q2.mu());
            assertEquals(new Shape(3, 16, 4, 4), q1.mu().getShape());
            assertEquals(new Shape(3, 16, 4, 4), q1.sigma().getShape());
            Ghvae.Gaussian p1 = m.priorBottom(q2.mu());
            assertEquals(new Shape(3, 16, 4, 4), p1.sigma().getShape());
            assertTrue(p1.sigma().min().getFloat() >= Ghvae.SIGMA_FLOOR);
            assertEquals(new Shape(3, 784), m.decodeLogits(q1.mu()).getShape());
        }
    }

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
                NDArray got = Ghvae.convTranspose2d(mgr.create(x, new Shape(n, cin, h, h)),
                        mgr.create(w, new Shape(cin, cout, k, k)), mgr.create(b), s, p);
                assertEquals(new Shape(n, cout, o, o), got.getShape(), "stride " + s);
                float[] g = got.toFloatArray();
                for (int i = 0; i < g.length; i++) {
                    assertEquals(want[i], g[i], 1e-4, "stride " + s + " index " + i);
                }
            }
        }
    }
}
