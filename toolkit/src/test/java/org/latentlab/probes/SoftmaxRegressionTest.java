package org.latentlab.probes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.data.Npy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SoftmaxRegressionTest {
    private static final String PYTHON = "/usr/bin/python3";

    /** 10 Gaussian classes in d dims, centres N(0, spread²) per coordinate, unit noise: overlapping classes. */
    static Features gaussians(String name, int n, int d, double spread, long centreSeed, long seed) {
        Random rc = new Random(centreSeed);
        double[][] centres = new double[10][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = spread * rc.nextGaussian() + 2.0;
            }
        }
        Random r = new Random(seed);
        double[] v = new double[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
            for (int j = 0; j < d; j++) {
                v[i * d + j] = centres[y[i]][j] + r.nextGaussian();
            }
        }
        return new Features(name, n, d, v, y);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Features f = gaussians("fd", 60, 4, 0.7, 1, 2);
        int[] y = new int[f.count()];
        for (int i = 0; i < y.length; i++) {
            y[i] = f.labels()[i] % 3;
        }
        int k = 3;
        SoftmaxRegression.Loss loss = new SoftmaxRegression.Loss(f.values(), y, f.dim(), k, 0.7);
        Random r = new Random(3);
        double[] theta = new double[k * (f.dim() + 1)];
        for (int p = 0; p < theta.length; p++) {
            theta[p] = 0.5 * r.nextGaussian();
        }
        double[] g = new double[theta.length];
        loss.valueAndGradient(theta, g);
        double h = 1e-6;
        for (int p = 0; p < theta.length; p++) {
            double[] tp = theta.clone();
            double[] tm = theta.clone();
            tp[p] += h;
            tm[p] -= h;
            double fd = (loss.valueAndGradient(tp, new double[theta.length])
                    - loss.valueAndGradient(tm, new double[theta.length])) / (2 * h);
            assertEquals(fd, g[p], 1e-6 * Math.max(1, Math.abs(fd)), "dθ" + p);
        }
    }

    @Test
    void logisticAndKnnAgreeWithScikitLearn(@TempDir Path dir) throws Exception {
        int d = 20;
        Features train = gaussians("g", 3000, d, 0.45, 11, 12);
        Features test = gaussians("g", 1000, d, 0.45, 11, 13);
        Npy.write(dir.resolve("xtr.npy"), train.values(), train.count(), d);
        Npy.write(dir.resolve("ytr.npy"), train.labels(), train.count());
        Npy.write(dir.resolve("xte.npy"), test.values(), test.count(), d);
        Npy.write(dir.resolve("yte.npy"), test.labels(), test.count());
        String script = String.join("\n",
                "import sys, numpy as np",
                "from sklearn.linear_model import LogisticRegression",
                "from sklearn.neighbors import KNeighborsClassifier",
                "d = sys.argv[1]",
                "xtr, ytr = np.load(d + '/xtr.npy'), np.load(d + '/ytr.npy')",
                "xte, yte = np.load(d + '/xte.npy'), np.load(d + '/yte.npy')",
                "def obj(m):",
                "    z = xtr @ m.coef_.T + m.intercept_",
                "    mx = z.max(1, keepdims=True)",
                "    lse = np.log(np.exp(z - mx).sum(1)) + mx[:, 0]",
                "    ce = lse - z[np.arange(len(ytr)), np.searchsorted(m.classes_, ytr)]",
                "    return 0.5 * (m.coef_ ** 2).sum() + ce.sum()",
                "m = LogisticRegression(solver='lbfgs', C=1.0, max_iter=5000).fit(xtr, ytr)",
                "t = LogisticRegression(solver='lbfgs', C=1.0, max_iter=20000, tol=1e-12).fit(xtr, ytr)",
                "knn = KNeighborsClassifier(5).fit(xtr, ytr).predict(xte)",
                "np.save(d + '/knn.npy', knn.astype(np.int32))",
                "print('%r %r %r' % ((m.predict(xte) == yte).mean(), obj(m), obj(t)))");
        Process p = new ProcessBuilder(PYTHON, "-c", script, dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            fail(PYTHON + " with numpy and scikit-learn is required for this cross-check (Debian packages "
                    + "python3-numpy python3-sklearn, installed by environment/setup); the script said:\n" + out);
        }
        String[] last = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        double skAccuracy = Double.parseDouble(last[0]);
        double skObjective = Double.parseDouble(last[1]);
        double optimum = Double.parseDouble(last[2]);

        SoftmaxRegression m = SoftmaxRegression.fit(train.values(), train.labels(), d, 1.0, 5000,
                Probes.LOGISTIC_TOL);
        assertTrue(m.optimiser().converged(), "L-BFGS converged");
        assertTrue(m.objective() <= skObjective * (1 + 1e-6), "ours " + m.objective() + " vs sklearn " + skObjective);
        assertEquals(optimum, m.objective(), 1e-6 * optimum, "objective vs sklearn at tol 1e-12");
        ProbeResult r = new Probes(ProbeConfig.defaults()).fit(ProbeKind.LOGISTIC, train, test);
        assertTrue(skAccuracy > 0.5 && skAccuracy < 0.97, "classes overlap: sklearn accuracy " + skAccuracy);
        assertEquals(skAccuracy, r.accuracy(), 0.003, "logistic accuracy vs sklearn");

        int[] skKnn = Npy.read(dir.resolve("knn.npy")).toIntArray();
        int[] ours = new Probes(ProbeConfig.defaults()).predictions(ProbeKind.KNN, train, test);
        assertArrayEquals(skKnn, ours, "kNN(5) predictions vs sklearn");
        ProbeResult kr = new Probes(ProbeConfig.defaults()).fit(ProbeKind.KNN, train, test);
        assertEquals(Probes.accuracy(test.labels(), skKnn), kr.accuracy(), 1e-12, "kNN accuracy vs sklearn");
    }

    @Test
    void macroF1CountsEveryLabelSeen() {
        int[] truth = {0, 0, 1, 1, 2};
        int[] pred = {0, 1, 1, 1, 0};
        // label 0: tp1 fp1 fn1 → 0.5; label 1: tp2 fp1 fn0 → 0.8; label 2: tp0 fn1 → 0
        assertEquals((0.5 + 0.8 + 0) / 3, Probes.macroF1(truth, pred), 1e-12);
        assertEquals(0.6, Probes.accuracy(truth, pred), 1e-12);
    }
}
