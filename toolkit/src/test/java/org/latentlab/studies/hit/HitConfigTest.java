package org.latentlab.studies.hit;

import org.junit.jupiter.api.Test;
import org.latentlab.LatentLab;

import static org.junit.jupiter.api.Assertions.*;

class HitConfigTest {
    @Test
    void paperGridIsTheLogGridFromPointOneToTen() {
        double[] b = HitConfig.paperBetas();
        assertEquals(21, b.length);
        assertEquals(0.1, b[0], 1e-15);
        assertEquals(1.0, b[10], 0.0);
        assertEquals(10.0, b[20], 1e-12);
        for (int i = 1; i < b.length; i++) {
            assertEquals(Math.pow(10, 0.1), b[i] / b[i - 1], 1e-12);
        }
        assertEquals(441, HitConfig.full().models());
        assertEquals(200, HitConfig.full().epochs());
        assertEquals(60_000, HitConfig.full().trainSize());
        assertEquals(HitConfig.full(), HitConfig.forMode(LatentLab.Mode.FULL));
        assertEquals(HitConfig.quick(), HitConfig.forMode(LatentLab.Mode.QUICK));
    }

    @Test
    void quickModeIsTheCiGridWithThePapersOptimiser() {
        HitConfig q = HitConfig.quick();
        assertArrayEquals(new double[] {0.1, 1, 10}, q.betas(), 0.0);
        assertEquals(256, q.batchSize());
        assertEquals(3e-4, q.learningRate(), 0.0);
        assertEquals(10_000, q.isSamples());
        assertEquals(5, q.isSplits());
    }

    @Test
    void badInputNamesTheFieldAndWhatWasExpected() {
        var e = assertThrows(IllegalArgumentException.class, () -> HitConfig.quick().withBetas(1, 0.5));
        assertTrue(e.getMessage().contains("betas") && e.getMessage().contains("increasing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HitConfig.quick().withBetas(0, 1));
        assertTrue(e.getMessage().contains("> 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HitConfig.quick().withBetas(1));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HitConfig.quick().withEpochs(0));
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HitConfig.quick().withEvaluation(10, 5, 20_000, 100));
        assertTrue(e.getMessage().contains("miImages"), e.getMessage());
        // sizes clamp the evaluation subsets to the new test size
        HitConfig small = HitConfig.quick().withSizes(100, 50);
        assertEquals(50, small.miImages());
        assertEquals(50, small.probeImages());
    }

    @Test
    void idsAreDirectorySafeAndDistinct() {
        assertEquals("b1-0.1_b2-10", HitResult.id(0.1, 10));
        assertEquals("b1-0.3162_b2-1", HitResult.id(Math.sqrt(0.1), 1));
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (double a : HitConfig.paperBetas()) {
            for (double b : HitConfig.paperBetas()) {
                assertTrue(ids.add(HitResult.id(a, b)));
            }
        }
    }
}
