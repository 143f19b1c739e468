package org.latentlab.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latentlab.models.Noise;
import org.latentlab.LatentLab;

import static org.junit.jupiter.api.Assertions.*;

@Tag("numeric")
class AdamTest {
    /** Adam on f(p) = Σ c_i p_i² must follow torch.optim.Adam's rule, re-computed here in double precision. */
    @Test
    void followsPyTorchAdamRule() {
        // the last coordinate has tiny gradients, where ε matters
        followsRule(new double[] {1.0, 0.5, 4.0, 1e-6}, 0.0, Adam.JAVA_KERNEL, 5);
    }

    /**
     * L2 weight decay λ is added to the gradient before the moments (torch.optim.Adam(weight_decay=λ), not AdamW),
     * in both kernels; the last coordinate moves by the decay alone.
     */
    @Test
    void weightDecayIsAddedToTheGradientInBothKernels() {
        followsRule(new double[] {1.0, 0.5, 4.0, 0.0}, 0.3, true, 4);
        followsRule(new double[] {1.0, 0.5, 4.0, 0.0}, 0.3, false, 4);
    }

    /**
     * {@code steps} Adam steps (lr 0.05) on f(p) = Σ c_i p_i² from p = (1, −2, 0.5, 3) against the rule with
     * g = 2·c·p + λ·p in double precision; the gradients are zeroed after each step.
     */
    private static void followsRule(double[] c, double lambda, boolean javaKernel, int steps) {
        Engine engine = LatentLab.init();
        double lr = 0.05;
        double[] p = {1.0, -2.0, 0.5, 3.0};
        double[] m = new double[4];
        double[] v = new double[4];
        float[] cf = new float[4];
        for (int i = 0; i < 4; i++) {
            cf[i] = (float) c[i];
        }
        String what = (javaKernel ? "java" : "native") + " kernel, λ = " + lambda;
        try (NDManager mgr = engine.newBaseManager()) {
            NDArray param = mgr.create(new float[] {1f, -2f, 0.5f, 3f});
            param.setRequiresGradient(true);
            NDArray coef = mgr.create(cf);
            try (Adam adam = new Adam(new NDList(param), lr, lambda, javaKernel)) {
                assertEquals(lambda, adam.weightDecay(), 1e-7);
                for (int t = 1; t <= steps; t++) {
                    try (NDManager step = mgr.newSubManager()) {
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray loss = param.square().mul(coef).sum();
                            loss.attach(step);
                            gc.backward(loss);
                        }
                        adam.step();
                    }
                    for (int i = 0; i < 4; i++) {
                        double g = 2 * c[i] * p[i] + lambda * p[i];
                        m[i] = 0.9 * m[i] + 0.1 * g;
                        v[i] = 0.999 * v[i] + 0.001 * g * g;
                        double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                        p[i] -= lr / (1 - Math.pow(0.9, t)) * m[i] / denom;
                    }
                    float[] got = param.toFloatArray();
                    for (int i = 0; i < 4; i++) {
                        assertEquals(p[i], got[i], 2e-6, what + ", step " + t + " coordinate " + i);
                    }
                }
                assertEquals(steps, adam.stepCount());
                try (NDArray g = param.getGradient()) {
                    assertArrayEquals(new float[4], g.toFloatArray(), 0f, what + ": gradients zeroed after a step");
                }
            }
        }
    }

    @Test
    void rejectsNegativeWeightDecay() {
        try (NDManager mgr = LatentLab.init().newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Adam(new NDList(mgr.zeros(new ai.djl.ndarray.types.Shape(2))), 1e-3, -1e-4));
            assertTrue(e.getMessage().contains("weightDecay"), e.getMessage());
        }
    }

    /** The single-pass Java kernel and DJL's native adamUpdate give the same parameters on a real model. */
    @Test
    void javaKernelMatchesNativeKernelOnAnMlpVae() {
        Engine engine = LatentLab.init();
        try (org.latentlab.models.MlpVae a = org.latentlab.models.MlpVae.create(12, new int[] {8}, 3, 5);
             org.latentlab.models.MlpVae b = org.latentlab.models.MlpVae.create(12, new int[] {8}, 3, 5);
             NDManager mgr = engine.newBaseManager();
             Adam fused = new Adam(a.parameters(), 1e-2, true);
             Adam nat = new Adam(b.parameters(), 1e-2, false)) {
            NDArray x = mgr.randomUniform(0f, 1f, new ai.djl.ndarray.types.Shape(6, 12)).round();
            org.latentlab.objectives.Elbo elbo = new org.latentlab.objectives.Elbo();
            for (int t = 0; t < 4; t++) {
                for (Object[] side : new Object[][] {{a, fused}, {b, nat}}) {
                    try (NDManager step = mgr.newSubManager()) {
                        Noise.seed(100 + t);
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray loss = elbo.loss((org.latentlab.models.MlpVae) side[0], x).value();
                            loss.attach(step);
                            gc.backward(loss);
                        }
                        ((Adam) side[1]).step();
                    }
                }
            }
            for (int i = 0; i < a.parameters().size(); i++) {
                assertArrayEquals(b.parameters().get(i).toFloatArray(), a.parameters().get(i).toFloatArray(), 1e-6f,
                        "parameter " + a.parameterNames().get(i));
                try (NDArray g = a.parameters().get(i).getGradient()) {
                    assertEquals(0f, g.abs().max().getFloat(), "gradient zeroed: " + a.parameterNames().get(i));
                }
            }
            assertArrayEquals(nat.secondMoments().get(0).toFloatArray(), fused.secondMoments().get(0).toFloatArray(),
                    1e-9f);
        }
    }

    /** On a large parameter (odd length, past any vector-loop tail) the Java kernel equals the native one. */
    @Test
    void javaKernelMatchesNativeKernelOnALargeParameter() {
        Engine engine = LatentLab.init();
        int n = 100_003;
        float[] init = new float[n];
        float[] coef = new float[n];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            init[i] = (float) rng.nextGaussian();
            coef[i] = (float) rng.nextDouble();
        }
        try (NDManager mgr = engine.newBaseManager()) {
            NDArray pa = mgr.create(init);
            NDArray pb = mgr.create(init);
            NDArray c = mgr.create(coef);
            pa.setRequiresGradient(true);
            pb.setRequiresGradient(true);
            try (Adam fused = new Adam(new NDList(pa), 1e-2, true); Adam nat = new Adam(new NDList(pb), 1e-2, false)) {
                for (int t = 0; t < 3; t++) {
                    for (Object[] side : new Object[][] {{pa, fused}, {pb, nat}}) {
                        try (NDManager step = mgr.newSubManager()) {
                            try (GradientCollector gc = engine.newGradientCollector()) {
                                NDArray loss = ((NDArray) side[0]).square().mul(c).sum();
                                loss.attach(step);
                                gc.backward(loss);
                            }
                            ((Adam) side[1]).step();
                        }
                    }
                }
            }
            assertArrayEquals(pb.toFloatArray(), pa.toFloatArray(), 1e-6f);
        }
    }
}
