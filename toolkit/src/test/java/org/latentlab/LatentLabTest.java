package org.latentlab;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatentLabTest {
    @Test
    void threadsComeFromTheEnvironmentOrAllCores() {
        assertEquals(Runtime.getRuntime().availableProcessors(), LatentLab.threads(null));
        assertEquals(Runtime.getRuntime().availableProcessors(), LatentLab.threads(" "));
        assertEquals(1, LatentLab.threads("1"));
        assertEquals(3, LatentLab.threads(" 3 "));
    }

    @Test
    void badThreadCountsNameTheVariable() {
        for (String bad : new String[] {"0", "-2", "two", "1.5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LatentLab.threads(bad));
            assertTrue(e.getMessage().contains("LATENTLAB_THREADS='" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void modeDefaultsToQuickAndRejectsUnknownValues() {
        String before = System.getProperty("latentlab.mode");
        try {
            System.setProperty("latentlab.mode", "full");
            assertEquals(LatentLab.Mode.FULL, LatentLab.Mode.current());
            assertEquals("b", LatentLab.Mode.current().pick("a", "b"));
            System.setProperty("latentlab.mode", "fast");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, LatentLab.Mode::current);
            assertTrue(e.getMessage().contains("'fast'"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("latentlab.mode");
            } else {
                System.setProperty("latentlab.mode", before);
            }
        }
    }
}
