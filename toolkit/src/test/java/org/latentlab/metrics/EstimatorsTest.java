package org.latentlab.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EstimatorsTest {

    @Test
    void ratesAndKlClosedForms() {
        assertEquals(0.0, Gaussians.klToStandard(0, 0), 0.0);
        assertEquals(0.5, Gaussians.klToStandard(1, 0), 1e-15);
        assertEquals(Math.log(2) + 1.0 / 8 - 0.5, Gaussians.kl(0, 0, 0, Math.log(4)), 1e-15);
        double[][] mu = {{1, 0}, {0, 0}};
        double[][] lv = {{0, Math.log(4)}, {0, 0}};
        Rates.SingleLayer r = Rates.singleLayer(mu, lv);
        double kl2 = 0.5 * (4 - 1 - Math.log(4));
        assertArrayEquals(new double[]{0.25, kl2 / 2}, r.perDimension(), 1e-15);
        assertEquals(0.25 + kl2 / 2, r.rate(), 1e-15);
        Rates.TwoLayer t = Rates.twoLayer(mu, lv, mu, lv, mu, lv, new double[]{-3, -5});
        assertEquals(r.rate(), t.rateZ2(), 0.0);
        assertEquals(0.0, t.rateZ1GivenZ2(), 0.0);
        assertEquals(4.0, t.distortion(), 0.0);
        Rates.TwoLayer u = Rates.twoLayer(mu, lv, new double[][]{{0}, {0}}, new double[][]{{0}, {0}},
                new double[][]{{0}, {0}}, new double[][]{{Math.log(4)}, {Math.log(4)}}, null);
        assertEquals(Math.log(2) + 1.0 / 8 - 0.5, u.rateZ1GivenZ2(), 1e-15);
        assertEquals(u.rateZ2() + u.rateZ1GivenZ2(), u.total(), 1e-15);
        assertTrue(Double.isNaN(u.distortion()));
        assertEquals(4, t.toTable().rowCount());
        assertThrows(IllegalArgumentException.class, () -> Rates.singleLayer(mu, new double[][]{{0, 0}}));
    }

    @Test
    void ndArrayPosteriorOverloadsAgreeWithArrays() {
        org.latentlab.LatentLab.init();
        double[][] mu = {{1, 0.5}, {0, -1}, {2, 0}};
        double[][] lv = {{0, -1}, {0.5, 0}, {-2, 1}};
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ai.djl.ndarray.NDArray muNd = m.create(new float[]{1, 0.5f, 0, -1, 2, 0}, new ai.djl.ndarray.types.Shape(3, 2));
            ai.djl.ndarray.NDArray lvNd = m.create(new float[]{0, -1, 0.5f, 0, -2, 1}, new ai.djl.ndarray.types.Shape(3, 2));
            org.latentlab.models.Posterior post = new org.latentlab.models.Posterior(muNd, lvNd);
            assertEquals(Rates.singleLayer(mu, lv).rate(), Rates.singleLayer(post).rate(), 1e-6);
            assertEquals(ActiveUnits.of(mu).countBurda(), ActiveUnits.of(muNd).countBurda());
            assertEquals(MutualInformation.estimate(mu, lv, new int[]{0, 1, 0}, 3).mi(),
                    MutualInformation.estimate(post, new int[]{0, 1, 0}, 3).mi(), 1e-5);
        }
    }

    @Test
    void activeUnitsBothDefinitions() {
        Random rnd = new Random(1);
        double[][] mu = new double[2000][3];
        for (double[] row : mu) {
            row[0] = rnd.nextGaussian();
            row[1] = 0.03 * rnd.nextGaussian();
            row[2] = 0.5 * rnd.nextGaussian();
        }
        ActiveUnits.Result r = ActiveUnits.of(mu);
        assertEquals(2, r.countBurda());
        assertEquals(2, r.countPca());
        assertEquals(1.0, r.variances()[0], 0.1);
        assertEquals(3, r.toTable().rowCount());
    }

    @Test
    void psnrGlobal() {
        float[] target = {0, 1, 0, 1, 1, 0};
        float[] rec = new float[6];
        for (int i = 0; i < 6; i++) {
            rec[i] = target[i] + (i % 2 == 0 ? 0.1f : -0.1f);
        }
        assertEquals(20.0, Psnr.of(rec, target), 1e-5);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.of(target, target));
        assertEquals(20.0, Psnr.of(new double[][]{{0.1, 0.9}, {0.9, 0.1}}, new double[][]{{0, 1}, {1, 0}}), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(new float[]{1, 1}, new float[]{1, 1}));
        assertThrows(IllegalArgumentException.class, () -> Psnr.of(new float[]{1}, new float[]{1, 0}));
    }

    @Test
    void inceptionScoreSplitsIntoDiversityTimesSharpness() {
        Random rnd = new Random(2);
        double[][] p = new double[1003][10];
        for (double[] row : p) {
            double s = 0;
            for (int j = 0; j < 10; j++) {
                row[j] = Math.pow(rnd.nextDouble(), 4);
                s += row[j];
            }
            for (int j = 0; j < 10; j++) {
                row[j] /= s;
            }
        }
        InceptionScore.Result r = InceptionScore.of(p, 5);
        for (int s = 0; s < 5; s++) {
            assertEquals(r.is()[s], r.diversity()[s] * r.sharpness()[s], 1e-12 * r.is()[s]);
        }
        double[][] oneHot = new double[100][10];
        for (int i = 0; i < 100; i++) {
            oneHot[i][i % 10] = 1.0;
        }
        InceptionScore.Result h = InceptionScore.of(oneHot, 5);
        assertEquals(10.0, h.meanIs(), 1e-12);
        assertEquals(1.0, h.meanSharpness(), 1e-12);
        double[][] same = new double[50][4];
        for (double[] row : same) {
            row[0] = 0.7;
            row[1] = 0.3;
        }
        assertEquals(1.0, InceptionScore.of(same, 2).meanIs(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> InceptionScore.of(new double[][]{{0.5, 0.4}}, 1));
        assertEquals(5, r.toTable().rowCount());
    }

    @Test
    void vrBoundLimitsAndMonotonicity() {
        Random rnd = new Random(3);
        double[] logW = new double[50];
        for (int k = 0; k < 50; k++) {
            logW[k] = -90 + 3 * rnd.nextGaussian();
        }
        double mean = Special.mean(logW);
        double max = java.util.Arrays.stream(logW).max().orElseThrow();
        assertEquals(mean, LikelihoodBounds.renyi(logW, 1.0), 1e-12);
        assertEquals(mean, LikelihoodBounds.renyi(logW, 1.0 + 1e-4), 1e-3);
        assertEquals(max, LikelihoodBounds.renyi(logW, Double.NEGATIVE_INFINITY), 0.0);
        assertEquals(max, LikelihoodBounds.renyi(logW, -1e4), 1e-3);
        assertEquals(Special.logSumExp(logW) - Math.log(50), LikelihoodBounds.iwae(logW), 1e-12);
        double[] alphas = {-50, -5, -1, -0.5, 0, 0.25, 0.5, 0.75, 1, 2, 5};
        double prev = Double.POSITIVE_INFINITY;
        for (double a : alphas) {
            double v = LikelihoodBounds.renyi(logW, a);
            assertTrue(v <= prev + 1e-12, "non-increasing in alpha at " + a);
            prev = v;
        }
        for (double a : alphas) {
            assertEquals(-87.25, LikelihoodBounds.renyi(new double[]{-87.25}, a), 1e-12, "K = 1, alpha " + a);
        }
        // streamed chunks equal one pass; extreme magnitudes do not underflow
        LikelihoodBounds.Accumulator acc = new LikelihoodBounds.Accumulator(0.0);
        acc.add(java.util.Arrays.copyOfRange(logW, 0, 17)).add(java.util.Arrays.copyOfRange(logW, 17, 50));
        assertEquals(LikelihoodBounds.iwae(logW), acc.value(), 1e-12);
        assertEquals(-1e5, LikelihoodBounds.iwae(new double[]{-1e5, -1e5}), 1e-9);
        LikelihoodBounds.Result r = LikelihoodBounds.renyi(new double[][]{logW, logW}, 0.5);
        assertEquals(0.0, r.sd(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> LikelihoodBounds.iwae(new double[]{Double.NaN}));
    }

    @Test
    void mutualInformationLimits() {
        int n = 400;
        double[][] mu = new double[n][2];
        double[][] lv = new double[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        MutualInformation.Result none = MutualInformation.estimate(mu, lv, labels, 1);
        assertEquals(0.0, none.mi(), 1e-12);
        assertEquals(Math.log(10), none.labelEntropy(), 1e-12);
        for (int i = 0; i < n; i++) {
            mu[i][0] = 100.0 * labels[i];
            lv[i][0] = Math.log(0.01);
            lv[i][1] = Math.log(0.01);
        }
        MutualInformation.Result full = MutualInformation.estimate(mu, lv, labels, 1);
        assertEquals(Math.log(10), full.mi(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> MutualInformation.estimate(mu, lv, new int[3], 1));
    }

    @Test
    void meyenBoundCheckValues() {
        double[][] check = {{0.5, 0.4951}, {1.0, 0.6892}, {1.5, 0.8370}, {2.0, 0.9511}};
        for (double[] c : check) {
            assertEquals(c[1], AccuracyBound.bound(c[0], 10), 1e-4, "I = " + c[0]);
            assertEquals(c[0], AccuracyBound.f(AccuracyBound.bound(c[0], 10), 10, Math.log(10)), 1e-9);
        }
        assertEquals(0.0, AccuracyBound.f(0.1, 10, Math.log(10)), 1e-12);
        assertEquals(Math.log(10), AccuracyBound.f(1.0, 10, Math.log(10)), 1e-12);
        assertEquals(1.0, AccuracyBound.bound(5.0, 10), 1e-9);
        assertEquals(0.1, AccuracyBound.bound(0.0, 10), 1e-12);
    }

    @Test
    void upperHull() {
        double[] x = new double[11];
        double[] y = new double[11];
        for (int i = 0; i <= 10; i++) {
            x[i] = i;
            y[i] = -(i - 5.0) * (i - 5.0);
        }
        assertEquals(11, UpperHull.of(x, y).vertices().length, "a strictly concave curve is all hull");
        double[] x2 = {0, 1, 2, 3, 1.5, 2.5};
        double[] y2 = {0, 1, 2, 3, 0.5, 1.0}; // collinear line plus points below it
        assertArrayEquals(new int[]{0, 3}, UpperHull.of(x2, y2).vertices());
        double[] x3 = {0, 1, 2, 3, 1, 2};
        double[] y3 = {0, 1, 1.5, 0, 0.2, 0.1};
        assertArrayEquals(new int[]{0, 1, 2, 3}, UpperHull.of(x3, y3).vertices());
        assertArrayEquals(new int[]{0, 1, 2}, UpperHull.of(x3, y3, UpperHull.Variant.HIT_QHULL).vertices(),
                "HIT's visible-facet variant drops the steep right tail");
        // HIT variant: a NaN metric takes the previous entry's value (here 2.0), which puts it on the hull
        UpperHull.Result nan = UpperHull.of(new double[]{0, 1, 2, 3}, new double[]{0, 2, Double.NaN, 0},
                UpperHull.Variant.HIT_QHULL);
        assertArrayEquals(new double[]{0, 2, 2}, nan.y(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> UpperHull.of(new double[]{0, 1}, new double[]{0, Double.NaN}));
    }

    @Test
    void priorMismatchStatistics() {
        assertEquals(5.613, Special.chiMean(32), 1e-3);
        assertEquals(0.704, Special.chiSd(32), 1e-3);
        assertEquals(15.984, Special.chiMean(256), 1e-3);
        assertEquals(9.2103404, Special.chiSquareQuantile(0.99, 2), 1e-6);
        assertEquals(Math.log(24), Special.logGamma(5), 1e-12);
        Random rnd = new Random(4);
        double[][] z = new double[20000][32];
        for (double[] row : z) {
            for (int j = 0; j < 32; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        PriorMismatch.NormStats ns = PriorMismatch.norms(z);
        assertEquals(ns.chiMean(), ns.meanNorm(), 0.02);
        assertEquals(ns.chiSd(), ns.sdNorm(), 0.02);
        assertEquals(Special.chiMean(3), PriorMismatch.norms(z, new int[]{0, 5, 9}).meanNorm(), 0.03);
        assertTrue(PriorMismatch.gaussianFitKl(z) < 0.02);
        int m = 300;
        double[][] mu = new double[m][2];
        double[][] lv = new double[m][2];
        // posteriors equal to the prior: no hole, full coverage at the chosen level, zero information
        PriorMismatch.Estimate hole = PriorMismatch.holeScore(mu, lv, 500, 5);
        assertEquals(0.0, hole.value(), 1e-12);
        PriorMismatch.Coverage cov = PriorMismatch.coverage(mu, lv, 4000, 6);
        assertEquals(0.99, cov.fraction(), 0.01);
        PriorMismatch.ElboSurgery es = PriorMismatch.elboSurgery(mu, lv, 7);
        assertEquals(0.0, es.mutualInformation(), 1e-12);
        assertEquals(0.0, es.marginalKl(), 1e-12);
        // aggregate variance: Var μ + E σ² = 0.5 + 0.5
        double[][] mu2 = new double[20000][1];
        double[][] lv2 = new double[20000][1];
        for (int i = 0; i < 20000; i++) {
            mu2[i][0] = Math.sqrt(0.5) * rnd.nextGaussian();
            lv2[i][0] = Math.log(0.5);
        }
        assertEquals(1.0, PriorMismatch.aggregateVariance(mu2, lv2)[0], 0.03);
        // shrunken posteriors spread apart leave holes: KL(p||q) > 0, coverage < 1
        double[][] mu3 = new double[m][2];
        double[][] lv3 = new double[m][2];
        for (int i = 0; i < m; i++) {
            mu3[i][0] = 3 * rnd.nextGaussian();
            mu3[i][1] = 3 * rnd.nextGaussian();
            lv3[i][0] = Math.log(0.01);
            lv3[i][1] = Math.log(0.01);
        }
        assertTrue(PriorMismatch.holeScore(mu3, lv3, 500, 5).value() > 0.5);
        assertTrue(PriorMismatch.coverage(mu3, lv3, 500, 6).fraction() < 0.9);
        assertTrue(PriorMismatch.elboSurgery(mu3, lv3, 7).mutualInformation() <= Math.log(m) + 1e-12);
    }
}
