package org.latentlab.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, fidelity faults 2(a) (Meyen bound at I = 0 with non-uniform labels) and 2(b) (VR bound with several zero
 * weights). References: scipy.optimize.brentq on f(a) = I to 1e-15.
 */
class FidelityTest {
    /** 10 classes, one with probability p0, nine sharing the rest: H(L) = 2.0126 nats for p0 = 0.38797. */
    private static final double P0 = 0.3879692733734271;
    private static final double H = -(P0 * Math.log(P0) + (1 - P0) * Math.log((1 - P0) / 9));

    @Test
    void meyenBoundAtZeroInformationIsFanosRootNotOneOverClasses() {
        assertEquals(2.0126, H, 1e-12);
        // for this distribution Fano is tight: the bound at I = 0 is the majority-class accuracy itself
        assertEquals(0.38796927337342707, AccuracyBound.bound(0.0, 10, H), 1e-12);
        assertTrue(AccuracyBound.bound(0.0, 10, H) >= P0 - 1e-12, "at least the majority-class accuracy");
        assertEquals(0.44192633715665214, AccuracyBound.bound(0.1, 10, H), 1e-12);
        assertEquals(0.6149213498156199, AccuracyBound.bound(0.5, 10, H), 1e-12);
        assertEquals(0.7793346829516362, AccuracyBound.bound(1.0, 10, H), 1e-12);
        assertEquals(0.9987219840290938, AccuracyBound.bound(2.0, 10, H), 1e-12);
        // uniform labels are unchanged: 1/N_C at I = 0
        assertEquals(0.1, AccuracyBound.bound(0.0, 10), 1e-12);
    }

    @Test
    void meyenBoundIsContinuousAndMonotoneInInformation() {
        double prev = AccuracyBound.bound(0.0, 10, H);
        assertEquals(prev, AccuracyBound.bound(1e-12, 10, H), 1e-9, "continuous at I = 0");
        for (int i = 1; i <= 400; i++) {
            double b = AccuracyBound.bound(i * H / 400, 10, H);
            assertTrue(b >= prev - 1e-12, "monotone at I = " + i * H / 400);
            assertTrue(b - prev < 0.05, "no jump at I = " + i * H / 400);
            prev = b;
        }
        assertEquals(1.0, prev, 1e-9);
    }

    @Test
    void meyenBoundFromClassCountsBeatsTheMajorityClass() {
        long[] counts = {50, 10, 10, 10, 5, 5, 4, 3, 2, 1};
        assertEquals(0.5423286161356868, AccuracyBound.bound(0.0, counts), 1e-12);
        assertEquals(0.6575220899641981, AccuracyBound.bound(0.3, counts), 1e-12);
        assertTrue(AccuracyBound.bound(0.0, counts) >= 0.5);
        assertThrows(IllegalArgumentException.class, () -> AccuracyBound.bound(0.0, new long[]{5, 0}));
        assertThrows(IllegalArgumentException.class, () -> AccuracyBound.bound(0.0, new long[]{5, -1}));
        assertThrows(IllegalArgumentException.class, () -> AccuracyBound.bound(Double.NaN, counts));
    }

    @Test
    void vrBoundWithZeroWeightsIsMinusInfinityForAlphaAboveOne() {
        double ninf = Double.NEGATIVE_INFINITY;
        for (double alpha : new double[]{1.5, 2.0, 10.0}) {
            assertEquals(ninf, LikelihoodBounds.renyi(new double[]{ninf, ninf, -3.0}, alpha), "alpha " + alpha);
            assertEquals(ninf, LikelihoodBounds.renyi(new double[]{-1.0, ninf}, alpha), "alpha " + alpha);
            assertEquals(ninf, LikelihoodBounds.renyi(new double[]{ninf, ninf}, alpha), "alpha " + alpha);
        }
        // α < 1: zero weights drop out of the sum; (1/(1−α))·(LSE − log K) with K counting them
        double lse = Math.log(Math.exp(0.5 * -3.0)); // α = 0.5, one finite weight −3
        assertEquals((lse - Math.log(3)) / 0.5, LikelihoodBounds.renyi(new double[]{ninf, ninf, -3.0}, 0.5), 1e-12);
        assertEquals(ninf, LikelihoodBounds.renyi(new double[]{ninf, ninf}, 0.0));
        assertEquals(ninf, LikelihoodBounds.renyi(new double[]{ninf, -2.0}, 1.0)); // the MC ELBO, mean log w
        assertEquals(-2.0, LikelihoodBounds.renyi(new double[]{ninf, -2.0}, ninf)); // VR-max
        // a finite example next to a −∞ one: the mean is −∞, never NaN
        LikelihoodBounds.Result r = LikelihoodBounds.renyi(new double[][]{{-1, -2}, {ninf, ninf}}, 2.0);
        assertEquals(ninf, r.mean());
    }
}
