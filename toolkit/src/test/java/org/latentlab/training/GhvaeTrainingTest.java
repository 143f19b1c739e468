package org.latentlab.training;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.data.Binarization;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.models.Ghvae;
import org.latentlab.objectives.HitObjective;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** VaeTrainer.fit on the two-latent GHVAE: it learns, and a resumed run equals an uninterrupted one. */
@Tag("numeric")
class GhvaeTrainingTest {
    /** Binary "images": a few fixed prototypes with 3 % of pixels flipped, so there is structure to learn. */
    private static ImageDataset data(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[][] proto = new float[4][784];
        SplittableRandom pr = new SplittableRandom(99);
        for (float[] p : proto) {
            for (int j = 0; j < 784; j++) {
                p[j] = pr.nextDouble() < 0.2 ? 1f : 0f;
            }
        }
        float[] px = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(4);
            for (int j = 0; j < 784; j++) {
                float v = proto[labels[i]][j];
                px[i * 784 + j] = rng.nextDouble() < 0.03 ? 1 - v : v;
            }
        }
        return new ImageDataset("protos", px, labels, n, 1, 28, 28);
    }

    private static TrainConfig cfg(int epochs, Path dir) {
        return new TrainConfig(epochs, 64, 3e-3, 5, Binarization.FIXED, dir);
    }

    @Test
    void learnsAndResumesExactly(@TempDir Path dir) {
        ImageDataset train = data(128, 1);
        ImageDataset test = data(32, 2);
        HitObjective hit = new HitObjective(1, 1);
        float[][] straight;
        List<EpochRecord> h;
        try (Ghvae m = Ghvae.mnist(4)) {
            List<EpochRecord> seen = new ArrayList<>();
            h = new VaeTrainer(cfg(3, null)).fit(m, hit, train, test, seen::add);
            assertEquals(3, h.size());
            assertEquals(h, seen);
            straight = new float[m.parameters().size()][];
            for (int i = 0; i < straight.length; i++) {
                straight[i] = m.parameters().get(i).toFloatArray();
            }
        }
        assertTrue(h.get(2).trainLoss() < h.get(0).trainLoss() - 10,
                "training lowers the HIT loss: " + h.get(0).trainLoss() + " -> " + h.get(2).trainLoss());
        assertTrue(Double.isFinite(h.get(2).testLoss()) && h.get(2).testKl() > 0);
        try (Ghvae m = Ghvae.mnist(4)) {
            new VaeTrainer(cfg(1, dir)).fit(m, hit, train, test, null);
        }
        try (Ghvae m = Ghvae.mnist(4)) {
            List<EpochRecord> resumed = new VaeTrainer(cfg(3, dir)).fit(m, hit, train, test, null);
            assertEquals(h.get(2).testLoss(), resumed.get(2).testLoss(), 0.0);
            for (int i = 0; i < straight.length; i++) {
                assertArrayEquals(straight[i], m.parameters().get(i).toFloatArray(), 0f, m.parameterNames().get(i));
            }
        }
    }

    /**
     * Issue 9's case (shared/cases/ghvae-nan): HIT(1, 1) on 10,000 fixed-binarized MNIST images, batch 256, Adam 3e-4,
     * 3 epochs: every batch loss finite and the test loss falling every epoch.
     */
    @Test
    void trainsThreeEpochsOnMnistWithoutNaN() {
        Mnist.Split s = Mnist.load(Mnist.Variant.MNIST);
        ImageDataset train = Datasets.head(s.train(), 10_000);
        ImageDataset test = Datasets.head(s.test(), 1000);
        TrainConfig c = new TrainConfig(3, 256, 3e-4, 1, Binarization.FIXED, null);
        List<Double> losses = new ArrayList<>();
        TrainingListener rec = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss) {
                losses.add(loss);
            }
        };
        List<EpochRecord> h;
        try (Ghvae m = Ghvae.mnist(1)) {
            h = new VaeTrainer(c).run(m, new HitObjective(1, 1), null, train, test, List.of(rec));
        }
        assertEquals(3 * 40, losses.size());
        assertTrue(losses.stream().allMatch(Double::isFinite), "finite batch losses");
        assertTrue(h.get(1).testLoss() < h.get(0).testLoss() && h.get(2).testLoss() < h.get(1).testLoss(),
                "test loss falls: " + h);
    }
}
