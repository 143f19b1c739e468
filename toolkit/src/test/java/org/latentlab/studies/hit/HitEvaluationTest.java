package org.latentlab.studies.hit;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.latentlab.models.Noise;
import org.latentlab.LatentLab;
import org.latentlab.data.ImageDataset;
import org.latentlab.metrics.Gaussians;
import org.latentlab.metrics.InceptionScore;
import org.latentlab.models.Ghvae;
import org.latentlab.objectives.HitObjective;
import org.latentlab.objectives.Objective;
import org.latentlab.probes.ProbeConfig;
import org.latentlab.probes.ProbeKind;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class HitEvaluationTest {
    /**
     * Rates and distortion equal the two terms of the training objective at β = (1, 1) evaluated with the same
     * engine seed (the same z2 and z1 draws), and R(z2) equals the closed-form KL of the mean chain's q(z2|x).
     */
    @Test
    void ratesAgreeWithTheObjectiveAndTheClosedForm() {
        ImageDataset data = HitTestData.images("x", 200, 3);
        try (Ghvae m = Ghvae.mnist(7); NDManager mgr = LatentLab.init().newBaseManager()) {
            HitEvaluation.RateResult rr = HitEvaluation.rates(m, data, 11);
            Noise.seed(11);
            Objective.Loss loss = new HitObjective(1, 1).loss(m, mgr.create(data.pixels(), new Shape(200, 784)));
            double total = rr.rates().rateZ2() + rr.rates().rateZ1GivenZ2();
            assertEquals(loss.reconstruction().getFloat(), rr.rates().distortion(), 1e-4 * rr.rates().distortion());
            assertEquals(loss.kl().getFloat(), total, 1e-4 * total);
            HitEvaluation.MeanChain mc = HitEvaluation.meanChain(m, data);
            double r2 = 0;
            for (int i = 0; i < 200; i++) {
                for (int j = 0; j < 20; j++) {
                    r2 += Gaussians.klToStandard(mc.mu2()[i][j], mc.logVar2()[i][j]);
                }
            }
            assertEquals(r2 / 200, rr.rates().rateZ2(), 1e-9 * r2);
            assertEquals(0, rr.sigmaFloorHits());
            assertEquals(200L * (20 + 256 + 256), rr.sigmaValues());
            assertTrue(rr.rates().rateZ1GivenZ2() > 0 && rr.rates().rateZ2() > 0);
        }
    }

    @Test
    void meanChainIsDeterministicAndSamplesFollowTheirSeed() {
        ImageDataset data = HitTestData.images("x", 30, 4);
        try (Ghvae m = Ghvae.mnist(8)) {
            HitEvaluation.MeanChain a = HitEvaluation.meanChain(m, data);
            HitEvaluation.MeanChain b = HitEvaluation.meanChain(m, data);
            assertArrayEquals(a.reconstructions(), b.reconstructions());
            assertEquals(30, a.mu1().length);
            assertEquals(256, a.mu1()[0].length);
            for (float v : a.reconstructions()) {
                assertTrue(v > 0 && v < 1);
            }
            float[] s1 = HitEvaluation.samples(m, 5, 1);
            assertArrayEquals(s1, HitEvaluation.samples(m, 5, 1));
            assertFalse(Arrays.equals(s1, HitEvaluation.samples(m, 5, 2)));
            assertEquals(5 * 784, s1.length);
        }
    }

    @Test
    void inceptionScoreOfKnownClassifiers() {
        float[] images = new float[100 * 784];
        // uniform p(y|x): IS = 1, diversity = 10, sharpness = 1/10
        InceptionScore.Result u = HitEvaluation.inceptionScore(images, 100, 5, (px, n) -> {
            double[] p = new double[n * 10];
            Arrays.fill(p, 0.1);
            return p;
        });
        assertEquals(1.0, u.meanIs(), 1e-12);
        assertEquals(10.0, u.meanDiversity(), 1e-9);
        assertEquals(0.1, u.meanSharpness(), 1e-12);
        // confident and balanced (image i is class i mod 10): IS = 10
        InceptionScore.Result c = HitEvaluation.inceptionScore(images, 100, 5, (px, n) -> {
            double[] p = new double[n * 10];
            for (int i = 0; i < n; i++) {
                p[i * 10 + i % 10] = 1;
            }
            return p;
        });
        assertEquals(10.0, c.meanIs(), 1e-9);
        var e = assertThrows(IllegalArgumentException.class,
                () -> HitEvaluation.inceptionScore(images, 100, 5, (px, n) -> new double[7]));
        assertTrue(e.getMessage().contains("classifier returned 7"), e.getMessage());
    }

    @Test
    void probesSeparateSeparableFeaturesAndNotRandomLabels() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 500;
        double[][] x = new double[n][3];
        int[] labels = new int[n];
        int[] noise = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            noise[i] = r.nextInt(10);
            x[i][0] = 5 * Math.cos(labels[i] * 0.628) + 0.1 * r.nextGaussian();
            x[i][1] = 5 * Math.sin(labels[i] * 0.628) + 0.1 * r.nextGaussian();
            x[i][2] = r.nextGaussian();
        }
        double[] good = HitEvaluation.probeAccuracies(x, labels, "circle", ProbeConfig.defaults());
        assertEquals(ProbeKind.values().length, good.length);
        // classes on a circle: the linear probes separate them too (each class is a vertex of a convex polygon)
        for (double a : good) {
            assertTrue(a >= 0.95, Arrays.toString(good));
        }
        double[] bad = HitEvaluation.probeAccuracies(x, noise, "noise", ProbeConfig.defaults());
        for (double a : bad) {
            assertTrue(a <= 0.35, Arrays.toString(bad));
        }
        // the split is a seed-42 permutation: 80 % fit, 20 % evaluate
        int[] p = HitEvaluation.permutation(n, HitConfig.PROBE_SPLIT_SEED);
        assertEquals(n, Arrays.stream(p).distinct().count());
        assertArrayEquals(p, HitEvaluation.permutation(n, 42));
    }

    @Test
    void boundMatchesTheSpecCheckValues() {
        assertEquals(0.4951, HitEvaluation.bound(0.5, Math.log(10)), 1e-4);
        assertEquals(0.9511, HitEvaluation.bound(2.0, Math.log(10)), 1e-4);
        assertEquals(1.0, HitEvaluation.bound(5.0, Math.log(10)), 1e-9);
        assertEquals(0.1, HitEvaluation.bound(-1e-3, Math.log(10)), 1e-9);   // a slightly negative MC estimate
    }

    @Test
    void badInputIsRefusedWithItsName() {
        ImageDataset small = new ImageDataset("tiny-images", new float[4 * 16], new int[4], 4, 1, 4, 4);
        try (Ghvae m = Ghvae.mnist(1)) {
            var e = assertThrows(IllegalArgumentException.class, () -> HitEvaluation.meanChain(m, small));
            assertTrue(e.getMessage().contains("784") && e.getMessage().contains("16 values"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> HitEvaluation.samples(m, 0, 1));
            assertTrue(e.getMessage().contains("n must be >= 1"), e.getMessage());
        }
    }

    @Test
    void aNonFiniteResultIsRefused() {
        HitResult r = HitTestData.result(1, 1, Double.NaN, 1, 10, 2, 0.5, 0.5);
        var e = assertThrows(IllegalStateException.class, () -> HitEvaluation.requireFinite(r));
        assertTrue(e.getMessage().contains("R(z2) is NaN") && e.getMessage().contains("b1-1_b2-1"), e.getMessage());
    }
}
