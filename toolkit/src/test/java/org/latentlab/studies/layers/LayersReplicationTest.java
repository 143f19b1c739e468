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

    /** A result whose only content is Δ(l10→l0) per K at the final epoch (our quick-mode numbers by default). */
    static LayersStudy.Result result(int[] ks, double[] delta) {
        LayersConfig cfg = LayersConfig.quick().withLatentDims(ks);
        java.util.Map<Integer, java.util.List<LayerGeometry>> geo = new java.util.LinkedHashMap<>();
        for (int i = 0; i < ks.length; i++) {
            double[] toInput = new double[11];
            toInput[10] = delta[i];
            geo.put(ks[i], java.util.List.of(new LayerGeometry(ks[i], cfg.epochs(), 2000, new double[12], toInput,
                    new double[11], new double[10], new double[10], new double[10], 0, 0, 0, 0)));
        }
        return new LayersStudy.Result(cfg, geo, java.util.Map.of(), java.util.List.of(), new double[ks.length]);
    }

    /**
     * K* is the first K on the floor of Δ(l10→l0), not the argmin: with K = 16, 32, 64 within 25 % of each other
     * (our quick-mode numbers) it is 16, and a 10 % change of any value on the floor leaves it there.
     */
    @Test
    void transitionIsTheFirstBottleneckOnTheFloor() {
        int[] ks = {2, 4, 8, 16, 32, 64};
        double[] ours = {0.3289, 0.0903, 0.0169, 0.0088, 0.0074, 0.0092};
        LayersStudy.Result r = result(ks, ours);
        assertEquals(16, LayersReplication.transitionK(r));
        assertEquals("reproduced", LayersReplication.transition(r, 13.2, 16).verdict());
        assertEquals("n/a", LayersReplication.rise(r, 16).verdict(), "1.24 × the minimum is too close to call");
        double[] shifted = ours.clone();
        shifted[3] *= 1.1;
        shifted[4] *= 0.9;
        assertEquals(16, LayersReplication.transitionK(result(ks, shifted)));
        // a transition far above the data's ID is not near it
        LayersStudy.Result late = result(ks, new double[] {0.3, 0.2, 0.1, 0.05, 0.03, 0.01});
        assertEquals(64, LayersReplication.transitionK(late));
        assertEquals("not reproduced", LayersReplication.transition(late, 13.2, 64).verdict());
        assertEquals("n/a", LayersReplication.rise(late, 64).verdict(), "nothing above K*");
    }
}
