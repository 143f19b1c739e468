package org.latentlab.metrics;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.latentlab.probes.Features;
import org.latentlab.probes.ProbeConfig;
import org.latentlab.probes.ProbeKind;
import org.latentlab.probes.Probes;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.SplittableRandom;

/**
 * The classifier two-sample test (C2ST; Lopez-Paz &amp; Oquab, ICLR 2017; SPEC §2(c) 3(iv)): pool n_p draws of P
 * (label 0) and n_q draws of Q (label 1), shuffle the pooled rows with a seeded permutation, train on the first half
 * and report the accuracy on the held-out second half of two classifiers — multinomial logistic regression
 * (C = 1, L-BFGS to sklearn's optimum, {@link ProbeKind#LOGISTIC}) and 5-nearest neighbours (Euclidean,
 * {@link ProbeKind#KNN}) — on the raw features. Accuracy 0.5 means P and Q are indistinguishable to that
 * classifier; the 95 % band is the central 95 % of Binomial(n_test, ½)/n_test, the accuracy of a classifier that
 * guesses (exact for equal class shares; a reference implementation reproduces the split from
 * {@link #permutation(int, long)}).
 */
public final class ClassifierTwoSampleTest {
    private ClassifierTwoSampleTest() {}

    /**
     * Held-out accuracies and the null band.
     *
     * @param logisticAccuracy held-out accuracy of the logistic classifier
     * @param knnAccuracy      held-out accuracy of kNN(5)
     * @param trainCount       rows used for training (the first ⌊n/2⌋ of the permuted pool)
     * @param testCount        held-out rows
     * @param bandLow          2.5 % quantile of Binomial(testCount, ½) / testCount
     * @param bandHigh         97.5 % quantile of Binomial(testCount, ½) / testCount
     * @param seed             the permutation's seed (−1 when an explicit permutation was given)
     */
    public record Result(double logisticAccuracy, double knnAccuracy, int trainCount, int testCount, double bandLow,
                         double bandHigh, long seed) {
        /** True when the logistic accuracy lies above the 95 % band (P and Q told apart linearly). */
        public boolean logisticRejects() {
            return logisticAccuracy > bandHigh;
        }

        /** True when the kNN accuracy lies above the 95 % band. */
        public boolean knnRejects() {
            return knnAccuracy > bandHigh;
        }

        /** One row per classifier. */
        public Table toTable() {
            return Table.create("C2ST (held-out accuracy; 0.5 = indistinguishable)",
                    StringColumn.create("classifier", "logistic", "knn(5)"),
                    DoubleColumn.create("accuracy", logisticAccuracy, knnAccuracy),
                    DoubleColumn.create("band_low", bandLow, bandLow),
                    DoubleColumn.create("band_high", bandHigh, bandHigh),
                    IntColumn.create("n_test", testCount, testCount));
        }
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates driven by {@code new SplittableRandom(seed)}). */
    public static int[] permutation(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("permutation: n must be >= 0, got " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The test with the pooled rows shuffled by {@link #permutation(int, long)}. */
    public static Result test(double[][] p, double[][] q, long seed) {
        Checks.matrix("p", p);
        Checks.matrix("q", q);
        Result r = test(p, q, permutation(p.length + q.length, seed));
        return new Result(r.logisticAccuracy(), r.knnAccuracy(), r.trainCount(), r.testCount(), r.bandLow(),
                r.bandHigh(), seed);
    }

    /**
     * The test with an explicit permutation of the pooled rows (row i &lt; n_p is p[i], otherwise q[i − n_p]):
     * position t of the shuffled pool is pooled row {@code permutation[t]}; positions 0..⌊n/2⌋−1 train.
     *
     * @throws IllegalArgumentException if p or q is empty, ragged, non-finite, of different widths, has fewer than
     *                                  two rows, or {@code permutation} is not a permutation of 0..n_p+n_q−1
     */
    public static Result test(double[][] p, double[][] q, int[] permutation) {
        int d = Checks.matrix("p", p);
        int dq = Checks.matrix("q", q);
        if (d != dq) {
            throw new IllegalArgumentException("q: expected " + d + " columns like p, got " + dq);
        }
        if (p.length < 2 || q.length < 2) {
            throw new IllegalArgumentException("p and q: expected at least 2 rows each, got " + p.length + " and "
                    + q.length);
        }
        int n = p.length + q.length;
        checkPermutation(permutation, n);
        int nTrain = n / 2;
        int nTest = n - nTrain;
        double[] xTrain = new double[nTrain * d];
        int[] yTrain = new int[nTrain];
        double[] xTest = new double[nTest * d];
        int[] yTest = new int[nTest];
        for (int t = 0; t < n; t++) {
            int i = permutation[t];
            double[] row = i < p.length ? p[i] : q[i - p.length];
            int label = i < p.length ? 0 : 1;
            if (t < nTrain) {
                System.arraycopy(row, 0, xTrain, t * d, d);
                yTrain[t] = label;
            } else {
                System.arraycopy(row, 0, xTest, (t - nTrain) * d, d);
                yTest[t - nTrain] = label;
            }
        }
        Features train = new Features("c2st-train", nTrain, d, xTrain, yTrain);
        Features test = new Features("c2st-test", nTest, d, xTest, yTest);
        Probes probes = new Probes(ProbeConfig.defaults().withKnnNeighbours(5));
        double logistic = probes.fit(ProbeKind.LOGISTIC, train, test).accuracy();
        double knn = probes.fit(ProbeKind.KNN, train, test).accuracy();
        BinomialDistribution null0 = new BinomialDistribution(null, nTest, 0.5);
        return new Result(logistic, knn, nTrain, nTest, null0.inverseCumulativeProbability(0.025) / (double) nTest,
                null0.inverseCumulativeProbability(0.975) / (double) nTest, -1);
    }

    private static void checkPermutation(int[] perm, int n) {
        if (perm == null || perm.length != n) {
            throw new IllegalArgumentException("permutation: expected a permutation of 0.." + (n - 1) + ", got "
                    + (perm == null ? "null" : perm.length + " entries"));
        }
        boolean[] seen = new boolean[n];
        for (int v : perm) {
            if (v < 0 || v >= n || seen[v]) {
                throw new IllegalArgumentException("permutation: entry " + v + " is out of range or repeated; "
                        + "expected a permutation of 0.." + (n - 1));
            }
            seen[v] = true;
        }
    }
}
