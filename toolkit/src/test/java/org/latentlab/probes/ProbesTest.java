package org.latentlab.probes;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbesTest {
    /** Three Gaussian blobs in 5-D, centres 12 apart, unit sd: linearly separable with overwhelming margin. */
    static Features blobs(String name, int n, long seed, double separation) {
        Random r = new Random(seed);
        int dim = 5;
        double[] v = new double[n * dim];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < dim; j++) {
                double centre = (j == y[i]) ? separation : 0;
                v[i * dim + j] = centre + r.nextGaussian() + 3.0;
            }
        }
        return new Features(name, n, dim, v, y);
    }

    @Test
    void everyProbeSeparatesSeparableBlobs() {
        Features train = blobs("blobs", 300, 1, 12);
        Features test = blobs("blobs", 150, 2, 12);
        Probes probes = new Probes(ProbeConfig.defaults());
        List<ProbeResult> results = probes.fitAll(List.of(ProbeKind.values()), train, test);
        assertEquals(4, results.size());
        for (ProbeResult r : results) {
            assertEquals(1.0, r.accuracy(), 1e-12, r.probe() + " accuracy on separable blobs");
            assertEquals(1.0, r.macroF1(), 1e-12, r.probe() + " macro-F1 on separable blobs");
            assertTrue(r.fitSeconds() >= 0);
            assertEquals(300, r.trainCount());
            assertEquals(150, r.testCount());
        }
        Table t = ProbeResult.table("probes", results);
        assertEquals(4, t.rowCount());
        assertEquals(1.0, t.doubleColumn("accuracy").min(), 1e-12);
    }

    @Test
    void overlappingBlobsGiveTheBayesAccuracy() {
        // Separation 2 along one coordinate per class: the Bayes accuracy is
        // ∫ φ(t) Φ(t + 2)² dt = 0.86577 (scipy quad); a linear probe should be within sampling error of it.
        Features train = blobs("near", 1500, 3, 2);
        Features test = blobs("near", 1500, 4, 2);
        for (ProbeKind k : List.of(ProbeKind.LOGISTIC, ProbeKind.LINEAR_SVM)) {
            ProbeResult r = new Probes(ProbeConfig.defaults().withStandardize(true)).fit(k, train, test);
            assertEquals(0.86577, r.accuracy(), 0.03, k + " accuracy vs the Bayes accuracy");
        }
    }

    @Test
    void scaleGammaIsOneOverFeaturesTimesVariance() {
        // values 0,1,2,3 in 2 features: variance of all values = 1.25
        Features f = new Features("g", 2, 2, new double[]{0, 1, 2, 3}, new int[]{0, 1});
        assertEquals(1.0 / (2 * 1.25), Probes.scaleGamma(f, new double[2], new double[]{1, 1}), 1e-12);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Features("x", 2, 2, new double[3], new int[2]));
        assertThrows(IllegalArgumentException.class, () -> new Features("x", 1, 2, new double[2], new int[]{-1}));
        assertThrows(IllegalArgumentException.class, () -> ProbeConfig.defaults().withKnnNeighbours(0));
        Features a = blobs("a", 30, 1, 12);
        Features b = new Features("b", 1, 2, new double[2], new int[]{0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Probes(ProbeConfig.defaults()).fit(ProbeKind.KNN, a, b));
        assertTrue(e.getMessage().contains("features"));
    }
}
