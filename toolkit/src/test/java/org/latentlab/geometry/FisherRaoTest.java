package org.latentlab.geometry;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FisherRaoTest {

    @Test
    void closedFormDistancesOfSpecH5() {
        assertEquals(Math.sqrt(2.0), FisherRao.distance(0, 1, 0, Math.E), 1e-12);
        assertEquals(3.2419880, FisherRao.distance(-2, 1, 2, 1), 1e-7);
        assertEquals(0.0, FisherRao.distance(0.3, 0.7, 0.3, 0.7), 0.0);
    }

    @Test
    void geodesicOfSpecH5() {
        double[][] expected = {{0.25, 0.8990, 1.3114}, {0.5, 2.0, 1.2247}, {0.75, 2.7101, 0.8458}};
        for (double[] e : expected) {
            FisherRao.Point p = FisherRao.geodesic(0, 1, 3, 0.5, e[0]);
            assertEquals(e[1], p.mu(), 1e-4, "mu at t=" + e[0]);
            assertEquals(e[2], p.sigma(), 1e-4, "sigma at t=" + e[0]);
        }
        FisherRao.Point mid = FisherRao.geodesic(0, 1, 3, 0.5, 0.5);
        double first = FisherRao.distance(0, 1, mid.mu(), mid.sigma());
        double second = FisherRao.distance(mid.mu(), mid.sigma(), 3, 0.5);
        assertEquals(1.7215917, first, 1e-6);
        assertEquals(first, second, 1e-9);
        FisherRao.Point bulge = FisherRao.geodesic(-2, 1, 2, 1, 0.5);
        assertEquals(0.0, bulge.mu(), 1e-12);
        assertEquals(Math.sqrt(3.0), bulge.sigma(), 1e-12);
    }

    @Test
    void geodesicEndpointsConstantSpeedAndVerticalBranch() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            double m1 = rnd.nextGaussian() * 3;
            double s1 = Math.exp(rnd.nextGaussian());
            double m2 = trial % 10 == 0 ? m1 + 1e-12 : rnd.nextGaussian() * 3;
            double s2 = Math.exp(rnd.nextGaussian());
            FisherRao.Point a = FisherRao.geodesic(m1, s1, m2, s2, 0.0);
            FisherRao.Point b = FisherRao.geodesic(m1, s1, m2, s2, 1.0);
            assertEquals(m1, a.mu(), 1e-12);
            assertEquals(s1, a.sigma(), 1e-12);
            assertEquals(m2, b.mu(), 1e-12);
            assertEquals(s2, b.sigma(), 1e-12);
            double d = FisherRao.distance(m1, s1, m2, s2);
            double t = rnd.nextDouble();
            FisherRao.Point p = FisherRao.geodesic(m1, s1, m2, s2, t);
            assertEquals(t * d, FisherRao.distance(m1, s1, p.mu(), p.sigma()), 1e-7 * (1 + d));
            assertEquals((1 - t) * d, FisherRao.distance(p.mu(), p.sigma(), m2, s2), 1e-7 * (1 + d));
            // the straight segment is never shorter than the geodesic
            assertTrue(FisherRao.straightLength(m1, s1, m2, s2) >= d - 1e-9);
        }
    }

    @Test
    void symmetryAndTriangleInequality() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 500; trial++) {
            double[] m = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double[] s = {Math.exp(rnd.nextGaussian()), Math.exp(rnd.nextGaussian()), Math.exp(rnd.nextGaussian())};
            double ab = FisherRao.distance(m[0], s[0], m[1], s[1]);
            assertEquals(ab, FisherRao.distance(m[1], s[1], m[0], s[0]), 1e-12 * (1 + ab));
            double bc = FisherRao.distance(m[1], s[1], m[2], s[2]);
            double ac = FisherRao.distance(m[0], s[0], m[2], s[2]);
            assertTrue(ac <= ab + bc + 1e-12, "triangle inequality");
        }
    }

    @Test
    void diagonalDistanceGeodesicAndStraightLength() {
        double[] m1 = {0, -2};
        double[] s1 = {1, 1};
        double[] m2 = {0, 2};
        double[] s2 = {Math.E, 1};
        double d = FisherRao.distance(m1, s1, m2, s2);
        assertEquals(Math.sqrt(2.0 + 3.2419880 * 3.2419880), d, 1e-6);
        FisherRao.DiagonalPath path = FisherRao.geodesic(m1, s1, m2, s2, FisherRao.evenly(5));
        double[][] mu = path.mu();
        double[][] sg = path.sigma();
        assertEquals(Math.sqrt(3.0), sg[2][1], 1e-12);
        assertEquals(Math.exp(0.5), sg[2][0], 1e-12);
        assertEquals(d / 2, FisherRao.distance(m1, s1, mu[2], sg[2]), 1e-9);
        assertEquals(10, path.toTable().rowCount());
        // straight path: closed form for one dimension agrees with the quadrature of a two-dimensional copy
        double one = FisherRao.straightLength(1, 0.5, -1, 2);
        double two = FisherRao.straightLength(new double[]{1, 0}, new double[]{0.5, 1},
                new double[]{-1, 0}, new double[]{2, 1}, 200);
        assertEquals(one, two, 1e-9);
        assertTrue(FisherRao.straightLength(m1, s1, m2, s2, 200) >= d);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> FisherRao.distance(0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> FisherRao.distance(Double.NaN, 1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> FisherRao.distance(new double[]{0}, new double[]{1}, new double[]{0, 1}, new double[]{1, 1}));
    }
}
