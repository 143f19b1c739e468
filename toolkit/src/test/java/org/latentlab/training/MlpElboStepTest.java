package org.latentlab.training;

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
import org.latentlab.objectives.Elbo;

import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.*;

/** The hand-written backward pass of {@link MlpElboStep} against autograd on {@link Elbo#loss}. */
@Tag("numeric")
class MlpElboStepTest {

    /**
     * Same model, batch and noise seed: every parameter's gradient equals autograd's to float rounding, and the loss
     * is the same number. One and two hidden layers, β ≠ 1, and log σ² biases that put some log σ² on the clamp (where
     * the gradient must vanish, as in PyTorch).
     */
    @Test
    void gradientsEqualAutograd() {
        for (double beta : new double[] {1.0, 0.35}) {
            check(new int[] {40, 30}, beta, 3.0f);
            check(new int[] {25}, beta, 1.0f);
        }
    }

    private static void check(int[] hidden, double beta, float scale) {
        Engine engine = LatentLab.init();
        int d = 30;
        int k = 6;
        int b = 17;
        try (MlpVae vae = MlpVae.create(d, hidden, k, 11);
             NDManager mgr = engine.newBaseManager()) {
            for (NDArray p : vae.parameters()) {
                p.muli(scale);
            }
            // push a third of the log-variances above the clamp and a third below it
            float[] lvBias = new float[k];
            for (int j = 0; j < k; j++) {
                lvBias[j] = j % 3 == 0 ? 9f : j % 3 == 1 ? -13f : 0f;
            }
            vae.parameters().get(vae.parameterNames().indexOf("logvar.bias")).set(lvBias);
            NDArray x = mgr.randomUniform(0f, 1f, new Shape(b, d)).round();
            Elbo elbo = new Elbo(beta);
            // autograd
            float autoLoss;
            Noise.seed(5);
            try (NDManager step = mgr.newSubManager()) {
                NDArray xs = x.duplicate();
                xs.attach(step);
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray loss = elbo.loss(vae, xs).value();
                    gc.backward(loss);
                    autoLoss = loss.getFloat();
                }
            }
            float[][] auto = new float[vae.parameters().size()][];
            for (int i = 0; i < auto.length; i++) {
                try (NDArray g = vae.parameters().get(i).getGradient()) {
                    auto[i] = g.toFloatArray();
                }
            }
            // hand-written
            ConcurrentHashMap<Integer, float[]> got = new ConcurrentHashMap<>();
            float fastLoss;
            Noise.seed(5);
            try (MlpElboStep fast = new MlpElboStep(vae, elbo, null, (w, gw, gb) -> {
                got.put(w, gw.toFloatArray());
                got.put(w + 1, gb.toFloatArray());
            }, true); NDManager step = mgr.newSubManager()) {
                NDArray xs = x.duplicate();
                xs.attach(step);
                fastLoss = fast.step(step, xs);
            }
            String where = "hidden " + java.util.Arrays.toString(hidden) + ", beta " + beta;
            assertEquals(autoLoss, fastLoss, 1e-4 * Math.abs(autoLoss), "loss, " + where);
            assertEquals(auto.length, got.size(), "every parameter gets a gradient, " + where);
            int clamped = 0;
            for (int i = 0; i < auto.length; i++) {
                float[] a = auto[i];
                float[] f = got.get(i);
                double scaleI = 1e-12;
                for (float v : a) {
                    scaleI = Math.max(scaleI, Math.abs(v));
                }
                for (int j = 0; j < a.length; j++) {
                    assertEquals(a[j], f[j], 2e-5 * scaleI, vae.parameterNames().get(i) + "[" + j + "], " + where);
                }
            }
            // the test means something only if the clamp and the ReLU masks were exercised
            try (NDManager probe = mgr.newSubManager()) {
                NDArray xs = x.duplicate();
                xs.attach(probe);
                NDArray lv = vae.encode(xs).logVar();
                clamped = (int) lv.eq(MlpVae.LOG_VAR_MAX).logicalOr(lv.eq(MlpVae.LOG_VAR_MIN)).sum().getLong();
            }
            assertTrue(clamped > 0 && clamped < b * k, "some log-variances, not all, on the clamp: " + clamped
                    + ", " + where);
        }
    }

    /**
     * Five fused steps (Adam applied per layer, on two threads) end where five autograd steps + {@link Adam#step()}
     * end, up to float rounding; and the fused steps are exactly reproducible (no race between the threads), equal
     * bit for bit to the same steps run all on the calling thread (LATENTLAB_THREADS=1).
     */
    @Test
    void fusedStepsWithAdamMatchAutogradAndRepeatExactly() {
        Engine engine = LatentLab.init();
        int d = 50;
        try (MlpVae ref = MlpVae.create(d, new int[] {64, 32}, 5, 21);
             MlpVae a = MlpVae.create(d, new int[] {64, 32}, 5, 21);
             MlpVae b = MlpVae.create(d, new int[] {64, 32}, 5, 21);
             MlpVae c = MlpVae.create(d, new int[] {64, 32}, 5, 21);
             NDManager mgr = engine.newBaseManager();
             Adam adamRef = new Adam(ref.parameters(), 1e-2);
             Adam adamA = new Adam(a.parameters(), 1e-2);
             Adam adamB = new Adam(b.parameters(), 1e-2);
             Adam adamC = new Adam(c.parameters(), 1e-2);
             MlpElboStep fa = new MlpElboStep(a, new Elbo(), adamA);
             MlpElboStep fb = new MlpElboStep(b, new Elbo(), adamB);
             MlpElboStep fc = new MlpElboStep(c, new Elbo(), adamC, null, false)) {
            NDArray x = mgr.randomUniform(0f, 1f, new Shape(40, d)).round();
            float[] before = ref.parameters().get(0).toFloatArray();
            for (int t = 0; t < 5; t++) {
                Noise.seed(100 + t);
                try (NDManager step = mgr.newSubManager()) {
                    NDArray xs = x.duplicate();
                    xs.attach(step);
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        gc.backward(new Elbo().loss(ref, xs).value());
                    }
                    adamRef.step();
                }
                for (Object[] side : new Object[][] {{fa, 100 + t}, {fb, 100 + t}, {fc, 100 + t}}) {
                    Noise.seed((Integer) side[1]);
                    try (NDManager step = mgr.newSubManager()) {
                        NDArray xs = x.duplicate();
                        xs.attach(step);
                        ((MlpElboStep) side[0]).step(step, xs);
                    }
                }
            }
            assertEquals(5, adamA.stepCount());
            double moved = 0;
            for (int i = 0; i < ref.parameters().size(); i++) {
                float[] r = ref.parameters().get(i).toFloatArray();
                float[] pa = a.parameters().get(i).toFloatArray();
                assertArrayEquals(pa, b.parameters().get(i).toFloatArray(), "fused runs differ: " + i);
                assertArrayEquals(pa, c.parameters().get(i).toFloatArray(), "helper vs calling thread: " + i);
                assertArrayEquals(r, pa, 2e-4f, "fused vs autograd: " + ref.parameterNames().get(i));
                if (i == 0) {
                    for (int j = 0; j < r.length; j++) {
                        moved = Math.max(moved, Math.abs(r[j] - before[j]));
                    }
                }
            }
            assertTrue(moved > 1e-2, "the parameters moved: " + moved);
        }
    }

    /** Which model/objective pairs take the hand-written step. */
    @Test
    void appliesToMlpVaesWithHiddenLayersOnTheElboOnly() {
        assertTrue(MlpElboStep.applies(MlpVae.create(4, new int[] {3}, 2, 1), new Elbo()));
        assertFalse(MlpElboStep.applies(MlpVae.create(4, new int[] {}, 2, 1), new Elbo()));
        assertFalse(MlpElboStep.applies(MlpVae.create(4, new int[] {3}, 2, 1),
                org.latentlab.objectives.RenyiBound.of(0.5, 3)));
    }
}
