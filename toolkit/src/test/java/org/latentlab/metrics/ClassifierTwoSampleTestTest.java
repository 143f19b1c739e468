package org.latentlab.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.data.Npy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ClassifierTwoSampleTestTest {
    private static final String PYTHON = "/usr/bin/python3";

    static double[][] gaussian(int n, int d, double shift, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian() + (j < 2 ? shift : 0.0);
            }
        }
        return x;
    }

    @Test
    void agreesWithScikitLearnOnTheSameSplit(@TempDir Path dir) throws Exception {
        int d = 6;
        double[][] p = gaussian(700, d, 0.0, 1);
        double[][] q = gaussian(500, d, 0.8, 2);   // overlapping: accuracy well inside (0.5, 1)
        int[] perm = ClassifierTwoSampleTest.permutation(1200, 42);
        double[] pooled = new double[1200 * d];
        for (int i = 0; i < 1200; i++) {
            System.arraycopy(i < 700 ? p[i] : q[i - 700], 0, pooled, i * d, d);
        }
        Npy.write(dir.resolve("x.npy"), pooled, 1200, d);
        Npy.write(dir.resolve("perm.npy"), perm, 1200);
        String script = String.join("\n",
                "import sys, numpy as np",
                "from sklearn.linear_model import LogisticRegression",
                "from sklearn.neighbors import KNeighborsClassifier",
                "d = sys.argv[1]",
                "x, perm = np.load(d + '/x.npy'), np.load(d + '/perm.npy')",
                "y = (np.arange(len(x)) >= 700).astype(int)",
                "x, y = x[perm], y[perm]",
                "h = len(x) // 2",
                "lr = LogisticRegression(solver='lbfgs', C=1.0, max_iter=5000).fit(x[:h], y[:h])",
                "knn = KNeighborsClassifier(5).fit(x[:h], y[:h])",
                "print('%r %r' % (lr.score(x[h:], y[h:]), knn.score(x[h:], y[h:])))");
        Process proc = new ProcessBuilder(PYTHON, "-c", script, dir.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (proc.waitFor() != 0) {
            fail(PYTHON + " with numpy and scikit-learn is required for this cross-check (Debian packages "
                    + "python3-numpy python3-sklearn, installed by environment/setup); the script said:\n" + out);
        }
        String[] last = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        double skLogistic = Double.parseDouble(last[0]);
        double skKnn = Double.parseDouble(last[1]);

        ClassifierTwoSampleTest.Result r = ClassifierTwoSampleTest.test(p, q, perm);
        assertEquals(600, r.trainCount());
        assertEquals(600, r.testCount());
        assertTrue(skLogistic > 0.62 && skLogistic < 0.95, "the two samples overlap: sklearn logistic " + skLogistic);
        // logistic: both solve the same convex problem; allow one held-out prediction of 600 to flip
        assertEquals(skLogistic, r.logisticAccuracy(), 1.5 / 600, "logistic accuracy vs sklearn");
        assertEquals(skKnn, r.knnAccuracy(), 1e-12, "kNN(5) accuracy vs sklearn");
    }

    @Test
    void seededOverloadUsesThePublishedPermutation() {
        double[][] p = gaussian(80, 3, 0.0, 3);
        double[][] q = gaussian(80, 3, 1.0, 4);
        ClassifierTwoSampleTest.Result a = ClassifierTwoSampleTest.test(p, q, 7L);
        ClassifierTwoSampleTest.Result b = ClassifierTwoSampleTest.test(p, q,
                ClassifierTwoSampleTest.permutation(160, 7L));
        assertEquals(b.logisticAccuracy(), a.logisticAccuracy(), 0.0);
        assertEquals(b.knnAccuracy(), a.knnAccuracy(), 0.0);
        assertEquals(7L, a.seed());
        int[] perm = ClassifierTwoSampleTest.permutation(160, 7L);
        int[] sorted = perm.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        assertTrue(!Arrays.equals(perm, ClassifierTwoSampleTest.permutation(160, 8L)), "the seed changes the split");
    }

    @Test
    void separatedSamplesLieFarAboveTheNullBand() {
        ClassifierTwoSampleTest.Result r = ClassifierTwoSampleTest.test(gaussian(500, 4, 0.0, 5),
                gaussian(500, 4, 4.0, 6), 1L);
        assertTrue(r.logisticAccuracy() > 0.95 && r.knnAccuracy() > 0.95, r.toString());
        assertTrue(r.logisticRejects() && r.knnRejects(), r.toString());
    }

    @Test
    void nullBandIsTheBinomialQuantiles() {
        ClassifierTwoSampleTest.Result r = ClassifierTwoSampleTest.test(gaussian(100, 2, 0, 7),
                gaussian(100, 2, 0, 8), 1L);
        // Binomial(100, 1/2): 2.5 % quantile 40, 97.5 % quantile 60 (scipy.stats.binom.ppf)
        assertEquals(0.40, r.bandLow(), 1e-12);
        assertEquals(0.60, r.bandHigh(), 1e-12);
    }

    @Test
    void badInputIsRefusedWithItsName() {
        double[][] p = gaussian(10, 3, 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassifierTwoSampleTest.test(p, gaussian(10, 4, 0, 2), 1L));
        assertTrue(e.getMessage().startsWith("q:"), e.getMessage());
        double[][] nan = gaussian(10, 3, 0, 2);
        nan[3][1] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> ClassifierTwoSampleTest.test(p, nan, 1L));
        assertTrue(e.getMessage().startsWith("q: non-finite"), e.getMessage());
        int[] bad = ClassifierTwoSampleTest.permutation(20, 1L);
        bad[0] = bad[1];
        e = assertThrows(IllegalArgumentException.class,
                () -> ClassifierTwoSampleTest.test(p, gaussian(10, 3, 0, 2), bad));
        assertTrue(e.getMessage().startsWith("permutation:"), e.getMessage());
        assertArrayEquals(new int[0], ClassifierTwoSampleTest.permutation(0, 1L));
    }
}
