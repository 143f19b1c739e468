package org.latentlab.geometry;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PcaTest {

    @Test
    void knownSpectrumOfAScaledRotatedCloud() {
        Random rnd = new Random(3);
        int n = 20000;
        double[] scales = {2.0, 1.0, 0.3, 0.15, 0.01};
        double[][] rows = new double[n][5];
        // a fixed rotation in the (0,1) and (2,3) planes keeps the spectrum
        double c = Math.cos(0.7);
        double s = Math.sin(0.7);
        for (int i = 0; i < n; i++) {
            double[] z = new double[5];
            for (int j = 0; j < 5; j++) {
                z[j] = rnd.nextGaussian() * scales[j];
            }
            rows[i] = new double[]{c * z[0] - s * z[1], s * z[0] + c * z[1], c * z[2] + s * z[3], -s * z[2] + c * z[3],
                    z[4] + 5.0};
        }
        Pca.Spectrum sp = Pca.spectrum(rows, 0.01);
        double[] ev = sp.eigenvalues();
        for (int j = 0; j < 5; j++) {
            assertEquals(scales[j] * scales[j], ev[j], 0.04 * scales[j] * scales[j], "eigenvalue " + j);
        }
        assertEquals(4, sp.countAbove());
        assertEquals(5, sp.toTable().rowCount());
    }

    @Test
    void jacobiOnAKnownMatrix() {
        double[][] m = {{2, 1, 0}, {1, 2, 0}, {0, 0, 5}};
        assertArrayEquals(new double[]{5, 3, 1}, Pca.symmetricEigenvalues(m), 1e-12);
        double[][] rows = {{1, 2}, {3, 4}, {5, 0}};
        double[][] cov = Pca.covariance(rows);
        assertEquals(4.0, cov[0][0], 1e-12);
        assertEquals(4.0, cov[1][1], 1e-12);
        assertEquals(-2.0, cov[0][1], 1e-12);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Pca.spectrum(new double[][]{{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> Pca.spectrum(new double[][]{{1, 2}, {1}}));
        assertThrows(IllegalArgumentException.class, () -> Pca.spectrum(new double[][]{{1, 2}, {1, Double.NaN}}));
    }
}
