package org.latentlab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/** The SVHN reader on tiny MAT-files written by scipy.io.savemat (resources/svhn/make_fixtures.py). */
class SvhnTest {
    private static Path fixture(String name) throws Exception {
        return Path.of(SvhnTest.class.getResource("/svhn/" + name).toURI());
    }

    @Test
    void readsPlainAndCompressedFilesIdentically() throws Exception {
        for (String f : new String[] {"tiny_plain.mat", "tiny_compressed.mat"}) {
            ImageDataset d = Svhn.read(fixture(f), "tiny");
            assertEquals(4, d.count());
            assertEquals(3, d.channels());
            assertEquals(32, d.height());
            assertEquals(32, d.width());
            assertArrayEquals(new int[] {1, 0, 3, 0}, d.labels(), f);   // label 10 is the digit 0
            for (int n = 0; n < 4; n++) {
                for (int ch = 0; ch < 3; ch++) {
                    for (int r = 0; r < 32; r += 5) {
                        for (int c = 0; c < 32; c += 3) {
                            float want = ((7 * r + 3 * c + 50 * ch + 11 * n) % 256) / 255f;
                            assertEquals(want, d.pixels()[((n * 3 + ch) * 32 + r) * 32 + c], 1e-7f,
                                    f + " n=" + n + " ch=" + ch + " r=" + r + " c=" + c);
                        }
                    }
                }
            }
        }
        assertArrayEquals(Svhn.read(fixture("tiny_plain.mat"), "a").pixels(),
                Svhn.read(fixture("tiny_compressed.mat"), "b").pixels());
    }

    @Test
    void loadsASplitFromAFolder(@TempDir Path dir) throws Exception {
        Files.copy(fixture("tiny_plain.mat"), dir.resolve("train_32x32.mat"));
        Files.copy(fixture("tiny_compressed.mat"), dir.resolve("test_32x32.mat"));
        Mnist.Split s = Svhn.load(dir);
        assertEquals(4, s.train().count());
        assertEquals(3 * 32 * 32, s.test().dim());
    }

    @Test
    void badFilesAreNamed(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("train_32x32.mat");
        IOException e = assertThrows(IOException.class, () -> Svhn.read(missing, "x"));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("place them"),
                e.getMessage());
        Path notMat = dir.resolve("not.mat");
        Files.write(notMat, new byte[200]);
        e = assertThrows(IOException.class, () -> Svhn.read(notMat, "x"));
        assertTrue(e.getMessage().contains(notMat.toString()) && e.getMessage().contains("endian"), e.getMessage());
        Path headerOnly = dir.resolve("empty.mat");
        byte[] h = Arrays.copyOf(Files.readAllBytes(fixture("tiny_plain.mat")), 128);
        Files.write(headerOnly, h);
        e = assertThrows(IOException.class, () -> Svhn.read(headerOnly, "x"));
        assertTrue(e.getMessage().contains("must hold variables X and y"), e.getMessage());
        Path truncated = dir.resolve("cut.mat");
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(fixture("tiny_plain.mat")), 3000));
        e = assertThrows(IOException.class, () -> Svhn.read(truncated, "x"));
        assertTrue(e.getMessage().contains(truncated.toString()) && e.getMessage().contains("past the end"),
                e.getMessage());
    }
}
