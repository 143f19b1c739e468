package org.latentlab.models;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.data.ImageDataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("numeric")
public class MnistClassifierTest {
    /** Ten classes of 28×28 images: a bright horizontal band at rows 2c..2c+3, plus noise. */
    public static ImageDataset bands(int n, long seed) {
        Random r = new Random(seed);
        float[] px = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                boolean on = row >= 2 * y[i] + 2 && row < 2 * y[i] + 6;
                px[i * 784 + p] = on ? 0.6f + 0.4f * r.nextFloat() : 0.3f * r.nextFloat();
            }
        }
        return new ImageDataset("bands", px, y, n, 1, 28, 28);
    }

    @Test
    void architectureAndProbabilities() {
        try (MnistClassifier c = MnistClassifier.create(3)) {
            assertEquals(421_642, c.parameterCount());
            assertEquals(8, c.parameters().size());
            ImageDataset test = bands(50, 2);
            double[] p = c.probabilities(test.pixels(), test.count());
            for (int i = 0; i < test.count(); i++) {
                double s = 0;
                for (int k = 0; k < 10; k++) {
                    assertTrue(p[i * 10 + k] >= 0);
                    s += p[i * 10 + k];
                }
                assertEquals(1.0, s, 1e-5, "probabilities of image " + i + " sum to 1");
            }
            // the same seed gives the same initial parameters, another seed others
            try (MnistClassifier d = MnistClassifier.create(3); MnistClassifier e = MnistClassifier.create(4)) {
                assertArrayEquals(p, d.probabilities(test.pixels(), test.count()), 0.0);
                assertTrue(e.parameters().get(0).toFloatArray()[0] != c.parameters().get(0).toFloatArray()[0]);
            }
        }
    }

    @Test
    void savesAndLoadsExactly(@TempDir Path dir) throws Exception {
        ImageDataset test = bands(40, 2);
        try (MnistClassifier c = MnistClassifier.create(5)) {
            c.recordTestAccuracy(0.5);
            Path f = dir.resolve("clf.npz");
            c.save(f);
            try (MnistClassifier d = MnistClassifier.load(f)) {
                assertArrayEquals(c.probabilities(test.pixels(), test.count()),
                        d.probabilities(test.pixels(), test.count()), 0.0);
                assertEquals(0.5, d.testAccuracy(), 0.0);
            }
        }
    }

    @Test
    void badInputIsRejected(@TempDir Path dir) throws Exception {
        try (MnistClassifier c = MnistClassifier.create(1)) {
            assertThrows(IllegalArgumentException.class, () -> c.probabilities(new float[783], 1));
            ImageDataset wrong = new ImageDataset("small", new float[16], new int[1], 1, 1, 4, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.accuracy(wrong));
            assertTrue(e.getMessage().contains("784"));
            assertThrows(IllegalArgumentException.class, () -> c.recordTestAccuracy(Double.NaN));
        }
        Path junk = dir.resolve("junk.npz");
        java.nio.file.Files.writeString(junk, "not a zip");
        IOException io = assertThrows(IOException.class, () -> MnistClassifier.load(junk));
        assertTrue(io.getMessage().contains(junk.toString()), io.getMessage());
    }
}
