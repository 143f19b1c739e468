package org.latentlab.training;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.data.Binarization;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.models.MlpVae;
import org.latentlab.objectives.Elbo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VaeTrainerTest {
    static ImageDataset train;
    static ImageDataset test;

    @BeforeAll
    static void data() {
        Mnist.Split s = Mnist.load(Mnist.Variant.MNIST);
        train = Datasets.subset(s.train(), 2000, 1);
        test = Datasets.subset(s.test(), 500, 2);
    }

    private static TrainConfig small() {
        return TrainConfig.defaults().withEpochs(2).withBatchSize(100).withSeed(7);
    }

    /** Per-batch losses recorded by a listener. */
    static final class Recorder implements TrainingListener {
        final List<Double> losses = new ArrayList<>();

        @Override
        public void onBatchEnd(int epoch, int batch, int batches, double loss) {
            losses.add(loss);
        }
    }

    @Test
    void trainingLowersNegativeElbo() {
        try (MlpVae m = MlpVae.create(784, new int[] {64}, 8, 3)) {
            Recorder rec = new Recorder();
            TrainResult r = new VaeTrainer(small().withEpochs(3)).train(m, new Elbo(1.0), train, test, rec,
                    new ProgressLogger());
            assertEquals(3, r.history().size());
            double first = rec.losses.get(0);
            EpochRecord last = r.last();
            // An untrained Bernoulli decoder costs about 784·log 2 ≈ 543 nats; after 3 short epochs it must be far lower.
            assertTrue(first > 400, "initial loss " + first);
            assertTrue(last.testLoss() < 0.6 * first, "test -ELBO " + last.testLoss() + " vs initial " + first);
            assertTrue(r.history().get(2).testLoss() < r.history().get(0).testLoss());
            assertEquals(last.testLoss(), last.testReconstruction() + last.testKl(), 1e-3);
            assertEquals(6, r.historyTable().columnCount());
            assertEquals(3, r.historyTable().rowCount());
        }
    }
}
