package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.latentlab.LatentLab;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseTest {
    @Test
    void drawsAreTheSeededSplittableRandomStreamInRowMajorOrder() {
        try (NDManager m = LatentLab.init().newBaseManager()) {
            Noise.seed(123);
            NDArray e = Noise.normal(m, new Shape(3, 4));
            NDArray u = Noise.uniform(m, new Shape(5));
            assertEquals(new Shape(3, 4), e.getShape());
            assertEquals(DataType.FLOAT32, e.getDataType());
            SplittableRandom r = new SplittableRandom(123);
            float[] want = new float[12];
            for (int i = 0; i < 12; i++) {
                want[i] = (float) r.nextGaussian();
            }
            assertArrayEquals(want, e.toFloatArray());
            float[] wantU = new float[5];
            for (int i = 0; i < 5; i++) {
                wantU[i] = r.nextFloat();
            }
            assertArrayEquals(wantU, u.toFloatArray());
            Noise.seed(123);
            assertArrayEquals(want, Noise.normal(m, new Shape(12)).toFloatArray(), "reseeding restarts the stream");
        }
    }

    @Test
    void anotherThreadsSeedDoesNotMoveThisThreadsStream() throws Exception {
        try (NDManager m = LatentLab.init().newBaseManager()) {
            Noise.seed(7);
            float[] first = Noise.normal(m, new Shape(4)).toFloatArray();
            CompletableFuture.runAsync(() -> {
                Noise.seed(7);
                try (NDManager o = LatentLab.init().newBaseManager()) {
                    Noise.normal(o, new Shape(100));
                }
            }).get(1, TimeUnit.MINUTES);
            float[] next = Noise.normal(m, new Shape(4)).toFloatArray();
            SplittableRandom r = new SplittableRandom(7);
            for (int i = 0; i < 4; i++) {
                assertEquals((float) r.nextGaussian(), first[i]);
            }
            for (int i = 0; i < 4; i++) {
                assertEquals((float) r.nextGaussian(), next[i], "this thread's stream continued where it was");
            }
        }
    }

    /** Moments against N(0, 1) and U[0, 1) over 200,000 draws: tolerances of about 10 standard errors. */
    @Test
    void momentsMatchTheDistributions() {
        try (NDManager m = LatentLab.init().newBaseManager()) {
            Noise.seed(99);
            float[] e = Noise.normal(m, new Shape(200_000)).toFloatArray();
            float[] u = Noise.uniform(m, new Shape(200_000)).toFloatArray();
            double me = 0, ve = 0, mu = 0, vu = 0;
            for (int i = 0; i < e.length; i++) {
                me += e[i];
                ve += e[i] * (double) e[i];
                mu += u[i];
                vu += u[i] * (double) u[i];
                assertTrue(u[i] >= 0f && u[i] < 1f, "uniform in [0, 1)");
            }
            me /= e.length;
            ve = ve / e.length - me * me;
            mu /= u.length;
            vu = vu / u.length - mu * mu;
            assertEquals(0, me, 0.03);
            assertEquals(1, ve, 0.04);
            assertEquals(0.5, mu, 0.01);
            assertEquals(1.0 / 12, vu, 0.003);
        }
    }

    @Test
    void anOversizedShapeIsRefusedBeforeAllocating() {
        try (NDManager m = LatentLab.init().newBaseManager()) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> Noise.normal(m, new Shape(1L << 16, 1L << 16)));
            assertTrue(ex.getMessage().startsWith("Noise.normal: shape"), ex.getMessage());
        }
    }
}
