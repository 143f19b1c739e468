package org.latentlab.objectives;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latentlab.models.Noise;
import org.latentlab.LatentLab;
import org.latentlab.models.Ghvae;

import static org.junit.jupiter.api.Assertions.*;

@Tag("numeric")
class HitObjectiveTest {
    /**
     * With β1 = β2 = 1 the HIT loss is the two-layer negative ELBO; recomputed here in double precision from the
     * model's distributions with the same noise draws (same engine seed, same draw order: ε2 then ε1).
     */
    @Test
    void unitBetasGiveTheTwoLayerElboComputedByHand() {
        Engine engine = LatentLab.init();
        try (Ghvae m = Ghvae.mnist(11); NDManager mgr = engine.newBaseManager()) {
            NDArray x = mgr.randomUniform(0f, 1f, new Shape(2, 784)).round();
            Noise.seed(42);
            Objective.Loss l = new HitObjective(1, 1).loss(m, x);
            double loss = l.value().getFloat();

            Noise.seed(42);
            Ghvae.Gaussian q2 = m.encodeTop(x);
            float[] e2 = Noise.normal(mgr, q2.mu().getShape()).toFloatArray();
            float[] mu2 = q2.mu().toFloatArray(), s2 = q2.sigma().toFloatArray();
            float[] z2 = new float[mu2.length];
            double kl2 = 0;
            for (int i = 0; i < z2.length; i++) {
                z2[i] = mu2[i] + s2[i] * e2[i];
                kl2 += 0.5 * (mu2[i] * (double) mu2[i] + s2[i] * (double) s2[i]) - Math.log(s2[i]) - 0.5;
            }
            NDArray z2a = mgr.create(z2, q2.mu().getShape());
            Ghvae.Gaussian q1 = m.encodeBottom(x, z2a);
            float[] e1 = Noise.normal(mgr, q1.mu().getShape()).toFloatArray();
            float[] mu1 = q1.mu().toFloatArray(), s1 = q1.sigma().toFloatArray();
            Ghvae.Gaussian p1 = m.priorBottom(z2a);
            float[] mp = p1.mu().toFloatArray(), sp = p1.sigma().toFloatArray();
            float[] z1 = new float[mu1.length];
            double kl1 = 0;
            for (int i = 0; i < z1.length; i++) {
                z1[i] = mu1[i] + s1[i] * e1[i];
                double d = mu1[i] - (double) mp[i];
                kl1 += Math.log(sp[i]) - Math.log(s1[i]) + (s1[i] * (double) s1[i] + d * d) / (2.0 * sp[i] * sp[i]) - 0.5;
            }
            float[] logits = m.decodeLogits(mgr.create(z1, q1.mu().getShape())).toFloatArray();
            float[] xs = x.toFloatArray();
            double recon = 0;
            for (int i = 0; i < xs.length; i++) {
                double lg = logits[i];
                recon -= xs[i] * lg - (Math.max(lg, 0) + Math.log1p(Math.exp(-Math.abs(lg))));  // log Bernoulli
            }
            double want = (recon + kl2 + kl1) / 2;
            assertTrue(kl1 > 0 && kl2 > 0, "both KLs positive");
            assertEquals(want, loss, 1e-4 * Math.abs(want));
            assertEquals(recon / 2, l.reconstruction().getFloat(), 1e-4 * Math.abs(recon / 2));
            assertEquals((kl1 + kl2) / 2, l.kl().getFloat(), 1e-3 * (kl1 + kl2) / 2 + 1e-4);

            // the betas weight exactly the two KL terms
            Noise.seed(42);
            double weighted = new HitObjective(2, 3).loss(m, x).value().getFloat();
            assertEquals((recon + 3 * kl2 + 2 * kl1) / 2, weighted, 1e-4 * Math.abs(want));
        }
    }

    @Test
    void rejectsNegativeBeta() {
        assertThrows(IllegalArgumentException.class, () -> new HitObjective(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> new HitObjective(1, Double.NaN));
    }
}
