package org.latentlab.objectives;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latentlab.models.Noise;
import org.latentlab.LatentLab;
import org.latentlab.models.MlpVae;
import org.latentlab.models.Posterior;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

@Tag("numeric")
class ElboTest {
    @Test
    void closedFormKlMatchesMonteCarlo() {
        float[] mu = {0.5f, -1.2f, 0f, 2f, 0.1f, -0.3f};
        float[] lv = {-1f, 0.7f, 0f, -3f, 1.5f, 0.2f};
        try (NDManager m = LatentLab.init().newBaseManager()) {
            Posterior q = new Posterior(m.create(mu, new Shape(2, 3)), m.create(lv, new Shape(2, 3)));
            float[] kl = Elbo.klStandardNormal(q).toFloatArray();
            assertEquals(2, kl.length);
            SplittableRandom rng = new SplittableRandom(1);
            int s = 400_000;
            for (int b = 0; b < 2; b++) {
                double sum = 0, sumSq = 0;
                for (int i = 0; i < s; i++) {
                    double logRatio = 0;
                    for (int j = 0; j < 3; j++) {
                        double e = gauss(rng);
                        double z = mu[b * 3 + j] + Math.exp(0.5 * lv[b * 3 + j]) * e;
                        logRatio += -0.5 * lv[b * 3 + j] - 0.5 * e * e + 0.5 * z * z;  // log q − log p
                    }
                    sum += logRatio;
                    sumSq += logRatio * logRatio;
                }
                double mean = sum / s;
                double se = Math.sqrt((sumSq / s - mean * mean) / s);
                assertEquals(mean, kl[b], 4 * se + 1e-4, "row " + b + " MC " + mean + " ± " + se);
            }
            // KL(N(0,1) || N(0,1)) = 0 exactly
            Posterior zero = new Posterior(m.zeros(new Shape(1, 4)), m.zeros(new Shape(1, 4)));
            assertEquals(0f, Elbo.klStandardNormal(zero).getFloat(0), 0f);
        }
    }

    private static double gauss(SplittableRandom r) {
        double u = r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    @Test
    void bernoulliTermIsBceWithLogits() {
        try (NDManager m = LatentLab.init().newBaseManager()) {
            float[] x = {0f, 1f, 1f, 0f, 0.3f};
            float[] l = {0f, 2f, -3f, 40f, -0.5f};
            double expected = 0;
            for (int i = 0; i < 5; i++) {
                expected += Math.log1p(Math.exp(l[i])) - x[i] * l[i];
            }
            float got = Elbo.bernoulliNll(m.create(x, new Shape(1, 5)), m.create(l, new Shape(1, 5))).getFloat(0);
            assertEquals(expected, got, 1e-4);
            assertEquals(784 * Math.log(2), Elbo.bernoulliNll(m.ones(new Shape(2, 784)),
                    m.zeros(new Shape(2, 784))).getFloat(1), 1e-3);
        }
    }

    @Test
    void lossIsReconstructionPlusBetaKlAndGradientsAreReproducible() {
        Engine engine = LatentLab.init();
        try (MlpVae vae = MlpVae.create(16, new int[] {8}, 2, 3); NDManager m = engine.newBaseManager()) {
            NDArray x = m.randomUniform(0f, 1f, new Shape(10, 16));
            Noise.seed(5);
            Objective.Loss l1 = new Elbo(1.0).loss(vae, x);
            Noise.seed(5);
            Objective.Loss l2 = new Elbo(2.5).loss(vae, x);
            assertEquals(l1.reconstruction().getFloat(), l2.reconstruction().getFloat(), 0f);
            assertEquals(l1.value().getFloat(), l1.reconstruction().getFloat() + l1.kl().getFloat(), 1e-4);
            assertEquals(l2.value().getFloat(), l2.reconstruction().getFloat() + 2.5f * l2.kl().getFloat(), 1e-3);
            assertEquals("elbo", new Elbo(1.0).name());

            // Same seed → same gradient, even with a garbage collection in between (the DJL scalar trap).
            float[][] grads = new float[2][];
            for (int r = 0; r < 2; r++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray xs = x.duplicate();
                    xs.attach(step);
                    Noise.seed(9);
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        Objective.Loss l = new Elbo(1.0).loss(vae, xs);
                        System.gc();
                        gc.backward(l.value());
                    }
                    try (NDArray g = vae.parameters().get(0).getGradient()) {
                        grads[r] = g.toFloatArray();
                        g.subi(g);  // zero for the next round
                    }
                    for (NDArray p : vae.parameters()) {
                        try (NDArray g = p.getGradient()) {
                            g.subi(g);
                        }
                    }
                }
            }
            assertArrayEquals(grads[0], grads[1], 0f);
            double norm = 0;
            for (float g : grads[0]) norm += g * g;
            assertTrue(norm > 0 && Double.isFinite(norm));
        }
    }
}
