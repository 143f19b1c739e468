package org.latentlab.probes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.data.Npy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 10: probes on hard inputs (robustness cases 5 and 6, fidelity faults 2(d) and 2(e)) and their predictions
 * (item 4), checked against scikit-learn where a reference exists.
 */
class ProbesHardInputsTest {
    private static final String PYTHON = "/usr/bin/python3";

    private static Features blobs(String name, int[] labels) {
        double[] v = new double[labels.length * 2];
        for (int i = 0; i < labels.length; i++) {
            v[2 * i] = 10.0 * labels[i] + 0.1 * (i % 3);
            v[2 * i + 1] = -5.0 * labels[i] + 0.1 * (i % 2);
        }
        return new Features(name, labels.length, 2, v, labels);
    }

    @Test
    void case5KnnWithFewerTrainingExamplesThanKNamesBoth() {
        Features train = blobs("tiny", new int[]{0, 1, 0});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Probes(ProbeConfig.defaults()).fit(ProbeKind.KNN, train, train));
        assertTrue(e.getMessage().contains("k = 5") && e.getMessage().contains("only 3 examples")
                && e.getMessage().contains("tiny"), e.getMessage());
        // k = 3 = N is fine: a vote over all training examples
        ProbeResult r = new Probes(ProbeConfig.defaults().withKnnNeighbours(3)).fit(ProbeKind.KNN, train, train);
        assertEquals(2.0 / 3.0, r.accuracy(), 1e-12); // the majority label 0 wins every vote
    }

    @Test
    void case6NaNFeatureNamesTheSetRowAndColumn() {
        double[] v = {0, 0, 1, Double.NaN, 2, 2, 3, 3};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Features("train-mu", 4, 2, v, new int[]{0, 1, 0, 1}));
        assertTrue(e.getMessage().contains("train-mu") && e.getMessage().contains("row 1, column 1"), e.getMessage());
        double[] w = {0, 0, 1, 1, Double.POSITIVE_INFINITY, 2};
        e = assertThrows(IllegalArgumentException.class, () -> new Features("test", 3, 2, w, new int[]{0, 1, 0}));
        assertTrue(e.getMessage().contains("row 2, column 0"), e.getMessage());
    }

    @Test
    void aTestLabelAbsentFromTrainingIsAMissForEveryProbe() {
        Features train = blobs("train", new int[]{0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1});
        Features test = blobs("test", new int[]{0, 1, 2, 0, 1});
        for (ProbeKind kind : ProbeKind.values()) {
            Probes.Predictions p = new Probes(ProbeConfig.defaults()).fitWithPredictions(kind, train, test);
            assertEquals(0.8, p.result().accuracy(), 1e-12, kind + ": only the unseen label is missed");
            assertTrue(p.predictions()[2] != 2, kind + " cannot predict an unseen label");
            assertArrayEquals(test.labels(), p.truth());
            assertEquals(5, p.predictions().length);
            // macro F1 over labels 0, 1, 2: label 2 has F1 0, and the label it was given gets one false positive
            assertTrue(p.result().macroF1() < 0.8, kind + " macro F1 " + p.result().macroF1());
        }
    }

    @Test
    void predictionsAreReturnedAndMatchTheScore() {
        Features train = blobs("train", new int[]{0, 1, 2, 0, 1, 2, 0, 1, 2});
        Features test = blobs("test", new int[]{2, 1, 0});
        for (ProbeKind kind : List.of(ProbeKind.LOGISTIC, ProbeKind.RBF_SVM)) {
            Probes.Predictions p = new Probes(ProbeConfig.defaults().withKnnNeighbours(3))
                    .fitWithPredictions(kind, train, test);
            assertArrayEquals(new int[]{2, 1, 0}, p.predictions(), kind.toString());
            assertEquals(1.0, p.result().accuracy(), 0.0);
        }
    }

    @Test
    void rbfSvmBreaksVoteTiesByTheSmallestLabelAsScikitLearnWhateverTheRowOrder(@TempDir Path dir) throws Exception {
        // three classes whose first appearance (7, 2, 5) is not their sorted order; test points where the three
        // one-vs-one classifiers vote 1–1–1 (each decision value at least 0.01 from 0), and a grid
        String script = String.join("\n",
                "import sys, numpy as np",
                "from sklearn.svm import SVC",
                "d = sys.argv[1]",
                "rng = np.random.default_rng(0)",
                "centres = np.array([[0, 0], [3, 0], [1.5, 2.6]])",
                "sizes = {7: 30, 2: 50, 5: 40}; spreads = {7: 0.5, 2: 1.5, 5: 0.9}; ci = {7: 0, 2: 1, 5: 2}",
                "y = rng.permutation(np.concatenate([np.full(n, l) for l, n in sizes.items()]))",
                "x = np.array([centres[ci[v]] + rng.normal(size=2) * spreads[v] for v in y])",
                "m = SVC(kernel='rbf', C=1.0, gamma='scale', decision_function_shape='ovo').fit(x, y)",
                "g = np.stack(np.meshgrid(np.linspace(-2, 5, 281), np.linspace(-2, 4.5, 261)), -1).reshape(-1, 2)",
                "dv = m.decision_function(g)",
                "votes = np.zeros((len(g), 3), int)",
                "for k, (a, b) in enumerate([(0, 1), (0, 2), (1, 2)]):",
                "    votes[np.arange(len(g)), np.where(dv[:, k] > 0, a, b)] += 1",
                "tie = (votes.max(1) == 1) & (np.abs(dv).min(1) > 0.01)",
                "sure = np.abs(dv).min(1) > 0.05",
                "test = np.concatenate([g[tie], g[sure][::50]])",
                "np.save(d + '/x.npy', x); np.save(d + '/y.npy', y.astype(np.int32))",
                "np.save(d + '/xt.npy', test); np.save(d + '/pt.npy', m.predict(test).astype(np.int32))",
                "print(int(tie.sum()), len(test))");
        Process proc = new ProcessBuilder(PYTHON, "-c", script, dir.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (proc.waitFor() != 0) {
            fail(PYTHON + " with numpy and scikit-learn is required for this cross-check; the script said:\n" + out);
        }
        String[] last = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        int ties = Integer.parseInt(last[0]);
        assertTrue(ties >= 5, "the reference must contain tied votes, got " + ties);
        double[] x = Npy.read(dir.resolve("x.npy")).toDoubleArray();
        int[] y = Npy.read(dir.resolve("y.npy")).toIntArray();
        double[] xt = Npy.read(dir.resolve("xt.npy")).toDoubleArray();
        int[] sk = Npy.read(dir.resolve("pt.npy")).toIntArray();
        Features train = new Features("svm-train", y.length, 2, x, y);
        Features test = new Features("svm-test", sk.length, 2, xt, sk.clone());
        Probes probes = new Probes(ProbeConfig.defaults());
        int[] asGiven = probes.fitWithPredictions(ProbeKind.RBF_SVM, train, test).predictions();
        int[] reversed = probes.fitWithPredictions(ProbeKind.RBF_SVM, reversed(train), test).predictions();
        for (int i = 0; i < ties; i++) {
            assertEquals(sk[i], asGiven[i], "tied test point " + i + ": scikit-learn's (smallest-label) class");
            assertEquals(asGiven[i], reversed[i], "tied test point " + i + " with the training rows reversed");
        }
        int agree = 0;
        for (int i = ties; i < sk.length; i++) {
            agree += sk[i] == asGiven[i] ? 1 : 0;
        }
        assertTrue(agree >= 0.98 * (sk.length - ties), agree + " of " + (sk.length - ties) + " clear points agree");
    }

    private static Features reversed(Features f) {
        double[] v = new double[f.values().length];
        int[] l = new int[f.count()];
        for (int i = 0; i < f.count(); i++) {
            int j = f.count() - 1 - i;
            System.arraycopy(f.values(), j * f.dim(), v, i * f.dim(), f.dim());
            l[i] = f.labels()[j];
        }
        return new Features(f.name(), f.count(), f.dim(), v, l);
    }
}
