package org.latentlab.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.latentlab.LatentLab;
import org.latentlab.data.Idx;
import org.latentlab.data.Mnist;
import org.latentlab.data.Npy;
import org.latentlab.geometry.FisherRao;
import org.latentlab.metrics.Gride;
import org.latentlab.metrics.PointSet;
import org.latentlab.metrics.TwoNN;
import org.latentlab.probes.Features;
import org.latentlab.probes.ProbeConfig;
import org.latentlab.training.TrainConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The bad-input catalogue ({@code docs/bad-inputs.md}, issue 10 item 6): every row is one case here. Command-line
 * rows must exit 2 with exactly one line on stderr that contains the expected words, nothing on stdout and nothing
 * written; API rows must throw the expected exception with those words. {@link #catalogueDocumentListsEveryCase}
 * keeps the document and this table identical (its failure message prints the table to paste).
 */
class BadInputsCatalogueTest {
    @TempDir
    static Path dir;

    /** One row: id, entry point, what was tried, what must happen (words the one-line error contains). */
    record Row(String id, String entry, String tried, String expect, String[] args, Api api) {
        @Override
        public String toString() {
            return id;
        }

        String markdown() {
            return "| " + id + " | " + entry + " | " + tried + " | " + expect + " |";
        }
    }

    /** An API case: throws; {@code expect}'s words must be in the message. */
    @FunctionalInterface
    interface Api {
        void run() throws Exception;
    }

    static String f(String name) {
        return dir.resolve(name).toString();
    }

    @BeforeAll
    static void fixtures() throws IOException {
        Random r = new Random(1);
        double[] good = new double[20 * 3];
        for (int i = 0; i < good.length; i++) {
            good[i] = r.nextGaussian();
        }
        Npy.write(dir.resolve("good.npy"), good, 20, 3);
        Npy.write(dir.resolve("good19.npy"), java.util.Arrays.copyOf(good, 57), 19, 3);
        double[] nan = good.clone();
        nan[2 * 3 + 1] = Double.NaN;
        Npy.write(dir.resolve("nan.npy"), nan, 20, 3);
        double[] inf = good.clone();
        inf[5] = Double.POSITIVE_INFINITY;
        Npy.write(dir.resolve("inf.npy"), inf, 20, 3);
        Npy.write(dir.resolve("cube.npy"), new double[8], 2, 2, 2);
        raw("fortran.npy", "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", new byte[32]);
        raw("i2.npy", "{'descr': '<i2', 'fortran_order': False, 'shape': (4,), }", new byte[8]);
        raw("bigendian.npy", "{'descr': '>f8', 'fortran_order': False, 'shape': (4,), }", new byte[32]);
        raw("truncated.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (10, 3), }", new byte[80]);
        raw("trailing.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), }", new byte[32]);
        raw("noshape.npy", "{'descr': '<f8', 'fortran_order': False, }", new byte[8]);
        raw("negative.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2), }", new byte[16]);
        raw("overflow.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }",
                new byte[0]);
        raw("wraps.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693953, 8), }",
                new byte[64]);
        raw("zero_rows.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", new byte[0]);
        Files.writeString(dir.resolve("text.npy"), "x,y\n1,2\n");
        Files.write(dir.resolve("empty.npy"), new byte[0]);
        byte[] v9 = Files.readAllBytes(dir.resolve("good.npy"));
        v9[6] = 9;
        Files.write(dir.resolve("version9.npy"), v9);
        Files.createDirectories(dir.resolve("folder.npy"));
        Npy.write(dir.resolve("two.npy"), new double[]{0, 0, 1, 1}, 2, 2);
        Npy.write(dir.resolve("same.npy"), new double[15], 5, 3);
        Npy.write(dir.resolve("x5.npy"), java.util.Arrays.copyOf(good, 15), 5, 3);
        Npy.write(dir.resolve("huge.npy"), new double[]{-1e200, 0, 1e200, 1, 0, 2}, 3, 2);
        Npy.write(dir.resolve("labels_neg.npy"), new int[]{0, 1, -1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0}, 20);
        double[] frac = new double[20];
        frac[3] = 0.5;
        Npy.write(dir.resolve("labels_frac.npy"), frac, 20);
        int[] labels = new int[20];
        for (int i = 0; i < 20; i++) {
            labels[i] = i % 2;
        }
        Npy.write(dir.resolve("labels.npy"), labels, 20);
        Npy.write(dir.resolve("labels19.npy"), java.util.Arrays.copyOf(labels, 19), 19);
        Npy.write(dir.resolve("labels_2d.npy"), new int[40], 20, 2);
        Npy.write(dir.resolve("one_class.npy"), new int[20], 20);
        Npy.write(dir.resolve("probs_sum.npy"), new double[]{0.5, 0.2, 0.5, 0.5, 0.1, 0.9}, 3, 2);
        Npy.write(dir.resolve("probs_neg.npy"), new double[]{1.2, -0.2, 0.5, 0.5, 0.1, 0.9}, 3, 2);
        Npy.write(dir.resolve("probs.npy"), new double[]{0.5, 0.5, 0.5, 0.5, 0.1, 0.9}, 3, 2);
        Npy.write(dir.resolve("const.npy"), new double[]{3, 3, 3, 3}, 2, 2);
        Npy.write(dir.resolve("img.npy"), new double[]{0, 1, 2, 3}, 2, 2);
        Npy.write(dir.resolve("img3.npy"), new double[]{0, 1, 2, 3, 4, 5}, 2, 3);
        double[] lw = new double[12];
        lw[4] = Double.NaN;
        Npy.write(dir.resolve("lw_nan.npy"), lw, 3, 4);
        double[] lwp = new double[12];
        lwp[7] = Double.POSITIVE_INFINITY;
        Npy.write(dir.resolve("lw_inf.npy"), lwp, 3, 4);
        Npy.write(dir.resolve("lw.npy"), new double[12], 3, 4);
        Npy.write(dir.resolve("rate.npy"), new double[]{1, 2, 3}, 3);
        Npy.write(dir.resolve("metric_nan.npy"), new double[]{1, Double.NaN, 3}, 3);
        Npy.write(dir.resolve("metric2.npy"), new double[]{1, 2}, 2);
        Npy.write(dir.resolve("sigma0.npy"), new double[]{1, 0, 1}, 3);
        Npy.write(dir.resolve("vec3.npy"), new double[]{0, 1, 2}, 3);
        Npy.write(dir.resolve("vec2.npy"), new double[]{0, 1}, 2);
        Npy.write(dir.resolve("ones3.npy"), new double[]{1, 1, 1}, 3);
        double[] bigLv = new double[60];
        bigLv[0] = 1000;
        Npy.write(dir.resolve("lv_big.npy"), bigLv, 20, 3);
        Npy.write(dir.resolve("draws_bad.npy"), new double[30], 10, 3);
        Npy.write(dir.resolve("row1.npy"), new double[]{1, 2, 3}, 1, 3);
        Npy.write(dir.resolve("x3.npy"), new double[]{0, 1, 2, 3, 4, 5}, 3, 2);
        Npy.write(dir.resolve("y3.npy"), new int[]{0, 1, 0}, 3);
        Npy.write(dir.resolve("x2d.npy"), new double[40], 20, 2);
        Npy.write(dir.resolve("i64.npy"), new long[]{0, 1, 5_000_000_000L}, 3);
        Files.writeString(dir.resolve("a_file"), "not a directory");
        try (java.io.RandomAccessFile big = new java.io.RandomAccessFile(dir.resolve("big.npy").toFile(), "rw")) {
            big.write(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (60000, 10000), }", new byte[0]));
            big.setLength(big.length() + 60000L * 10000 * 4); // sparse: no disk blocks are written
        }
        raw("bool.npy", "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", new byte[2]);
        raw("f16.npy", "{'descr': '<f2', 'fortran_order': False, 'shape': (4, 2), }", new byte[16]);
        raw("object.npy", "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[8]);
        raw("scalar.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", new byte[8]);
        raw("lw0.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 4), }", new byte[0]);
        raw("structured.npy", "{'descr': [('a', '<f8'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }", new byte[24]);
        double[] lnan = new double[20];
        lnan[3] = Double.NaN;
        Npy.write(dir.resolve("labels_nan.npy"), lnan, 20);
        // IDX files
        idx("idx_magic", 0x00000802, new int[]{1, 1, 1}, 1);
        idx("idx_trunc", Idx.IMAGES_MAGIC, new int[]{2, 2, 2}, 4);
        idx("idx_trailing", Idx.IMAGES_MAGIC, new int[]{1, 2, 2}, 6);
        idx("idx_overflow", Idx.IMAGES_MAGIC, new int[]{1 << 22, 1 << 21, 1 << 21}, 0);
        idx("idx_zero", Idx.IMAGES_MAGIC, new int[]{1, 0, 2}, 0);
        byte[] gz = Files.readAllBytes(dir.resolve("idx_trailing"));
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bo)) {
            g.write(gz);
        }
        byte[] bad = bo.toByteArray();
        Files.write(dir.resolve("idx_gz"), java.util.Arrays.copyOf(bad, bad.length - 12));
        Files.createDirectories(dir.resolve("emptycache"));
    }

    private static void raw(String name, String dict, byte[] data) throws IOException {
        Files.write(dir.resolve(name), npyBytes(dict, data));
    }

    static byte[] npyBytes(String dict, byte[] data) {
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) h.length());
        b.put(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        b.put(data);
        return b.array();
    }

    private static void idx(String name, int magic, int[] dims, int dataBytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        Files.write(dir.resolve(name), b.array());
    }

    static Row cli(String id, String tried, String expect, String... args) {
        return new Row(id, "`" + args[0] + (args.length > 1 && !args[1].startsWith("-") && !args[1].contains(".")
                && !args[1].contains("/") ? " " + args[1] : "") + "`", tried, expect, args, null);
    }

    static Row api(String id, String entry, String tried, String expect, Api api) {
        return new Row(id, entry, tried, expect, null, api);
    }

    static List<Row> rows() {
        List<Row> r = new ArrayList<>();
        // .npy reader through the CLI
        r.add(cli("npy-missing", "a file that does not exist", "no such .npy file", "metrics", "twonn", f("nope.npy")));
        r.add(cli("npy-folder", "a directory named like a .npy file", "no such .npy file", "metrics", "twonn", f("folder.npy")));
        r.add(cli("npy-empty", "an empty (0-byte) file", "truncated", "metrics", "twonn", f("empty.npy")));
        r.add(cli("npy-text", "a CSV file renamed .npy", "missing magic string", "metrics", "twonn", f("text.npy")));
        r.add(cli("npy-version", "format version 9.0", "unsupported format version 9", "metrics", "twonn", f("version9.npy")));
        r.add(cli("npy-no-shape", "a header without 'shape'", "malformed header", "metrics", "twonn", f("noshape.npy")));
        r.add(cli("npy-negative-dim", "shape (-1, 2)", "negative dimension", "metrics", "twonn", f("negative.npy")));
        r.add(cli("npy-fortran", "fortran_order True", "fortran_order is True", "metrics", "twonn", f("fortran.npy")));
        r.add(cli("npy-int16", "dtype <i2", "unsupported dtype '<i2'", "metrics", "twonn", f("i2.npy")));
        r.add(cli("npy-big-endian", "dtype >f8 (big-endian)", "unsupported dtype '>f8'", "metrics", "twonn", f("bigendian.npy")));
        r.add(cli("npy-truncated", "shape (10, 3) with 10 values of data", "truncated", "metrics", "twonn", f("truncated.npy")));
        r.add(cli("npy-trailing", "4 values after a (3, 1) header", "trailing bytes", "metrics", "twonn", f("trailing.npy")));
        r.add(cli("npy-shape-overflow", "shape (2^62, 4), no data (robustness case 3)", "does not fit in 64 bits", "metrics", "twonn", f("overflow.npy")));
        r.add(cli("npy-shape-wraps", "shape (2^61+1, 8) + 8 doubles: the product wraps to 8 (robustness case 3)", "does not fit in 64 bits", "metrics", "pca", f("wraps.npy")));
        r.add(cli("npy-3d", "a 2 × 2 × 2 array", "expected a 1-D or 2-D array", "metrics", "twonn", f("cube.npy")));
        r.add(cli("npy-zero-rows", "shape (0, 3)", "at least one point", "metrics", "twonn", f("zero_rows.npy")));
        r.add(cli("npy-nan", "a NaN at row 2, column 1", "row 2, column 1", "metrics", "twonn", f("nan.npy")));
        r.add(cli("npy-inf", "+Infinity at row 1, column 2", "row 1, column 2", "metrics", "gride", f("inf.npy")));
        r.add(cli("npy-int64-overflow", "an int64 label 5·10⁹, beyond the int range", "label 5.0E9 at index 2 is not a whole number in [0, 2³¹)", "metrics", "bound", "--information", "0", "--labels", f("i64.npy")));
        // twonn / gride / ii / pca
        r.add(cli("twonn-two-points", "2 points", "at least 3", "metrics", "twonn", f("two.npy")));
        r.add(cli("twonn-identical", "5 identical points", "all 5 points are identical", "metrics", "twonn", f("same.npy")));
        r.add(cli("twonn-discard", "--discard 1.5", "discardFraction must be in [0, 1)", "metrics", "twonn", "--discard", "1.5", f("good.npy")));
        r.add(cli("twonn-fraction", "--data-fraction 0", "dataFraction must be in (0, 1]", "metrics", "twonn", "--data-fraction", "0", f("good.npy")));
        r.add(cli("twonn-algorithm", "--algorithm bogus", "--algorithm: expected base or ml", "metrics", "twonn", "--algorithm", "bogus", f("good.npy")));
        r.add(cli("twonn-no-file", "no file argument", "Missing required parameter", "metrics", "twonn"));
        r.add(cli("twonn-unknown-option", "--bogus", "Unknown option", "metrics", "twonn", "--bogus", f("good.npy")));
        r.add(cli("twonn-not-a-number", "--seed x", "Invalid value for option '--seed'", "metrics", "twonn", "--seed", "x", f("good.npy")));
        r.add(cli("gride-range", "--range-max 1", "rangeMax must be ≥ 2", "metrics", "gride", "--range-max", "1", f("good.npy")));
        r.add(cli("ii-different-n", "A with 20 points, B with 19", "both must describe the same points", "metrics", "ii", f("good.npy"), f("good19.npy")));
        r.add(cli("ii-k-too-large", "--k 20 on 20 points", "k must be in [1, N−1]", "metrics", "ii", "--k", "20", f("good.npy"), f("good.npy")));
        r.add(cli("ii-identical", "A: 5 points, B: 5 identical points", "all points are identical", "metrics", "ii", f("x5.npy"), f("same.npy")));
        r.add(cli("pca-overflow", "values ±1e200 (eigenvalue 1e400)", "overflows double", "metrics", "pca", f("huge.npy")));
        r.add(cli("pca-one-row", "a single row", "at least 2 rows", "metrics", "pca", f("row1.npy")));
        r.add(cli("pca-threshold-nan", "--threshold NaN", "threshold must be a number", "metrics", "pca", "--threshold", "NaN", f("good.npy")));
        // is / psnr / mi / bound / hull / fr / kl / rates / au / vr / probe
        r.add(cli("is-not-normalised", "rows summing to 0.7 and 1.0", "sum", "metrics", "is", "--splits", "1", f("probs_sum.npy")));
        r.add(cli("is-negative", "a probability -0.2", "negative", "metrics", "is", "--splits", "1", f("probs_neg.npy")));
        r.add(cli("is-splits", "--splits 4 on 3 rows", "splits must be in [1, N]", "metrics", "is", "--splits", "4", f("probs.npy")));
        r.add(cli("psnr-shape", "2 × 2 reconstructions, 2 × 3 targets", "expected the same shape", "metrics", "psnr", f("img.npy"), f("img3.npy")));
        r.add(cli("psnr-constant-target", "a constant target (range 0)", "const.npy", "metrics", "psnr", f("img.npy"), f("const.npy")));
        r.add(cli("mi-negative-label", "a label -1", "label -1.0 at index 2", "metrics", "mi", f("good.npy"), f("good.npy"), f("labels_neg.npy")));
        r.add(cli("mi-fractional-label", "a label 0.5", "not a whole number", "metrics", "mi", f("good.npy"), f("good.npy"), f("labels_frac.npy")));
        r.add(cli("mi-label-count", "19 labels for 20 points", "19 labels, expected 20", "metrics", "mi", f("good.npy"), f("good.npy"), f("labels19.npy")));
        r.add(cli("mi-labels-2d", "labels of shape (20, 2)", "expected a non-empty 1-D array", "metrics", "mi", f("good.npy"), f("good.npy"), f("labels_2d.npy")));
        r.add(cli("mi-draws-shape", "10 × 3 draws for 20 points", "expected the same shape", "metrics", "mi", f("good.npy"), f("good.npy"), f("labels.npy"), "--draws", f("draws_bad.npy")));
        r.add(cli("mi-logvar-shape", "log-variances of 19 rows", "expected the same shape", "metrics", "mi", f("good.npy"), f("good19.npy"), f("labels.npy")));
        r.add(cli("bound-negative-information", "--information -1", "information must be ≥ 0", "metrics", "bound", "--information", "-1", "--classes", "10"));
        r.add(cli("bound-one-class", "--classes 1", "classes must be ≥ 2", "metrics", "bound", "--information", "0", "--classes", "1"));
        r.add(cli("bound-entropy", "--entropy 3 with 10 classes (> log 10)", "label entropy must be in (0, log N_C]", "metrics", "bound", "--information", "0", "--classes", "10", "--entropy", "3"));
        r.add(cli("bound-both-sources", "--classes and --labels together", "mutually exclusive", "metrics", "bound", "--information", "0", "--classes", "2", "--labels", f("labels.npy")));
        r.add(cli("bound-single-class-labels", "labels that are all 0", "a single class occurs", "metrics", "bound", "--information", "0", "--labels", f("one_class.npy")));
        r.add(cli("hull-nan", "a NaN metric (monotone chain)", "metric: NaN at 1", "metrics", "hull", f("rate.npy"), f("metric_nan.npy")));
        r.add(cli("hull-lengths", "3 rates, 2 metrics", "2 metrics, expected 3", "metrics", "hull", f("rate.npy"), f("metric2.npy")));
        r.add(cli("hull-variant", "--variant convex", "--variant: expected monotone or hit", "metrics", "hull", "--variant", "convex", f("rate.npy"), f("rate.npy")));
        r.add(cli("fr-sigma-zero", "a standard deviation 0", "standard deviation 0.0 at row 1", "metrics", "fr", f("vec3.npy"), f("sigma0.npy"), f("vec3.npy"), f("ones3.npy")));
        r.add(cli("fr-shape", "3 means, 2 standard deviations", "expected the same shape", "metrics", "fr", f("vec3.npy"), f("vec2.npy"), f("vec3.npy"), f("ones3.npy")));
        r.add(cli("kl-half-target", "--to-mu without --to-logvar", "give both or neither", "metrics", "kl", f("good.npy"), f("good.npy"), "--to-mu", f("good.npy")));
        r.add(cli("kl-overflow", "a log-variance of 1000 (σ² = e¹⁰⁰⁰)", "overflows", "metrics", "kl", f("good.npy"), f("lv_big.npy")));
        r.add(cli("rates-overflow", "a log-variance of 1000", "overflows", "metrics", "rates", f("good.npy"), f("lv_big.npy")));
        r.add(cli("au-one-row", "a single posterior mean", "row1.npy", "metrics", "au", f("row1.npy")));
        r.add(cli("vr-nan", "a NaN log-weight", "row 1, column 0", "metrics", "vr", "--alpha", "0", f("lw_nan.npy")));
        r.add(cli("vr-plus-inf", "a +Infinity log-weight", "row 1, column 3", "metrics", "vr", "--alpha", "0", f("lw_inf.npy")));
        r.add(cli("vr-alpha-text", "--alpha one", "--alpha: expected a number, -inf or max", "metrics", "vr", "--alpha", "one", f("lw.npy")));
        r.add(cli("vr-alpha-nan", "--alpha NaN", "--alpha: expected a number, -inf or max", "metrics", "vr", "--alpha", "NaN", f("lw.npy")));
        r.add(cli("vr-no-alpha", "no --alpha", "Missing required option: '--alpha", "metrics", "vr", f("lw.npy")));
        r.add(cli("probe-kind", "--kind forest", "--kind: expected logistic", "metrics", "probe", "--kind", "forest", f("good.npy"), f("labels.npy"), f("good.npy"), f("labels.npy")));
        r.add(cli("probe-knn-k", "kNN with k = 5 on 3 training rows (robustness case 5)", "k = 5 neighbours but", "metrics", "probe", "--kind", "knn", f("x3.npy"), f("y3.npy"), f("x3.npy"), f("y3.npy")));
        r.add(cli("probe-nan", "a NaN feature at row 2, column 1 (robustness case 6)", "row 2, column 1", "metrics", "probe", f("nan.npy"), f("labels.npy"), f("good.npy"), f("labels.npy")));
        r.add(cli("probe-dims", "3 training features, 2 test features", "has 3 features but test", "metrics", "probe", f("good.npy"), f("labels.npy"), f("x2d.npy"), f("labels.npy")));
        r.add(cli("probe-c", "--c -1", "--c: expected a finite number > 0", "metrics", "probe", "--c", "-1", f("good.npy"), f("labels.npy"), f("good.npy"), f("labels.npy")));
        r.add(cli("probe-k-zero", "--k 0", "knnNeighbours must be >= 1", "metrics", "probe", "--kind", "knn", "--k", "0", f("good.npy"), f("labels.npy"), f("good.npy"), f("labels.npy")));
        // c2st
        r.add(cli("c2st-dims", "P with 3 columns, Q with 2", "has 2 columns but", "metrics", "c2st", f("good.npy"), f("x2d.npy")));
        r.add(cli("c2st-one-row", "P with a single row", "rows, expected at least 2", "metrics", "c2st", f("row1.npy"), f("good.npy")));
        r.add(cli("c2st-nan", "a NaN in Q at row 2, column 1", "row 2, column 1", "metrics", "c2st", f("good.npy"), f("nan.npy")));
        r.add(cli("c2st-no-q", "only one file", "Missing required parameter", "metrics", "c2st", f("good.npy")));
        r.add(cli("c2st-seed", "--seed x", "Invalid value for option '--seed'", "metrics", "c2st", "--seed", "x", f("good.npy"), f("good.npy")));
        // train
        r.add(cli("train-epochs", "--epochs 0", "epochs must be >= 1", "train", "--epochs", "0", "--subset", "10"));
        r.add(cli("train-lr", "--lr -1", "learningRate must be finite and > 0", "train", "--lr", "-1", "--subset", "10"));
        r.add(cli("train-out-file", "--out naming an existing file", "a_file", "train", "--subset", "64", "--epochs", "1", "--hidden", "8", "--latent", "2", "--out", f("a_file")));
        r.add(cli("train-diverges", "--lr 1e6 (robustness case 7)", "training diverged: loss", "train", "--subset", "512", "--epochs", "2", "--latent", "2", "--lr", "1e6", "--out", f("diverged-run")));
        // found by trying to break it with inputs nobody had listed
        r.add(cli("break-train-out-under-file", "--out a_file/run (a file where a parent folder must be; failed only after the first epoch)", "a_file is a file, so the run directory", "train", "--epochs", "1", "--out", f("a_file") + "/run"));
        r.add(cli("break-pca-threshold-negative", "--threshold -1 (counted every eigenvalue, 0 included, as active)", "threshold must be a number in [0, ∞) (a variance), got -1.0", "metrics", "pca", "--threshold", "-1", f("good.npy")));
        r.add(cli("break-au-threshold-overflow", "--threshold 1e400 (parsed as Infinity: 0 active units, exit 0)", "threshold must be a number in [0, ∞) (a variance), got Infinity", "metrics", "au", "--threshold", "1e400", f("good.npy")));
        r.add(cli("break-npy-over-2gib", "a 60000 × 10000 float32 file (2.4 GB, sparse on disk; was an OutOfMemoryError stack trace)", "at most 2147483639 (one Java array) can be read", "metrics", "twonn", f("big.npy")));
        r.add(cli("break-bench-no-pairs", "no A.npy,B.npy pair (was a NullPointerException after printing the GEMM line)", "Missing required parameter", "metrics", "bench"));
        r.add(cli("break-bench-repeats", "--repeats 0", "--repeats: expected a whole number >= 1, got 0", "metrics", "bench", "--repeats", "0", f("good.npy") + "," + f("good.npy")));
        r.add(cli("hunt-npy-bool", "a boolean array (dtype |b1)", "unsupported dtype '|b1'", "metrics", "twonn", f("bool.npy")));
        r.add(cli("hunt-npy-float16", "a float16 array (dtype <f2)", "unsupported dtype '<f2'", "metrics", "twonn", f("f16.npy")));
        r.add(cli("hunt-npy-object", "a pickled object array (dtype |O)", "unsupported dtype '|O'", "metrics", "twonn", f("object.npy")));
        r.add(cli("hunt-npy-scalar", "a 0-d array (np.float64(3))", "expected a 1-D or 2-D array", "metrics", "twonn", f("scalar.npy")));
        r.add(cli("hunt-vr-empty", "log-weights of shape (0, 4)", "expected N × K log-weights", "metrics", "vr", "--alpha", "0", f("lw0.npy")));
        r.add(cli("hunt-ii-subset", "--subset 2", "--subset: expected a subset size ≥ 3", "metrics", "ii", "--subset", "2", f("good.npy"), f("good.npy")));
        r.add(cli("hunt-twonn-decimation", "--data-fraction 0.01 on 20 points", "leaves 0 points", "metrics", "twonn", "--data-fraction", "0.01", f("good.npy")));
        r.add(cli("break-npy-structured", "a structured (record) array, dtype [('a', '<f8'), ('b', '<i4')]", "structured dtype (record fields) is not supported", "metrics", "twonn", f("structured.npy")));
        r.add(cli("hunt-probe-label-nan", "a NaN test label", "label NaN at index 3", "metrics", "probe", f("good.npy"), f("labels.npy"), f("good.npy"), f("labels_nan.npy")));
        // IDX / MNIST / environment / configs through the API
        r.add(api("idx-magic", "`Idx.readImages`", "magic 0x00000802", "wrong magic number", () -> Idx.readImages(dir.resolve("idx_magic"))));
        r.add(api("idx-truncated", "`Idx.readImages`", "2 × 2 × 2 declared, 4 bytes of pixels", "is truncated", () -> Idx.readImages(dir.resolve("idx_trunc"))));
        r.add(api("idx-trailing", "`Idx.readImages`", "2 bytes after the declared pixels", "trailing bytes", () -> Idx.readImages(dir.resolve("idx_trailing"))));
        r.add(api("idx-overflow", "`Idx.readImages`", "dimensions (2^22, 2^21, 2^21): the byte count wraps to 0", "more bytes than fit in 64 bits", () -> Idx.readImages(dir.resolve("idx_overflow"))));
        r.add(api("idx-zero-dim", "`Idx.readImages`", "a row dimension of 0", "expected a positive size", () -> Idx.readImages(dir.resolve("idx_zero"))));
        r.add(api("idx-gzip", "`Idx.readImages`", "a truncated .gz file", "gzip data is corrupt or truncated", () -> Idx.readImages(dir.resolve("idx_gz"))));
        r.add(api("mnist-empty-cache", "`Mnist.load` / `LATENTLAB_DATA`", "a cache folder without the files", "data missing from cache", () -> Mnist.load(Mnist.Variant.MNIST, dir.resolve("emptycache"))));
        r.add(api("env-mode", "`LATENTLAB_MODE` (`latentlab.mode`)", "medium", "expected 'quick' or 'full'", () -> withMode("medium")));
        r.add(api("env-threads-zero", "`LATENTLAB_THREADS`", "0", "expected a whole number of threads >= 1", () -> threads("0")));
        r.add(api("env-threads-text", "`LATENTLAB_THREADS`", "two", "LATENTLAB_THREADS='two'", () -> threads("two")));
        r.add(api("break-env-threads-huge", "`LATENTLAB_THREADS`", "100000 (libtorch started them all and the JVM was killed, exit 137, no message)", "is too many: expected a whole number of threads from 1 to", () -> threads("100000")));
        r.add(api("config-train-batch", "`TrainConfig`", "batch size 0", "batchSize must be >= 1", () -> new TrainConfig(1, 0, 1e-3, 0, org.latentlab.data.Binarization.DYNAMIC, null)));
        r.add(api("config-twonn", "`TwoNN.Config`", "discard fraction NaN", "discardFraction must be in [0, 1)", () -> TwoNN.Config.defaults().withDiscardFraction(Double.NaN)));
        r.add(api("config-gride", "`Gride.Config`", "tolerance 0", "tol must be > 0", () -> new Gride.Config(64, 0.001, 1000, 0, TwoNN.Duplicates.REMOVE, org.latentlab.metrics.PairwiseDistances.Mode.AUTO)));
        r.add(api("config-probe", "`ProbeConfig`", "k = 0 neighbours", "knnNeighbours must be >= 1", () -> ProbeConfig.defaults().withKnnNeighbours(0)));
        r.add(api("features-nan", "`probes.Features`", "NaN at row 1, column 1 (robustness case 6)", "row 1, column 1", () -> new Features("mu-train", 2, 2, new double[]{0, 0, 0, Double.NaN}, new int[]{0, 1})));
        r.add(api("pointset-ragged", "`PointSet.of(double[][])`", "rows of 2 and 3 values", "ragged rows", () -> PointSet.of("x", new double[][]{{1, 2}, {1, 2, 3}})));
        r.add(api("fisher-rao-sigma", "`FisherRao.distance`", "σ2 = −1", "sigma2 must be a finite standard deviation > 0", () -> FisherRao.distance(0, 1, 0, -1)));
        return r;
    }

    private static void withMode(String v) {
        String old = System.getProperty("latentlab.mode");
        System.setProperty("latentlab.mode", v);
        try {
            LatentLab.Mode.current();
        } finally {
            if (old == null) {
                System.clearProperty("latentlab.mode");
            } else {
                System.setProperty("latentlab.mode", old);
            }
        }
    }

    private static void threads(String v) throws Exception {
        var m = LatentLab.class.getDeclaredMethod("threads", String.class);
        m.setAccessible(true);
        try {
            m.invoke(null, v);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }

    static Stream<Row> cases() {
        return rows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGivesOneClearLineOrException(Row row) throws IOException {
        if (row.args() != null) {
            List<String> before = listing();
            CliRun r = CliRun.of(row.args());
            assertEquals(Main.EXIT_BAD_INPUT, r.exitCode(), row.id() + ": exit code; stderr " + r.err());
            assertEquals("", r.out(), row.id() + ": nothing on stdout");
            List<String> lines = r.errorLines();
            assertEquals(1, lines.size(), row.id() + ": one line on stderr, got " + lines);
            assertTrue(lines.get(0).contains(row.expect()), row.id() + ": '" + row.expect() + "' in " + lines.get(0));
            assertFalse(lines.get(0).contains("Exception"), row.id() + ": no exception class names: " + lines.get(0));
            assertEquals(before, listing(), row.id() + ": nothing written");
        } else {
            Exception e = assertThrows(Exception.class, () -> row.api().run(), row.id());
            assertTrue(e instanceof IllegalArgumentException || e instanceof IOException
                            || e instanceof IllegalStateException, row.id() + ": " + e);
            assertTrue(String.valueOf(e.getMessage()).contains(row.expect()),
                    row.id() + ": '" + row.expect() + "' in " + e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), row.id() + ": one line");
        }
    }

    private static List<String> listing() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void atLeastSixtyRowsAcrossEveryEntryPoint() {
        List<Row> rows = rows();
        assertTrue(rows.size() >= 60, rows.size() + " rows");
        assertEquals(rows.size(), rows.stream().map(Row::id).distinct().count(), "unique ids");
        String entries = rows.stream().map(Row::entry).collect(Collectors.joining(" "));
        for (String sub : new String[]{"twonn", "gride", "ii", "pca", "is", "psnr", "mi", "bound", "hull", "fr", "kl",
                "rates", "au", "vr", "probe", "c2st"}) {
            assertTrue(entries.contains("`metrics " + sub + "`"), "a row for metrics " + sub);
        }
        for (String e : new String[]{"`train`", "Idx.readImages", "Mnist.load", "LATENTLAB_MODE",
                "LATENTLAB_THREADS", "Config`"}) {
            assertTrue(entries.contains(e), "a row for " + e);
        }
    }

    /** The table rows of the catalogue, as {@code docs/bad-inputs.md} must hold them. */
    static String table() {
        return "| id | entry point | tried | the one-line error contains |\n|---|---|---|---|\n"
                + rows().stream().map(Row::markdown).collect(Collectors.joining("\n")) + "\n";
    }

    @Test
    void catalogueDocumentListsEveryCase() throws IOException {
        String repo = System.getProperty("latentlab.repo");
        if (repo == null) {
            throw new IllegalStateException("system property latentlab.repo is not set (surefire sets it)");
        }
        Path doc = Path.of(repo).resolve("docs/bad-inputs.md");
        String text = Files.isRegularFile(doc) ? Files.readString(doc) : "";
        if (!text.contains(table())) {
            fail(doc + " must contain exactly this table (generated from BadInputsCatalogueTest.rows()):\n" + table());
        }
    }
}
