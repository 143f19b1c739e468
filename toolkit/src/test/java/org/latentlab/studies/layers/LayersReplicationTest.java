package org.latentlab.studies.layers;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LayersReplicationTest {
    /** The authors' CIFAR-10 profiles (SPEC §1(d)): a double hunchback for K ≥ 32, none for K ≤ 8. */
    @Test
    void hunchbackTestSeparatesThePapersProfiles() {
        double[] k2 = {31.0, 62.7, 66.8, 51.8, 23.2, 2, 2, 2, 2, 2, 2};
        double[] k8 = {31.0, 60.0, 71.6, 77.6, 49.7, 8.1, 8.5, 8.8, 9.5, 10.4, 9.4};
        double[] k32 = {31.0, 57.3, 66.7, 75.7, 60.8, 24.6, 27.9, 32.3, 37.5, 36.8, 21.8};
        double[] k64 = {31.0, 53.5, 65.5, 72.7, 61.7, 38.7, 43.2, 49.5, 57.1, 46.2, 23.2};
        double[] k128 = {31.0, 54.9, 67.5, 71.2, 58.2, 59.0, 60.8, 69.5, 76.9, 55.1, 24.7};
        assertFalse(LayersReplication.isHunchback(k2));
        assertFalse(LayersReplication.isHunchback(k8));
        assertTrue(LayersReplication.isHunchback(k32));
        assertTrue(LayersReplication.isHunchback(k64));
        assertTrue(LayersReplication.isHunchback(k128));
    }

    @Test
    void dataIdVerdictUsesTheAcceptedRange() {
        assertEquals("reproduced", LayersReplication.dataId(13.2, 2000).verdict());
        assertEquals("not reproduced", LayersReplication.dataId(31.0, 2000).verdict());
    }

    @Test
    void configRejectsNonIncreasingBottlenecks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayersConfig.quick().withLatentDims(4, 2));
        assertTrue(e.getMessage().contains("latentDims"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LayersConfig.quick().withEpochs(15, 1, 15));
        assertTrue(e.getMessage().contains("checkpointEpochs"), e.getMessage());
    }
}
