package org.latentlab.geometry;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 10, item 1: PCA never reports NaN eigenvalues with a count of 0; overflow is an error naming the input. */
class PcaHardInputsTest {

    private static double[][] cloud(double scale) {
        Random r = new Random(5);
        double[][] rows = new double[200][3];
        for (double[] row : rows) {
            row[0] = 3 * r.nextGaussian() * scale;
            row[1] = r.nextGaussian() * scale;
            row[2] = 0.1 * r.nextGaussian() * scale;
        }
        return rows;
    }

    @Test
    void largeValuesGiveTheScaledSpectrumNotNaN() {
        double[] ref = Pca.spectrum(cloud(1.0), 0.01).eigenvalues();
        // 1e150: the squares are 1e300, still representable; before, the sums overflowed for values near 1e154+
        for (double s : new double[]{1e100, 1e150, 1e-100}) {
            Pca.Spectrum sp = Pca.spectrum("x", cloud(s), 0.01);
            double[] ev = sp.eigenvalues();
            for (int j = 0; j < ev.length; j++) {
                assertEquals(ref[j] * s * s, ev[j], 1e-10 * ref[j] * s * s, "eigenvalue " + j + " at scale " + s);
            }
        }
        // values near Double.MAX_VALUE whose variance is tiny: sums overflowed, the spectrum itself is fine
        double[][] rows = {{1e308, 0}, {1e308, 1}, {1e308, 2}};
        double[] ev = Pca.spectrum("near-max", rows, 0.01).eigenvalues();
        assertArrayEquals(new double[]{1.0, 0.0}, ev, 1e-12);
    }

    @Test
    void overflowingEigenvaluesAreAnErrorNamingTheInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pca.spectrum("latents.npy", cloud(1e200), 0.01));
        assertTrue(e.getMessage().startsWith("latents.npy: ") && e.getMessage().contains("overflows"), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> Pca.spectrum(new double[][]{{-1e308}, {1e308}}, 0.01));
        assertTrue(f.getMessage().contains("overflows"), f.getMessage());
    }

    @Test
    void tinyValuesRoundToZeroNeverNaN() {
        Pca.Spectrum sp = Pca.spectrum("tiny", cloud(1e-200), 0.01);
        for (double v : sp.eigenvalues()) {
            assertTrue(v >= 0 && Double.isFinite(v), "eigenvalue " + v);
        }
        assertEquals(0, sp.countAbove());
    }

    @Test
    void nonFiniteMatricesAndThresholdsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Pca.symmetricEigenvalues(new double[][]{{1, Double.NaN}, {Double.NaN, 1}}));
        assertThrows(IllegalArgumentException.class, () -> Pca.spectrum("x", cloud(1), Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pca.spectrum("x", new double[][]{{1, 2}, {Double.NaN, 1}}, 0.01));
        assertTrue(e.getMessage().startsWith("x: ") && e.getMessage().contains("(1, 0)"), e.getMessage());
    }
}
