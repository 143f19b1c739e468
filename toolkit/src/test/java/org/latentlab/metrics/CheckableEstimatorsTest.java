package org.latentlab.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.data.Npy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 10, item 4: every Monte Carlo estimator also takes its draws, so a reference reproduces it. The seeded
 * overloads equal the draw-taking ones on {@link Gaussians}' draws, and numpy/scipy recompute MI, hole score, ELBO
 * surgery and coverage from the same draws.
 */
class CheckableEstimatorsTest {
    private static final String PYTHON = "/usr/bin/python3";

    private static double[][] gaussian(int n, int d, double sd, double shift, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = shift + sd * r.nextGaussian();
            }
        }
        return x;
    }

    private static double[] flat(double[][] m) {
        double[] out = new double[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * m[0].length, m[0].length);
        }
        return out;
    }

    @Test
    void seededEstimatesEqualTheDrawTakingOverloads() {
        double[][] mu = gaussian(120, 3, 1.0, 0.0, 1);
        double[][] lv = gaussian(120, 3, 0.3, -1.0, 2);
        int[] labels = new int[120];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (mu[i][0] > 0 ? 1 : 0) + (i % 3 == 0 ? 2 : 0);
        }
        double[][] post = Gaussians.posteriorDraws(mu, lv, 7);
        double[][] prior = Gaussians.priorDraws(500, 3, 7);
        assertEquals(MutualInformation.estimate(mu, lv, labels, 7).mi(),
                MutualInformation.estimate(mu, lv, labels, post).mi(), 0.0);
        assertEquals(PriorMismatch.holeScore(mu, lv, 500, 7).value(), PriorMismatch.holeScore(mu, lv, prior).value(), 0.0);
        assertEquals(PriorMismatch.elboSurgery(mu, lv, 7).mutualInformation(),
                PriorMismatch.elboSurgery(mu, lv, post).mutualInformation(), 0.0);
        assertEquals(PriorMismatch.coverage(mu, lv, 500, 0.99, 7).fraction(),
                PriorMismatch.coverage(mu, lv, prior, 0.99).fraction(), 0.0);
        assertEquals(-1L, MutualInformation.estimate(mu, lv, labels, post).seed());
    }

    @Test
    void badDrawsAreRefusedByName() {
        double[][] mu = gaussian(10, 2, 1.0, 0.0, 1);
        double[][] lv = gaussian(10, 2, 0.1, 0.0, 2);
        int[] labels = new int[10];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MutualInformation.estimate(mu, lv, labels, gaussian(9, 2, 1, 0, 3)));
        assertTrue(e.getMessage().startsWith("draws: expected 10 × 2"), e.getMessage());
        double[][] nan = gaussian(20, 2, 1, 0, 3);
        nan[4][1] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> PriorMismatch.holeScore(mu, lv, nan));
        assertTrue(e.getMessage().contains("prior draws") && e.getMessage().contains("row 4, column 1"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PriorMismatch.coverage(mu, lv, gaussian(5, 3, 1, 0, 4), 0.99));
        assertThrows(IllegalArgumentException.class, () -> PriorMismatch.coverage(mu, lv, gaussian(5, 2, 1, 0, 4), 1.5));
    }

    @Test
    void numpyReproducesEveryMonteCarloEstimateFromTheSameDraws(@TempDir Path dir) throws Exception {
        int n = 150;
        int d = 4;
        double[][] mu = gaussian(n, d, 1.2, 0.1, 11);
        double[][] lv = gaussian(n, d, 0.4, -1.5, 12);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (mu[i][0] > 0 ? 1 : 0) + (mu[i][1] > 0.5 ? 2 : 0);
        }
        double[][] post = Gaussians.posteriorDraws(mu, lv, 5);
        double[][] prior = Gaussians.priorDraws(400, d, 6);
        Npy.write(dir.resolve("mu.npy"), flat(mu), n, d);
        Npy.write(dir.resolve("lv.npy"), flat(lv), n, d);
        Npy.write(dir.resolve("y.npy"), labels, n);
        Npy.write(dir.resolve("zq.npy"), flat(post), n, d);
        Npy.write(dir.resolve("zp.npy"), flat(prior), 400, d);
        String script = String.join("\n",
                "import sys, numpy as np",
                "from scipy.special import logsumexp",
                "from scipy.stats import chi2",
                "p = sys.argv[1]",
                "mu, lv, y = np.load(p + '/mu.npy'), np.load(p + '/lv.npy'), np.load(p + '/y.npy')",
                "zq, zp = np.load(p + '/zq.npy'), np.load(p + '/zp.npy')",
                "def logq(z):  # log N(z_i; mu_m, var_m) for all i, m",
                "    t = (z[:, None, :] - mu[None]) ** 2 / np.exp(lv)[None]",
                "    return -0.5 * (t + lv[None] + np.log(2 * np.pi)).sum(-1)",
                "L = logq(zq); N = len(mu)",
                "a = np.stack([logsumexp(np.where(y[None] == c, L, -np.inf), axis=1) for c in range(y.max() + 1)], 1)",
                "cnt = np.bincount(y)",
                "mi = np.mean(a[np.arange(N), y] - logsumexp(a, axis=1) - np.log(cnt[y] / N))",
                "lp = -0.5 * (zp ** 2 + np.log(2 * np.pi)).sum(-1)",
                "hole = np.mean(lp - (logsumexp(logq(zp), axis=1) - np.log(N)))",
                "surg = np.mean(np.diag(L) - (logsumexp(L, axis=1) - np.log(N)))",
                "q = ((zp[:, None, :] - mu[None]) ** 2 / np.exp(lv)[None]).sum(-1).min(1)",
                "cov = np.mean(q <= chi2.ppf(0.99, mu.shape[1]))",
                "print('%r %r %r %r' % (mi, hole, surg, cov))");
        Process proc = new ProcessBuilder(PYTHON, "-c", script, dir.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (proc.waitFor() != 0) {
            fail(PYTHON + " with numpy and scipy is required for this cross-check; the script said:\n" + out);
        }
        String[] v = out.lines().reduce((x, y) -> y).orElseThrow().split(" ");
        assertEquals(Double.parseDouble(v[0]), MutualInformation.estimate(mu, lv, labels, post).mi(), 1e-10);
        assertEquals(Double.parseDouble(v[1]), PriorMismatch.holeScore(mu, lv, prior).value(), 1e-10);
        assertEquals(Double.parseDouble(v[2]), PriorMismatch.elboSurgery(mu, lv, post).mutualInformation(), 1e-10);
        assertEquals(Double.parseDouble(v[3]), PriorMismatch.coverage(mu, lv, prior, 0.99).fraction(), 0.0);
    }
}
