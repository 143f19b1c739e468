package org.latentlab.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.metrics.Gride;
import org.latentlab.metrics.InformationImbalance;
import org.latentlab.metrics.PairwiseDistances;
import org.latentlab.metrics.PointSet;
import org.latentlab.metrics.TwoNN;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Known answers of SPEC §H.1 on DADApy's own test files, through the API and through the command line. */
class MetricsCommandTest {

    static Path reference(String file) {
        String repo = System.getProperty("latentlab.repo");
        if (repo == null) {
            throw new IllegalStateException("system property latentlab.repo is not set (surefire sets it to the repo "
                    + "root); the DADApy reference files are expected in <repo>/../shared/reference/dadapy/");
        }
        Path p = Path.of(repo).toAbsolutePath().normalize().resolveSibling("shared").resolve("reference/dadapy")
                .resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("DADApy reference file missing: " + p
                    + " (expected the shared folder beside the repository, ../shared)");
        }
        return p;
    }

    static String cli(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            int rc = Main.run(args);
            assertEquals(0, rc, "exit code of " + String.join(" ", args));
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void twoNnKnownAnswers() throws IOException {
        PointSet x = PointSet.fromNpy(reference("2gaussians_in_2d.npy"));
        assertEquals(100, x.size());
        assertEquals(1.8549132954456238, TwoNN.estimate(x).id(), 1e-9);
        assertEquals(2.000755298671753,
                TwoNN.estimate(x, TwoNN.Config.defaults().withAlgorithm(TwoNN.Algorithm.ML)).id(), 1e-9);
        assertEquals(1.8722, TwoNN.bayesian(x, 2, 5).mean(), 5e-5);
        JsonObject base = JsonParser.parseString(cli("metrics", "twonn", reference("2gaussians_in_2d.npy").toString()))
                .getAsJsonObject();
        assertEquals(1.854913, base.get("id").getAsDouble(), 5e-7);
        JsonObject ml = JsonParser.parseString(cli("metrics", "twonn", "--algorithm", "ml",
                reference("2gaussians_in_2d.npy").toString())).getAsJsonObject();
        assertEquals(2.000755, ml.get("id").getAsDouble(), 5e-7);
    }

    @Test
    void grideKnownAnswers() throws IOException {
        double[] ids = {2.0007, 2.0321, 1.9118, 2.0005, 1.6747, 0.7208};
        double[] errs = {0.2001, 0.1466, 0.0976, 0.0722, 0.0427, 0.0130};
        Gride.Result r = Gride.estimate(PointSet.fromNpy(reference("2gaussians_in_2d.npy")));
        assertArrayEquals(ids, r.ids(), 1e-3);
        assertArrayEquals(errs, r.errors(), 1e-3);
        // scale 0 is the ML TwoNN
        assertEquals(2.000755298671753, r.ids()[0], 1e-6);
        JsonObject j = JsonParser.parseString(cli("metrics", "gride", reference("2gaussians_in_2d.npy").toString()))
                .getAsJsonObject();
        for (int s = 0; s < ids.length; s++) {
            assertEquals(ids[s], j.getAsJsonArray("ids").get(s).getAsDouble(), 1e-3);
            assertEquals(errs[s], j.getAsJsonArray("errors").get(s).getAsDouble(), 1e-3);
            assertTrue(j.getAsJsonArray("scales").get(s).getAsDouble() > 0);
        }
        assertEquals(6, j.getAsJsonArray("scales").size());
    }

    @Test
    void informationImbalanceKnownAnswers(@TempDir Path tmp) throws IOException {
        PointSet full = PointSet.fromNpy(reference("3d_gauss_small_z_var.npy"));
        int[][] coords = {{0}, {1}, {2}, {0, 1}, {0, 2}, {1, 2}};
        double[] fullToCoords = {0.144, 0.15, 0.968, 0.02, 0.1426, 0.1492};
        double[] coordsToFull = {0.5978, 0.5128, 0.9696, 0.02, 0.6208, 0.5434};
        for (int c = 0; c < coords.length; c++) {
            PointSet sub = full.columns(coords[c]);
            InformationImbalance.Result r = InformationImbalance.compute(full, sub);
            assertEquals(fullToCoords[c], r.aToB(), 1e-12, "full -> " + sub.name());
            assertEquals(coordsToFull[c], r.bToA(), 1e-12, sub.name() + " -> full");
            // the GEMM path gives the same ranks on this data
            InformationImbalance.Result g = InformationImbalance.compute(full, sub, 1, PairwiseDistances.Mode.GEMM);
            assertEquals(fullToCoords[c], g.aToB(), 1e-12);
            assertEquals(coordsToFull[c], g.bToA(), 1e-12);
        }
        // command line, with B written as a float64 .npy holding columns [x, z]
        Path b = writeNpy(tmp.resolve("xz.npy"), full.columns(0, 2));
        JsonObject j = JsonParser.parseString(cli("metrics", "ii", reference("3d_gauss_small_z_var.npy").toString(),
                b.toString())).getAsJsonObject();
        assertEquals(0.1426, j.get("a_to_b").getAsDouble(), 1e-12);
        assertEquals(0.6208, j.get("b_to_a").getAsDouble(), 1e-12);
        JsonObject k3 = JsonParser.parseString(cli("metrics", "ii", reference("3d_gauss_small_z_var.npy").toString(),
                b.toString(), "--k", "3")).getAsJsonObject();
        assertNotEquals(j.get("a_to_b").getAsDouble(), k3.get("a_to_b").getAsDouble());
    }

    @Test
    void pcaCommand() {
        JsonObject j = JsonParser.parseString(cli("metrics", "pca", reference("3d_gauss_small_z_var.npy").toString(),
                "--threshold", "0.05")).getAsJsonObject();
        assertEquals(3, j.getAsJsonArray("eigenvalues").size());
        double e0 = j.getAsJsonArray("eigenvalues").get(0).getAsDouble();
        double e2 = j.getAsJsonArray("eigenvalues").get(2).getAsDouble();
        assertTrue(e0 >= e2);
        int expected = 0;
        for (int i = 0; i < 3; i++) {
            expected += j.getAsJsonArray("eigenvalues").get(i).getAsDouble() > 0.05 ? 1 : 0;
        }
        assertEquals(expected, j.get("count_above").getAsInt());
    }

    @Test
    void badFilesGiveClearErrors(@TempDir Path tmp) throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.npy"), "not numpy");
        Exception e = assertThrows(Exception.class, () -> PointSet.fromNpy(junk)); // the core reader's IOException
        assertTrue(e.getMessage().contains("junk.npy"), e.getMessage());
        assertEquals(Main.EXIT_BAD_INPUT, Main.run("metrics", "twonn", junk.toString()));
        Path cube = tmp.resolve("cube.npy");
        org.latentlab.data.Npy.write(cube, new double[8], 2, 2, 2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PointSet.fromNpy(cube)).getMessage()
                .contains("2-D"));
        PointSet two = PointSet.of("two", new double[][]{{0, 1}, {1, 0}});
        Path small = writeNpy(tmp.resolve("two.npy"), two);
        assertNotEquals(0, Main.run("metrics", "twonn", small.toString()));
        String err = cliErr("metrics", "twonn", tmp.resolve("missing.npy").toString());
        assertTrue(err.startsWith("latentlab metrics twonn: ") && err.contains("missing.npy"), err);
        assertEquals(1, err.lines().count(), "one line, no stack trace: " + err);
    }

    /** Runs the CLI expecting bad-input exit code 2; returns what it wrote on stderr. */
    static String cliErr(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            assertEquals(Main.EXIT_BAD_INPUT, Main.run(args), "exit code of " + String.join(" ", args));
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8).trim();
    }

    /** Writes a float64 .npy with the core writer (test helper). */
    static Path writeNpy(Path file, PointSet p) throws IOException {
        double[] flat = new double[p.size() * p.dimension()];
        for (int i = 0; i < p.size(); i++) {
            for (int j = 0; j < p.dimension(); j++) {
                flat[i * p.dimension() + j] = p.get(i, j);
            }
        }
        org.latentlab.data.Npy.write(file, flat, p.size(), p.dimension());
        return file;
    }
}
