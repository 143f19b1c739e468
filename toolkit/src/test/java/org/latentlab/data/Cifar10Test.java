package org.latentlab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The CIFAR-10 binary loader on small files written in the real format. */
class Cifar10Test {
    /** n records; image i has label i % 10 and pixel byte (i + 7·c + j) % 256 at channel c, position j. */
    static byte[] batch(int n, int first) {
        byte[] b = new byte[n * Cifar10.RECORD];
        for (int i = 0; i < n; i++) {
            int id = first + i;
            b[i * Cifar10.RECORD] = (byte) (id % 10);
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < 1024; j++) {
                    b[i * Cifar10.RECORD + 1 + c * 1024 + j] = (byte) ((id + 7 * c + j) % 256);
                }
            }
        }
        return b;
    }

    @Test
    void readsLabelsAndChannelMajorPixels(@TempDir Path dir) throws Exception {
        for (int f = 0; f < 5; f++) {
            Files.write(dir.resolve(Cifar10.TRAIN_FILES.get(f)), batch(3, 3 * f));
        }
        Files.write(dir.resolve(Cifar10.TEST_FILE), batch(2, 100));
        Mnist.Split s = Cifar10.load(dir);
        assertEquals(15, s.train().count());
        assertEquals(2, s.test().count());
        assertEquals(3, s.train().channels());
        assertEquals(3 * 32 * 32, s.train().dim());
        for (int i = 0; i < 15; i++) {
            assertEquals(i % 10, s.train().labels()[i], "label of training image " + i);
        }
        // test image 1 (id 101): green channel (c = 1), row 2, column 5 → j = 69
        assertEquals(((101 + 7 + 69) % 256) / 255f, s.test().pixels()[3072 + 1024 + 69], 0f);
        assertEquals(1, s.test().labels()[1]);
    }

    @Test
    void refusesTruncatedFilesBadLabelsAndMissingFiles(@TempDir Path dir) throws Exception {
        Path cut = dir.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(batch(2, 0), Cifar10.RECORD + 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cifar10.readBatch(cut));
        assertTrue(e.getMessage().contains("cut.bin") && e.getMessage().contains("3073"), e.getMessage());
        byte[] bad = batch(1, 0);
        bad[0] = 12;
        Path lab = dir.resolve("label.bin");
        Files.write(lab, bad);
        e = assertThrows(IllegalArgumentException.class, () -> Cifar10.readBatch(lab));
        assertTrue(e.getMessage().contains("label 12"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cifar10.load(dir));
        assertTrue(e.getMessage().contains("data_batch_1.bin"), e.getMessage());
    }
}
