package org.latentlab.training;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.data.ImageDataset;
import org.latentlab.models.MnistClassifier;
import org.latentlab.models.MnistClassifierTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("numeric")
class ClassifierTrainerTest {
    private static ImageDataset bands(int n, long seed) {
        return MnistClassifierTest.bands(n, seed);
    }

    @Test
    void learnsSeparableClassesDeterministically() {
        ImageDataset train = bands(600, 1);
        ImageDataset test = bands(200, 2);
        ClassifierTrainer.Config cfg = new ClassifierTrainer.Config(2, 32, 2e-3, 1.0, 3);
        List<String> lines = new ArrayList<>();
        try (MnistClassifier a = MnistClassifier.create(3); MnistClassifier b = MnistClassifier.create(3)) {
            double before = a.accuracy(test);
            double acc = new ClassifierTrainer(cfg).fit(a, train, test, lines::add);
            assertTrue(acc > 0.99, "accuracy " + acc + " (before training " + before + ")");
            assertEquals(acc, a.testAccuracy(), 0.0);
            assertEquals(2, lines.size(), "one progress line per epoch: " + lines);
            new ClassifierTrainer(cfg).fit(b, train, test, null);
            for (int i = 0; i < a.parameters().size(); i++) {
                assertArrayEquals(a.parameters().get(i).toFloatArray(), b.parameters().get(i).toFloatArray(),
                        "parameter " + a.parameterNames().get(i) + " bit-identical on a second run");
            }
        }
    }

    @Test
    void loadOrTrainReusesTheFileAndGatesFreshModels(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("clf.npz");
        ImageDataset test = bands(30, 2);
        try (MnistClassifier c = MnistClassifier.create(7)) {
            c.recordTestAccuracy(0.995);
            c.save(f);
            List<String> lines = new ArrayList<>();
            try (MnistClassifier d = ClassifierTrainer.loadOrTrainMnist(f, ClassifierTrainer.Config.defaults(),
                    lines::add)) {
                assertArrayEquals(c.probabilities(test.pixels(), test.count()),
                        d.probabilities(test.pixels(), test.count()), 0.0);
                assertTrue(lines.get(0).startsWith("loaded"), lines.toString());
            }
        }
        assertTrue(Files.isRegularFile(f));
    }

    @Test
    void divergenceStopsWithOneLineAndLeavesParametersFinite() {
        ImageDataset train = bands(64, 1);
        float[] px = train.pixels().clone();
        px[5] = Float.NaN;
        ImageDataset poisoned = new ImageDataset("poisoned", px, train.labels(), train.count(), 1, 28, 28);
        ClassifierTrainer.Config cfg = new ClassifierTrainer.Config(1, 64, 1e-3, 1.0, 0);
        try (MnistClassifier c = MnistClassifier.create(1)) {
            float[] before = c.parameters().get(0).toFloatArray();
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new ClassifierTrainer(cfg).fit(c, poisoned, bands(10, 2), null));
            assertEquals(1, e.epoch());
            assertEquals(1, e.batch());
            assertFalse(e.getMessage().contains("\n"));
            assertTrue(e.getMessage().contains("epoch 1, batch 1 (learning rate 0.001)"), e.getMessage());
            assertArrayEquals(before, c.parameters().get(0).toFloatArray(), "the diverged step was not applied");
        }
    }

    @Test
    void badConfigIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ClassifierTrainer.Config(0, 10, 1e-3, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierTrainer.Config(1, 10, 1e-3, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierTrainer.Config(1, 10, Double.NaN, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClassifierTrainer(null));
    }
}
