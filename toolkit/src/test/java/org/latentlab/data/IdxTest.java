package org.latentlab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class IdxTest {
    @TempDir
    Path tmp;

    static byte[] images(int magic, int n, int rows, int cols, int extra) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols + Math.max(0, extra));
        b.putInt(magic).putInt(n).putInt(rows).putInt(cols);
        for (int i = 0; i < n * rows * cols; i++) {
            b.put((byte) (i * 37));
        }
        byte[] a = b.array();
        return extra < 0 ? Arrays.copyOf(a, a.length + extra) : a;
    }

    static byte[] labels(int n) {
        ByteBuffer b = ByteBuffer.allocate(8 + n);
        b.putInt(Idx.LABELS_MAGIC).putInt(n);
        for (int i = 0; i < n; i++) b.put((byte) (i % 10));
        return b.array();
    }

    Path write(String name, byte[] data, boolean gz) throws IOException {
        Path p = tmp.resolve(name);
        if (gz) {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (OutputStream o = new GZIPOutputStream(bo)) {
                o.write(data);
            }
            Files.write(p, bo.toByteArray());
        } else {
            Files.write(p, data);
        }
        return p;
    }

    @Test
    void readsPlainAndGzipImagesAndLabels() throws IOException {
        for (boolean gz : new boolean[] {false, true}) {
            Idx.Images im = Idx.readImages(write("img" + gz, images(Idx.IMAGES_MAGIC, 3, 4, 5, 0), gz));
            assertEquals(3, im.count());
            assertEquals(4, im.rows());
            assertEquals(5, im.cols());
            assertEquals(60, im.pixels().length);
            assertEquals((byte) (7 * 37), im.pixels()[7]);
            float[] f = im.toUnitFloats();
            assertEquals(((7 * 37) & 0xFF) / 255f, f[7], 0f);
            int[] lab = Idx.readLabels(write("lab" + gz, labels(12), gz));
            assertEquals(12, lab.length);
            assertEquals(9, lab[9]);
            assertEquals(1, lab[11]);
        }
    }

    @Test
    void rejectsWrongMagicNamingTheFile() throws IOException {
        Path p = write("bad-magic", images(0x00000802, 2, 2, 2, 0), false);
        IOException e = assertThrows(IOException.class, () -> Idx.readImages(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        // a labels file is not an images file, and vice versa
        Path lab = write("labels", labels(5), false);
        assertTrue(assertThrows(IOException.class, () -> Idx.readImages(lab)).getMessage().contains("0x00000801"));
        Path img = write("images", images(Idx.IMAGES_MAGIC, 2, 2, 2, 0), true);
        assertTrue(assertThrows(IOException.class, () -> Idx.readLabels(img)).getMessage().contains("magic"));
    }

    @Test
    void rejectsTruncatedAndTrailingBytes() throws IOException {
        Path trunc = write("trunc", images(Idx.IMAGES_MAGIC, 3, 4, 4, -5), false);
        IOException e = assertThrows(IOException.class, () -> Idx.readImages(trunc));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(trunc.toString()), e.getMessage());
        Path truncGz = write("trunc.gz", images(Idx.IMAGES_MAGIC, 3, 4, 4, -5), true);
        assertTrue(assertThrows(IOException.class, () -> Idx.readImages(truncGz)).getMessage().contains("truncated"));
        Path trailing = write("trailing", images(Idx.IMAGES_MAGIC, 3, 4, 4, 2), false);
        e = assertThrows(IOException.class, () -> Idx.readImages(trailing));
        assertTrue(e.getMessage().contains("2 trailing bytes"), e.getMessage());
        Path header = write("header", Arrays.copyOf(images(Idx.IMAGES_MAGIC, 1, 1, 1, 0), 10), false);
        assertTrue(assertThrows(IOException.class, () -> Idx.readImages(header)).getMessage().contains("truncated"));
        // gzip stream cut in the middle
        byte[] gz = Files.readAllBytes(write("full.gz", images(Idx.IMAGES_MAGIC, 50, 28, 28, 0), true));
        Path cut = tmp.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
        e = assertThrows(IOException.class, () -> Idx.readImages(cut));
        assertTrue(e.getMessage().contains("gzip") && e.getMessage().contains(cut.toString()), e.getMessage());
    }

    @Test
    void rejectsWrongDimensionsAndMissingFile() throws IOException {
        Path zero = write("zero-rows", images(Idx.IMAGES_MAGIC, 2, 0, 3, 0), false);
        assertTrue(assertThrows(IOException.class, () -> Idx.readImages(zero)).getMessage().contains("dimension 1"));
        // header says 5x5 but payload is 4x4 images: a length mismatch
        byte[] b = images(Idx.IMAGES_MAGIC, 2, 4, 4, 0);
        ByteBuffer.wrap(b).putInt(8, 5).putInt(12, 5);
        Path dims = write("dims", b, false);
        assertTrue(assertThrows(IOException.class, () -> Idx.readImages(dims)).getMessage().contains("[2, 5, 5]"));
        Path missing = tmp.resolve("nope");
        assertTrue(assertThrows(IOException.class, () -> Idx.readLabels(missing)).getMessage().contains("nope"));
    }
}
