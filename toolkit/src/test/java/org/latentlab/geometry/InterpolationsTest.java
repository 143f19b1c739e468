package org.latentlab.geometry;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latentlab.LatentLab;
import org.latentlab.models.MlpVae;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("numeric")
class InterpolationsTest {
    private static float[] image(long seed, int d) {
        Random r = new Random(seed);
        float[] x = new float[d];
        for (int i = 0; i < d; i++) {
            x[i] = r.nextFloat();
        }
        return x;
    }

    @Test
    void decodedEndpointsAreTheEndpointsReconstructions() {
        LatentLab.init();
        int d = 20;
        try (MlpVae model = MlpVae.create(d, new int[]{12}, 4, 3)) {
            float[] a = image(1, d);
            float[] b = image(2, d);
            Interpolations.Grid g = Interpolations.fivePaths(model, a, b, 10, 7);
            assertEquals(5, g.rows());
            assertEquals(10, g.columns());
            float[] both = new float[2 * d];
            System.arraycopy(a, 0, both, 0, d);
            System.arraycopy(b, 0, both, d, d);
            float[] rec = Interpolations.reconstruct(model, both, 2);
            float[] recA = java.util.Arrays.copyOfRange(rec, 0, d);
            float[] recB = java.util.Arrays.copyOfRange(rec, d, 2 * d);
            for (int row : new int[]{1, 4}) {   // linear-mu and geodesic-mu
                assertArrayEquals(recA, g.image(row, 0), 1e-5f, Interpolations.ROWS.get(row) + " start");
                assertArrayEquals(recB, g.image(row, 9), 1e-5f, Interpolations.ROWS.get(row) + " end");
            }
            assertArrayEquals(a, g.image(0, 0), 1e-6f, "pixel row starts at A");
            assertArrayEquals(b, g.image(0, 9), 1e-6f, "pixel row ends at B");
            // the endpoints of the grid's geodesic are the two posteriors, and for every dimension whose mean
            // change dominates (Δμ²/2 > |σ_A² − σ_B²|) σ(t) rises above both endpoints (SPEC §4(d))
            for (int j = 0; j < 4; j++) {
                double dm = g.muA()[j] - g.muB()[j];
                double ds2 = Math.abs(g.sigmaA()[j] * g.sigmaA()[j] - g.sigmaB()[j] * g.sigmaB()[j]);
                double top = 0;
                for (double t : FisherRao.evenly(201)) {
                    top = Math.max(top, FisherRao.geodesic(g.muA()[j], g.sigmaA()[j], g.muB()[j], g.sigmaB()[j], t)
                            .sigma());
                }
                if (dm * dm / 2 > ds2 * 1.01) {
                    assertTrue(top > Math.max(g.sigmaA()[j], g.sigmaB()[j]), "sigma bulges in dim " + j);
                } else if (dm * dm / 2 < ds2 * 0.99) {
                    assertEquals(Math.max(g.sigmaA()[j], g.sigmaB()[j]), top, 1e-9, "no bulge in dim " + j);
                }
            }
        }
    }

    @Test
    void flipColumnIsTheFirstChangeOfClass() {
        LatentLab.init();
        int d = 20;
        float[] dark = new float[d];
        float[] bright = new float[d];
        java.util.Arrays.fill(bright, 1f);
        try (MlpVae model = MlpVae.create(d, new int[]{12}, 4, 3)) {
            Interpolations.Grid g = Interpolations.fivePaths(model, dark, bright, 10, 1);
            // classifier: class 1 when the mean pixel exceeds 0.5; the pixel row crosses between t=4/9 and 5/9
            int[] flips = Interpolations.flipColumns(g, (px, n) -> {
                int[] c = new int[n];
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int q = 0; q < d; q++) {
                        s += px[i * d + q];
                    }
                    c[i] = s / d > 0.5 ? 1 : 0;
                }
                return c;
            });
            assertEquals(5, flips[0]);
        }
    }

    @Test
    void badInputIsRejected() {
        LatentLab.init();
        try (MlpVae model = MlpVae.create(20, new int[]{12}, 4, 3)) {
            assertThrows(IllegalArgumentException.class,
                    () -> Interpolations.fivePaths(model, new float[19], new float[20], 10, 1));
            assertThrows(IllegalArgumentException.class,
                    () -> Interpolations.fivePaths(model, new float[20], new float[20], 1, 1));
        }
    }
}
