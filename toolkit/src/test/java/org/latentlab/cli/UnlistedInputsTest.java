package org.latentlab.cli;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.data.Npy;
import org.latentlab.metrics.MutualInformation;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs nobody had listed, found by the break-it pass of issue 10, that gave silent wrong answers, NaN or a crashed
 * JVM: labels that are not 0 … N_C−1 (1-based labels, a label 2·10⁹), posterior log-variances far from 0
 * (σ² = e^{±800}), and log-weights that are all −∞.
 */
class UnlistedInputsTest {
    @TempDir
    Path dir;

    /** Labels with counts 20, 12, 8 under the given names. */
    private static int[] labels(int a, int b, int c) {
        int[] y = new int[40];
        for (int i = 0; i < 40; i++) {
            y[i] = i < 20 ? a : i < 32 ? b : c;
        }
        return y;
    }

    private double bound(int[] y, String name) throws Exception {
        Npy.write(dir.resolve(name), y, y.length);
        JsonObject o = CliRun.of("metrics", "bound", "--information", "0.3", "--labels", dir.resolve(name).toString())
                .json();
        assertEquals(3, o.get("classes").getAsInt(), name + ": N_C is the number of distinct labels");
        return o.get("accuracy_bound").getAsDouble();
    }

    @Test
    void boundCountsTheDistinctLabelsWhateverTheirNames() throws Exception {
        // scipy brentq on H(L) − H_b(a) − (1 − a) log 2 = 0.3, counts 20, 12, 8 (H(L) = 1.0296530140645734 nats)
        double scipy = 0.7533149178951678;
        assertEquals(scipy, bound(labels(0, 1, 2), "zero_based.npy"), 1e-9);
        // 1-based labels gave N_C = 4 (a phantom class 0) and a looser bound
        assertEquals(scipy, bound(labels(1, 2, 3), "one_based.npy"), 1e-9);
        // a label 2·10⁹ allocated 2·10⁹ counters: OutOfMemoryError with a stack trace
        assertEquals(scipy, bound(labels(0, 7, 2_000_000_000), "sparse.npy"), 1e-9);
    }

    @Test
    void mutualInformationDependsOnlyOnWhichPointsShareALabel() {
        Random r = new Random(4);
        double[][] mu = new double[40][2];
        double[][] lv = new double[40][2];
        for (double[] row : mu) {
            row[0] = r.nextGaussian();
            row[1] = r.nextGaussian();
        }
        MutualInformation.Result dense = MutualInformation.estimate(mu, lv, labels(0, 1, 2), 5);
        MutualInformation.Result sparse = MutualInformation.estimate(mu, lv, labels(0, 7, 2_000_000_000), 5);
        assertEquals(dense.mi(), sparse.mi(), 0.0, "a relabelling changes nothing (was OutOfMemoryError)");
        assertEquals(dense.labelEntropy(), sparse.labelEntropy(), 0.0);
        assertEquals(3, sparse.classes());
    }

    @Test
    void mutualInformationAtExtremeLogVariancesIsTheLimitNotNaN() {
        Random r = new Random(6);
        double[][] mu = new double[40][2];
        double[][] tiny = new double[40][2];
        double[][] huge = new double[40][2];
        for (int i = 0; i < 40; i++) {
            mu[i][0] = r.nextGaussian();
            mu[i][1] = r.nextGaussian();
            java.util.Arrays.fill(tiny[i], -800); // σ = e^{-400}: each draw is its own mean, far from all others
            java.util.Arrays.fill(huge[i], 800);  // σ = e^{400}: all posteriors are the same wide Gaussian
        }
        int[] y = labels(0, 1, 2);
        MutualInformation.Result sharp = MutualInformation.estimate(mu, tiny, y, 1);
        // the limit σ → 0 with distinct means: Î = mean_n −log(N_{l_n}/N) = H(L)
        assertEquals(sharp.labelEntropy(), sharp.mi(), 1e-12, "σ² = e^-800 (was NaN)");
        double flat = MutualInformation.estimate(mu, huge, y, 1).mi();
        assertTrue(Math.abs(flat) < 1e-9, "σ² = e^800: the posteriors carry no label information (was NaN): " + flat);
    }

    @Test
    void vrBoundOfZeroWeightsHasNoNaNStandardDeviation() throws Exception {
        Path lw = dir.resolve("zero_weights.npy");
        double[] v = new double[6];
        java.util.Arrays.fill(v, Double.NEGATIVE_INFINITY);
        Npy.write(lw, v, 2, 3);
        JsonObject o = CliRun.of("metrics", "vr", "--alpha", "1", lw.toString()).json();
        assertEquals(Double.NEGATIVE_INFINITY, o.get("bound_nats_mean").getAsDouble());
        // the sd of {−∞, −∞} is undefined: left out, as for one example (was "bound_nats_sd": NaN)
        assertTrue(!o.has("bound_nats_sd"), o.toString());
        Npy.write(lw, new double[]{0, 1, 2, 1, 1, 1}, 2, 3);
        assertTrue(o.has("n") && CliRun.of("metrics", "vr", "--alpha", "1", lw.toString()).json().has("bound_nats_sd"));
    }
}
