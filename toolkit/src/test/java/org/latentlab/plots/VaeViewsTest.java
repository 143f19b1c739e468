package org.latentlab.plots;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.latentlab.LatentLab;
import org.latentlab.data.ImageDataset;
import org.latentlab.models.MlpVae;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class VaeViewsTest {
    private static ImageDataset data(int n, int dim, long seed) {
        Random r = new Random(seed);
        float[] p = new float[n * dim];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextFloat();
        }
        return new ImageDataset("rand", p, new int[n], n, 1, 4, dim / 4);
    }

    @Test
    void meansReconstructionsAndSamplesMatchTheModelAndStayInRange() {
        LatentLab.init();
        try (MlpVae m = MlpVae.create(16, new int[]{8}, 2, 3L)) {
            ImageDataset d = data(1205, 16, 1); // crosses the 1000-image chunk boundary
            float[] mu = VaeViews.posteriorMeans(m, d, 1205);
            assertEquals(1205 * 2, mu.length);
            try (NDManager sub = m.manager().newSubManager()) {
                float[] x = java.util.Arrays.copyOfRange(d.pixels(), 1100 * 16, 1102 * 16);
                float[] direct = m.encode(sub.create(x, new Shape(2, 16))).mu().toFloatArray();
                assertArrayEquals(direct, java.util.Arrays.copyOfRange(mu, 2200, 2204), 1e-6f);
            }
            float[] rec = VaeViews.reconstructions(m, d, 1205);
            assertEquals(1205 * 16, rec.length);
            float[] viaDecode = VaeViews.decode(m, java.util.Arrays.copyOfRange(mu, 0, 4), 2);
            assertArrayEquals(viaDecode, java.util.Arrays.copyOfRange(rec, 0, 32), 1e-6f);
            for (float v : rec) {
                assertTrue(v >= 0f && v <= 1f, "Bernoulli mean in [0,1]: " + v);
            }
            float[] s1 = VaeViews.priorSamples(m, 5, 42L);
            assertArrayEquals(s1, VaeViews.priorSamples(m, 5, 42L));
            assertFalse(java.util.Arrays.equals(s1, VaeViews.priorSamples(m, 5, 43L)));
            float[] man = VaeViews.manifold(m, 3);
            assertEquals(9 * 16, man.length);
            // the centre of a 3×3 manifold is z = (0, 0)
            assertArrayEquals(VaeViews.decode(m, new float[]{0f, 0f}, 1),
                    java.util.Arrays.copyOfRange(man, 4 * 16, 5 * 16), 1e-6f);
            assertThrows(IllegalArgumentException.class, () -> VaeViews.posteriorMeans(m, d, 0));
            assertThrows(IllegalArgumentException.class, () -> VaeViews.decode(m, new float[3], 2));
        }
    }

    @Test
    void manifoldNeedsTwoLatents() {
        LatentLab.init();
        try (MlpVae m = MlpVae.create(16, new int[]{8}, 3, 3L)) {
            var e = assertThrows(IllegalArgumentException.class, () -> VaeViews.manifold(m, 4));
            assertTrue(e.getMessage().contains("k = 3"));
        }
    }

    @Test
    void inverseNormalCdfKnownValues() {
        assertEquals(0.0, VaeViews.inverseNormalCdf(0.5), 1e-12);
        assertEquals(1.959963984540054, VaeViews.inverseNormalCdf(0.975), 1e-8);
        assertEquals(-2.326347874040841, VaeViews.inverseNormalCdf(0.01), 1e-8);
        assertEquals(-VaeViews.inverseNormalCdf(0.3), VaeViews.inverseNormalCdf(0.7), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> VaeViews.inverseNormalCdf(1.0));
    }
}
