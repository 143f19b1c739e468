package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.latentlab.LatentLab;
import org.latentlab.objectives.HitGaussianObjective;
import org.latentlab.objectives.Objective;

import static org.junit.jupiter.api.Assertions.*;

class HitConvVaeTest {
    @Test
    void parameterCountsAreTheSpecs() {
        try (HitConvVae g = HitConvVae.ghvae(1); HitConvVae l = HitConvVae.lvae(1)) {
            assertEquals(HitConvVae.GHVAE_PARAMETERS, g.parameterCount());
            assertEquals(475_811, g.parameterCount());
            assertEquals(HitConvVae.LVAE_PARAMETERS, l.parameterCount());
            assertEquals(408_131, l.parameterCount());
            assertEquals(g.parameters().size(), g.parameterNames().size());
        }
    }

    @Test
    void shapesThroughBothModels() {
        try (NDManager m = LatentLab.init().newBaseManager()) {
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3072));
            for (HitConvVae v : new HitConvVae[] {HitConvVae.ghvae(2), HitConvVae.lvae(2)}) {
                try (v) {
                    Ghvae.Gaussian q2 = v.encodeTop(x);
                    assertEquals(new Shape(2, 32), q2.mu().getShape());
                    Ghvae.Gaussian q1 = v.encodeBottom(x, q2.mu());
                    assertEquals(new Shape(2, 32, 4, 4), q1.mu().getShape());
                    assertEquals(new Shape(2, 32, 4, 4), q1.sigma().getShape());
                    assertTrue(q1.sigma().min().getFloat() > 0);
                    NDArray f = v.decodeMean(q1.mu());
                    assertEquals(new Shape(2, 3072), f.getShape());
                    assertTrue(f.min().getFloat() > 0 && f.max().getFloat() < 1);
                }
            }
        }
    }

    /** σ² = v̂σp²/(v̂ + σp²), μ = (μ̂σp² + μp v̂)/(v̂ + σp²), element by element. */
    @Test
    void lvaeMergeIsPrecisionWeighting() {
        try (NDManager m = LatentLab.init().newBaseManager()) {
            float[] muHat = {1f, -2f, 0.5f};
            float[] vHat = {0.5f, 2f, 1e-3f};
            float[] muP = {0f, 1f, 3f};
            float[] sP = {1f, 0.5f, 2f};
            Ghvae.Gaussian g = HitConvVae.merge(m.create(muHat), m.create(vHat),
                    new Ghvae.Gaussian(m.create(muP), m.create(sP)));
            float[] mu = g.mu().toFloatArray();
            float[] s = g.sigma().toFloatArray();
            for (int i = 0; i < 3; i++) {
                double vp = (double) sP[i] * sP[i];
                double var = vHat[i] * vp / (vHat[i] + vp);
                double want = (muHat[i] * vp + muP[i] * vHat[i]) / (vHat[i] + vp);
                assertEquals(Math.sqrt(var), s[i], 1e-6);
                assertEquals(want, mu[i], 1e-5);
                assertTrue(s[i] * s[i] <= Math.min(vHat[i], vp) + 1e-6);   // merging never widens
            }
        }
    }

    @Test
    void gaussianObjectiveTermsAndWarmup() {
        try (NDManager m = LatentLab.init().newBaseManager()) {
            // −log N(x; f, σ²I) for D = 2, σ = 0.5: Σ (x − f)²/(2σ²) + D(log σ + ½ log 2π)
            NDArray nll = HitGaussianObjective.gaussianNll(m.create(new float[] {1f, 0f}, new Shape(1, 2)),
                    m.create(new float[] {0.5f, 0.5f}, new Shape(1, 2)), 0.5);
            double want = (0.25 + 0.25) / 0.5 + 2 * (Math.log(0.5) + 0.5 * Math.log(2 * Math.PI));
            assertEquals(want, nll.getFloat(), 1e-5);
        }
        assertEquals(0.0, HitGaussianObjective.warmup(1, 500), 0.0);
        assertEquals(0.5, HitGaussianObjective.warmup(51, 500), 1e-12);
        assertEquals(1.0, HitGaussianObjective.warmup(101, 500), 0.0);
        assertEquals(1.0, HitGaussianObjective.warmup(500, 500), 0.0);
        assertEquals(1.0, HitGaussianObjective.warmup(1, 4), 0.0);
        assertThrows(IllegalArgumentException.class, () -> HitGaussianObjective.warmup(0, 10));
        var e = assertThrows(IllegalArgumentException.class, () -> new HitGaussianObjective(1, 1, 0));
        assertTrue(e.getMessage().contains("sigmaX"));
    }

    /** With w = 0 the loss is the reconstruction term alone; a backward pass reaches every parameter. */
    @Test
    void lossAndGradientsOfTheLvae() {
        try (HitConvVae v = HitConvVae.lvae(3); NDManager m = LatentLab.init().newBaseManager()) {
            NDArray x = m.randomUniform(0f, 1f, new Shape(4, 3072));
            HitGaussianObjective obj = new HitGaussianObjective(1, 1, 0.71);
            obj.setWarmup(0);
            Noise.seed(5);
            try (GradientCollector gc = LatentLab.init().newGradientCollector()) {
                Objective.Loss l = obj.loss(v, x);
                assertEquals(l.reconstruction().getFloat(), l.value().getFloat(), 1e-3);
                assertTrue(l.kl().getFloat() > 0);
                gc.backward(l.value());
            }
            for (NDArray p : v.parameters()) {
                try (NDArray g = p.getGradient()) {
                    assertTrue(Float.isFinite(g.abs().sum().getFloat()));
                }
            }
        }
    }
}
