package org.latentlab.geometry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10 (robustness case 4, fidelity fault 2(c)): Fisher–Rao distances are scale-invariant in floating point too,
 * and the geodesic just beside the vertical branch has no cancellation. References: mpmath at 60 digits of
 * √2·arccosh(1 + x) and of c + r·tanh s.
 */
class FisherRaoHardInputsTest {

    @Test
    void robustnessCase4KnownAnswers() {
        assertEquals(0.9802581434685472, FisherRao.distance(0, 1e-200, 0, 2e-200), 1e-15);
        assertEquals(Math.sqrt(2) * Math.log(2), FisherRao.distance(0, 1e-200, 0, 2e-200), 1e-15);
        assertEquals(1301.5585686686488, FisherRao.distance(0, 1, 1e200, 1), 1e-12 * 1301.56);
        assertEquals(520.0352725813784, FisherRao.distance(0, 1e-80, 1, 1e-80), 1e-12 * 520.04);
    }

    @Test
    void distanceIsInvariantUnderCommonScalingFrom1eMinus300To1e300() {
        double[][] pairs = {{0, 1, 0, 2}, {-2, 1, 2, 1}, {0.3, 0.7, 1.1, 0.2}, {5, 1e-3, -5, 2}, {1e-7, 1, 0, 1}};
        for (double[] p : pairs) {
            double ref = FisherRao.distance(p[0], p[1], p[2], p[3]);
            assertTrue(ref > 0 && Double.isFinite(ref));
            for (double a : new double[]{1e-300, 1e-200, 1e-100, 1e100, 1e200, 1e300}) {
                double d = FisherRao.distance(a * p[0], a * p[1], a * p[2], a * p[3]);
                assertEquals(ref, d, 1e-13 * ref, "scale " + a + " of " + java.util.Arrays.toString(p));
            }
        }
    }

    @Test
    void hugeMeanSeparationsGiveFiniteLogarithmicDistances() {
        // (Δμ/σ)² overflows a double for all of these; the distance is 2√2·log(|Δμ|/(√2·σ)) + O(σ²/Δμ²)
        for (double[] p : new double[][]{{0, 1, 1e300, 1}, {-1e300, 1e-300, 1e300, 1e-300}, {0, 1e-300, 1, 1e-300}}) {
            double d = FisherRao.distance(p[0], p[1], p[2], p[3]);
            double dm = p[2] / Math.sqrt(2) - p[0] / Math.sqrt(2);
            double expected = 2 * Math.sqrt(2) * (Math.log(dm) - Math.log(p[1]));
            assertEquals(expected, d, 1e-12 * expected);
        }
        // the symmetric extremes: μ at ±Double.MAX_VALUE
        double d = FisherRao.distance(-Double.MAX_VALUE, 1, Double.MAX_VALUE, 1);
        assertTrue(Double.isFinite(d) && d > 2000, "distance " + d);
    }

    @Test
    void distanceIsContinuousThroughTinyDifferences() {
        // h → 0: d ≈ h·√2 with h = √(Δμ²/2 + Δσ²)/σ
        assertEquals(Math.sqrt(2) * 1e-12 / Math.sqrt(2), FisherRao.distance(0, 1, 1e-12, 1), 1e-24);
        assertEquals(0.0, FisherRao.distance(1e-300, 1e-300, 1e-300, 1e-300), 0.0);
    }

    @Test
    void geodesicJustAboveTheVerticalSwitchHasNoCancellation() {
        // mpmath, 60 digits: (μ2, t) → μ(t), σ(t) on the geodesic (0, 1) → (μ2, 2)
        double[][] ref = {
                {2.121320343559643e-09, 0.25, 2.9289321881345253451e-10, 1.1892071150027210668},
                {2.121320343559643e-09, 0.5, 7.0710678118654766667e-10, 1.414213562373095049},
                {2.121320343559643e-09, 0.75, 1.2928932188134527358e-9, 1.6817928305074290862},
                {1.4283556979968261e-09, 0.5, 4.7611856599894203333e-10, 1.4142135623730950489},
                {4.242640687119286e-09, 0.75, 2.5857864376269054718e-9, 1.6817928305074290868},
        };
        for (double[] r : ref) {
            FisherRao.Point p = FisherRao.geodesic(0, 1, r[0], 2, r[1]);
            assertEquals(r[2], p.mu(), 1e-13 * Math.abs(r[2]), "mu at mu2=" + r[0] + ", t=" + r[1]);
            assertEquals(r[3], p.sigma(), 1e-14, "sigma at mu2=" + r[0] + ", t=" + r[1]);
        }
    }

    @Test
    void geodesicIsContinuousAcrossTheBranchSwitch() {
        double below = FisherRao.geodesic(0, 1, Math.sqrt(2) * 0.999e-9, 2, 0.5).mu();
        double above = FisherRao.geodesic(0, 1, Math.sqrt(2) * 1.001e-9, 2, 0.5).mu();
        // SPEC §4(e) switches to the vertical branch below |Δu| = 1e-9: μ(t) then jumps by at most that much
        assertEquals(below, above, 1e-9);
    }

    @Test
    void geodesicOfFarApartPointsStaysFinite() {
        FisherRao.Point p = FisherRao.geodesic(-1e300, 1e-300, 1e300, 1e-300, 0.5);
        assertTrue(Double.isFinite(p.mu()) && Double.isFinite(p.sigma()) && p.sigma() > 0, p.toString());
        assertEquals(0.0, p.mu(), 1e-12 * 2e300); // the midpoint of a symmetric geodesic, to 1e-12 of its span
        FisherRao.Point q = FisherRao.geodesic(0, 1, 1e6, 1, 0.5);
        assertEquals(5e5, q.mu(), 1e-6 * 5e5);
    }

    @Test
    void nonFiniteOrNonPositiveParametersAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FisherRao.distance(0, 1, 0, -1));
        assertTrue(e.getMessage().contains("sigma2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FisherRao.distance(Double.POSITIVE_INFINITY, 1, 0, 1));
        assertTrue(e.getMessage().contains("mu1"), e.getMessage());
    }
}
