package org.latentlab.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 10, item 5: every estimator on the command line, on .npy files of each dtype, against numpy/scipy/sklearn
 * recomputations from the same files (one Python run writes the inputs and the reference values).
 */
class EstimatorCommandsTest {
    private static final String PYTHON = "/usr/bin/python3";
    @TempDir
    static Path dir;
    static Map<String, Double> ref = new HashMap<>();

    @BeforeAll
    static void reference() throws Exception {
        // c2st: the CLI shuffles the pooled 150 + 130 rows with the published permutation of --seed 5
        org.latentlab.data.Npy.write(dir.resolve("perm.npy"),
                org.latentlab.metrics.ClassifierTwoSampleTest.permutation(280, 5), 280);
        String script = String.join("\n",
                "import sys, numpy as np",
                "from scipy.special import logsumexp",
                "from scipy.stats import entropy",
                "from sklearn.linear_model import LogisticRegression",
                "d = sys.argv[1] + '/'",
                "rng = np.random.default_rng(3)",
                "out = {}",
                "# is: 60 x 4 probabilities (float32), 3 splits",
                "p = rng.dirichlet(np.ones(4) * 0.3, size=60)",
                "np.save(d + 'p.npy', p.astype(np.float32)); p = np.load(d + 'p.npy').astype(np.float64)",
                "p = p / p.sum(1, keepdims=True)",
                "iss = [np.exp(np.mean([entropy(r, c.mean(0)) for r in c])) for c in np.array_split(p, 3)]",
                "out['is_mean'] = np.mean(iss)",
                "# psnr: uint8 images",
                "t = rng.integers(0, 256, size=(5, 16), dtype=np.uint8); r = np.clip(t + rng.integers(-9, 10, size=t.shape), 0, 255).astype(np.uint8)",
                "np.save(d + 't.npy', t); np.save(d + 'r.npy', r)",
                "mse = np.mean((r.astype(float) - t.astype(float)) ** 2); rg = float(t.max()) - float(t.min())",
                "out['psnr'] = 10 * np.log10(rg ** 2 / mse)",
                "# mi with draws; rates; kl; au",
                "mu = rng.normal(size=(80, 3)); lv = rng.normal(-1, 0.3, size=(80, 3)); y = (mu[:, 0] > 0).astype(np.int32) + 2 * (mu[:, 1] > 0)",
                "z = mu + np.exp(0.5 * lv) * rng.normal(size=mu.shape)",
                "np.save(d + 'mu.npy', mu); np.save(d + 'lv.npy', lv); np.save(d + 'y.npy', y); np.save(d + 'z.npy', z)",
                "L = -0.5 * ((z[:, None] - mu[None]) ** 2 / np.exp(lv)[None] + lv[None] + np.log(2 * np.pi)).sum(-1)",
                "a = np.stack([logsumexp(np.where(y[None] == c, L, -np.inf), axis=1) for c in range(4)], 1)",
                "out['mi'] = np.mean(a[np.arange(80), y] - logsumexp(a, axis=1) - np.log(np.bincount(y)[y] / 80))",
                "kl = 0.5 * (mu ** 2 + np.exp(lv) - 1 - lv)",
                "out['rate'] = kl.sum(1).mean(); out['rate_dim0'] = kl[:, 0].mean()",
                "mb = mu[::-1].copy(); lb = lv[::-1].copy(); np.save(d + 'mb.npy', mb); np.save(d + 'lb.npy', lb)",
                "klab = 0.5 * (lb - lv) + (np.exp(lv) + (mu - mb) ** 2) / (2 * np.exp(lb)) - 0.5",
                "out['kl_ab'] = klab.sum(1).mean()",
                "m4 = np.c_[mu, 0.001 * rng.normal(size=80)]; np.save(d + 'm4.npy', m4)",
                "out['au'] = int((m4.var(0) > 0.01).sum()); out['ev0'] = np.linalg.eigvalsh(np.cov(m4.T))[-1]",
                "# vr on float64 log-weights with -inf entries",
                "lw = rng.normal(-90, 3, size=(6, 50)); lw[2, :3] = -np.inf; np.save(d + 'lw.npy', lw)",
                "for al in (0.0, 0.5):",
                "    out['vr%g' % al] = np.mean((logsumexp((1 - al) * lw, axis=1) - np.log(50)) / (1 - al))",
                "out['vrmax'] = lw.max(1).mean()",
                "# fr: int32 means, float32 sigmas, 4 pairs of 2-d Gaussians",
                "m1 = rng.integers(-3, 4, size=(4, 2)).astype(np.int32); m2 = rng.integers(-3, 4, size=(4, 2)).astype(np.int32)",
                "s1 = rng.uniform(0.5, 2, size=(4, 2)).astype(np.float32); s2 = rng.uniform(0.5, 2, size=(4, 2)).astype(np.float32)",
                "for n, v in (('m1', m1), ('m2', m2), ('s1', s1), ('s2', s2)): np.save(d + n + '.npy', v)",
                "s1 = s1.astype(float); s2 = s2.astype(float)",
                "x = ((m1 - m2) ** 2 / 2 + (s1 - s2) ** 2) / (2 * s1 * s2)",
                "out['fr0'] = np.sqrt(((np.sqrt(2) * np.arccosh(1 + x)) ** 2).sum(1))[0]",
                "# hull",
                "rate = np.array([1.0, 2, 3, 4, 5]); met = np.array([1.0, 3, 3.5, 3.6, 5.1]); np.save(d + 'rate.npy', rate); np.save(d + 'met.npy', met)",
                "# probe: logistic vs sklearn",
                "xtr = rng.normal(size=(300, 3)); ytr = (xtr[:, 0] + 0.5 * rng.normal(size=300) > 0).astype(np.int32)",
                "xte = rng.normal(size=(200, 3)); yte = (xte[:, 0] + 0.5 * rng.normal(size=200) > 0).astype(np.int32)",
                "for n, v in (('xtr', xtr), ('ytr', ytr), ('xte', xte), ('yte', yte)): np.save(d + n + '.npy', v)",
                "out['probe'] = (LogisticRegression(C=1.0, max_iter=5000).fit(xtr, ytr).predict(xte) == yte).mean()",
                "# c2st: float32 P (150 x 4) vs float64 Q (130 x 4) shifted in two coordinates, split by perm.npy",
                "from sklearn.neighbors import KNeighborsClassifier",
                "from scipy.stats import binom",
                "cp = rng.normal(size=(150, 4)).astype(np.float32); cq = rng.normal(size=(130, 4)); cq[:, :2] += 0.7",
                "np.save(d + 'cp.npy', cp); np.save(d + 'cq.npy', cq)",
                "cx = np.r_[cp.astype(np.float64), cq]; cy = (np.arange(280) >= 150).astype(int)",
                "perm = np.load(d + 'perm.npy'); cx, cy = cx[perm], cy[perm]",
                "out['c2st_logistic'] = LogisticRegression(C=1.0, max_iter=5000).fit(cx[:140], cy[:140]).score(cx[140:], cy[140:])",
                "out['c2st_knn'] = KNeighborsClassifier(5).fit(cx[:140], cy[:140]).score(cx[140:], cy[140:])",
                "out['c2st_low'] = binom.ppf(0.025, 140, 0.5) / 140; out['c2st_high'] = binom.ppf(0.975, 140, 0.5) / 140",
                "for k, v in out.items(): print(k, repr(float(v)))");
        Process proc = new ProcessBuilder(PYTHON, "-c", script, dir.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (proc.waitFor() != 0) {
            fail(PYTHON + " with numpy, scipy and scikit-learn is required; the script said:\n" + out);
        }
        out.lines().forEach(l -> {
            String[] kv = l.split(" ");
            if (kv.length == 2) {
                ref.put(kv[0], Double.parseDouble(kv[1]));
            }
        });
    }

    private static String f(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void inceptionScoreOnFloat32Probabilities() {
        JsonObject o = CliRun.of("metrics", "is", f("p.npy"), "--splits", "3").json();
        assertEquals(ref.get("is_mean"), o.get("is_mean").getAsDouble(), 1e-5); // float32 rows renormalised
        assertEquals(3, o.getAsJsonArray("is").size());
    }

    @Test
    void psnrOnUint8Images() {
        assertEquals(ref.get("psnr"), CliRun.of("metrics", "psnr", f("r.npy"), f("t.npy")).json()
                .get("psnr_db").getAsDouble(), 1e-10);
        JsonObject same = CliRun.of("metrics", "psnr", f("t.npy"), f("t.npy")).json();
        assertEquals(Double.POSITIVE_INFINITY, same.get("psnr_db").getAsDouble());
    }

    @Test
    void mutualInformationWithGivenDrawsAndInt32Labels() {
        JsonObject o = CliRun.of("metrics", "mi", f("mu.npy"), f("lv.npy"), f("y.npy"), "--draws", f("z.npy")).json();
        assertEquals(ref.get("mi"), o.get("mi_nats").getAsDouble(), 1e-10);
        JsonObject seeded = CliRun.of("metrics", "mi", f("mu.npy"), f("lv.npy"), f("y.npy"), "--seed", "3").json();
        assertTrue(seeded.get("mi_nats").getAsDouble() <= seeded.get("label_entropy_nats").getAsDouble() + 1e-12);
    }

    @Test
    void ratesAndKl() {
        JsonObject r = CliRun.of("metrics", "rates", f("mu.npy"), f("lv.npy")).json();
        assertEquals(ref.get("rate"), r.get("rate_nats").getAsDouble(), 1e-12);
        assertEquals(ref.get("rate_dim0"), r.getAsJsonArray("per_dimension_nats").get(0).getAsDouble(), 1e-12);
        assertEquals(ref.get("rate"), CliRun.of("metrics", "kl", f("mu.npy"), f("lv.npy")).json()
                .get("kl_nats_mean").getAsDouble(), 1e-12);
        assertEquals(ref.get("kl_ab"), CliRun.of("metrics", "kl", f("mu.npy"), f("lv.npy"), "--to-mu", f("mb.npy"),
                "--to-logvar", f("lb.npy")).json().get("kl_nats_mean").getAsDouble(), 1e-12);
    }

    @Test
    void activeUnits() {
        JsonObject o = CliRun.of("metrics", "au", f("m4.npy")).json();
        assertEquals(ref.get("au").intValue(), o.get("active_units").getAsInt());
        assertEquals(ref.get("ev0"), o.getAsJsonArray("eigenvalues").get(0).getAsDouble(), 1e-12);
    }

    @Test
    void vrBoundsWithZeroWeights() {
        assertEquals(ref.get("vr0"), CliRun.of("metrics", "vr", f("lw.npy"), "--alpha", "0").json()
                .get("bound_nats_mean").getAsDouble(), 1e-10);
        assertEquals(ref.get("vr0.5"), CliRun.of("metrics", "vr", f("lw.npy"), "--alpha", "0.5").json()
                .get("bound_nats_mean").getAsDouble(), 1e-10);
        assertEquals(ref.get("vrmax"), CliRun.of("metrics", "vr", f("lw.npy"), "--alpha", "max").json()
                .get("bound_nats_mean").getAsDouble(), 1e-10);
        JsonObject two = CliRun.of("metrics", "vr", f("lw.npy"), "--alpha", "2").json();
        assertEquals(Double.NEGATIVE_INFINITY, two.get("bound_nats_mean").getAsDouble());
    }

    @Test
    void fisherRaoOnInt32AndFloat32() {
        JsonArray d = CliRun.of("metrics", "fr", f("m1.npy"), f("s1.npy"), f("m2.npy"), f("s2.npy")).json()
                .getAsJsonArray("distances");
        assertEquals(4, d.size());
        assertEquals(ref.get("fr0"), d.get(0).getAsDouble(), 1e-12);
    }

    @Test
    void meyenBoundAndHull() throws Exception {
        assertEquals(0.1, CliRun.of("metrics", "bound", "--information", "0", "--classes", "10").json()
                .get("accuracy_bound").getAsDouble(), 1e-12);
        // labels 0,0,0,1: H(L) < log 2, so the bound at I = 0 is the majority share 3/4 (Fano is tight for 2 classes)
        org.latentlab.data.Npy.write(dir.resolve("l4.npy"), new int[]{0, 0, 0, 1}, 4);
        assertEquals(0.75, CliRun.of("metrics", "bound", "--information", "0", "--labels", f("l4.npy")).json()
                .get("accuracy_bound").getAsDouble(), 1e-9);
        JsonObject h = CliRun.of("metrics", "hull", f("rate.npy"), f("met.npy")).json();
        // (1,1) (2,3) (5,5.1) are the upper hull; (3,3.5) and (4,3.6) lie below the chord from (2,3) to (5,5.1)
        assertEquals("[0,1,4]", h.getAsJsonArray("vertices").toString());
    }

    @Test
    void logisticProbeMatchesScikitLearnAndReturnsPredictions() {
        JsonObject o = CliRun.of("metrics", "probe", f("xtr.npy"), f("ytr.npy"), f("xte.npy"), f("yte.npy")).json();
        assertEquals(ref.get("probe"), o.get("accuracy").getAsDouble(), 0.011); // at most 2 of 200 flips at the optimum
        assertEquals(200, o.getAsJsonArray("predictions").size());
        JsonObject knn = CliRun.of("metrics", "probe", f("xtr.npy"), f("ytr.npy"), f("xte.npy"), f("yte.npy"),
                "--kind", "knn").json();
        assertTrue(knn.get("accuracy").getAsDouble() > 0.6, knn.toString());
    }

    @Test
    void classifierTwoSampleTestMatchesScikitLearnOnTheSeededSplit() {
        JsonObject o = CliRun.of("metrics", "c2st", f("cp.npy"), f("cq.npy"), "--seed", "5").json();
        assertEquals(140, o.get("train").getAsInt());
        assertEquals(140, o.get("test").getAsInt());
        double logistic = ref.get("c2st_logistic");
        assertTrue(logistic > 0.6 && logistic < 0.95, "P and Q overlap but differ: sklearn logistic " + logistic);
        // the same convex optimum: allow one held-out prediction of 140 to flip
        assertEquals(logistic, o.get("logistic_accuracy").getAsDouble(), 1.5 / 140);
        assertEquals(ref.get("c2st_knn"), o.get("knn_accuracy").getAsDouble(), 1e-12);
        assertEquals(ref.get("c2st_low"), o.get("band_low").getAsDouble(), 1e-12);
        assertEquals(ref.get("c2st_high"), o.get("band_high").getAsDouble(), 1e-12);
        assertEquals(o.get("logistic_accuracy").getAsDouble() > o.get("band_high").getAsDouble(),
                o.get("logistic_rejects").getAsBoolean());
        // the same sample on both sides: logistic accuracy near chance (sd 0.044 at n_test 130), far below 0.75
        JsonObject same = CliRun.of("metrics", "c2st", f("cq.npy"), f("cq.npy")).json();
        assertTrue(same.get("logistic_accuracy").getAsDouble() < 0.75, same.toString());
        assertEquals(0, same.get("seed").getAsLong());
    }

    @Test
    void everySubcommandsHelpStatesUnitsOrSource() {
        for (String sub : new String[]{"twonn", "gride", "ii", "pca", "is", "psnr", "mi", "bound", "hull", "fr",
                "kl", "rates", "au", "vr", "probe", "c2st"}) {
            CliRun r = CliRun.of("metrics", sub, "--help");
            assertEquals(0, r.exitCode(), sub);
            assertFalse(r.err().contains("Could not format"), sub + " --help: a bare % in the description: " + r.err());
            assertTrue(r.out().contains("SPEC"), sub + " --help names its source: " + r.out());
            assertTrue(r.out().matches("(?s).*(nats|dB|Dimensionless|dimensionless|units|Units|accuracy).*"),
                    sub + " --help states units: " + r.out());
        }
        assertTrue(Files.isDirectory(dir));
    }
}
