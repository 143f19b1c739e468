package org.latentlab.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.data.ImageDataset;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistClassifierTest {
    /** Ten classes of 28×28 images: a bright horizontal band at rows 2c..2c+3, plus noise. */
    static ImageDataset bands(int n, long seed) {
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
    void learnsSeparableClassesAndRoundTrips(@TempDir Path dir) throws Exception {
        ImageDataset train = bands(1000, 1);
        ImageDataset test = bands(300, 2);
        try (MnistClassifier c = MnistClassifier.create(3)) {
            double before = c.accuracy(test);
            c.fit(train, test, MnistClassifier.Config.defaults().withEpochs(2));
            assertTrue(c.testAccuracy() > 0.99, "accuracy " + c.testAccuracy() + " (before training " + before + ")");
            double[] p = c.probabilities(test.pixels(), test.count());
            for (int i = 0; i < test.count(); i++) {
                double s = 0;
                for (int k = 0; k < 10; k++) {
                    s += p[i * 10 + k];
                }
                assertEquals(1.0, s, 1e-5, "probabilities of image " + i + " sum to 1");
            }
            Path f = dir.resolve("clf.npz");
            c.save(f);
            try (MnistClassifier d = MnistClassifier.load(f)) {
                assertArrayEquals(p, d.probabilities(test.pixels(), test.count()), 0.0);
                assertEquals(c.testAccuracy(), d.testAccuracy(), 0.0);
            }
            // loadOrTrain reuses the saved file without training (no MNIST needed)
            try (MnistClassifier e = MnistClassifier.loadOrTrain(f, MnistClassifier.Config.defaults())) {
                assertArrayEquals(p, e.probabilities(test.pixels(), test.count()), 0.0);
            }
        }
    }

    @Test
    void badInputIsRejected() {
        try (MnistClassifier c = MnistClassifier.create(1)) {
            assertThrows(IllegalArgumentException.class, () -> c.probabilities(new float[783], 1));
            ImageDataset wrong = new ImageDataset("small", new float[16], new int[1], 1, 1, 4, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.accuracy(wrong));
            assertTrue(e.getMessage().contains("784"));
        }
        assertThrows(IllegalArgumentException.class, () -> new MnistClassifier.Config(0, 10, 1e-3, 0));
    }
}
