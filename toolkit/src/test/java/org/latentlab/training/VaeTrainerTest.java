package org.latentlab.training;

import org.junit.jupiter.api.Tag;
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

@Tag("numeric")
class VaeTrainerTest {
    static ImageDataset train;
    static ImageDataset test;
    static ImageDataset smallTrain;
    static ImageDataset smallTest;

    @BeforeAll
    static void data() {
        Mnist.Split s = Mnist.load(Mnist.Variant.MNIST);
        train = Datasets.subset(s.train(), 2000, 1);
        test = Datasets.subset(s.test(), 500, 2);
        smallTrain = Datasets.subset(s.train(), 1000, 3);
        smallTest = Datasets.subset(s.test(), 200, 4);
    }

    private static TrainConfig small() {
        return TrainConfig.defaults().withEpochs(2).withBatchSize(100).withSeed(7);
    }

    /** Per-batch losses recorded by a listener. */
    static final class Recorder implements TrainingListener {
        final List<Double> losses = new ArrayList<>();
        final List<String> resumes = new ArrayList<>();

        @Override
        public void onResume(int epochsDone, int epochsTotal, Path checkpointDir) {
            resumes.add(epochsDone + "/" + epochsTotal + " " + checkpointDir.getFileName());
        }

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

    private static float[][] params(MlpVae m) {
        float[][] out = new float[m.parameters().size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.parameters().get(i).toFloatArray();
        }
        return out;
    }

    private static void assertSameEpochs(List<EpochRecord> a, List<EpochRecord> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            EpochRecord x = a.get(i);
            EpochRecord y = b.get(i);
            assertEquals(x.epoch(), y.epoch());
            assertEquals(x.trainLoss(), y.trainLoss(), 0.0, "train loss epoch " + x.epoch());
            assertEquals(x.testLoss(), y.testLoss(), 0.0, "test loss epoch " + x.epoch());
            assertEquals(x.testReconstruction(), y.testReconstruction(), 0.0);
            assertEquals(x.testKl(), y.testKl(), 0.0);
        }
    }

    @Test
    void resumedRunContinuesBitIdentically(@TempDir Path tmp) throws Exception {
        TrainConfig cfg = small().withEpochs(3);
        Recorder full = new Recorder();
        TrainResult a;
        float[][] pa;
        try (MlpVae m = MlpVae.create(784, new int[] {32}, 4, 11)) {
            a = new VaeTrainer(cfg.withCheckpointDir(tmp.resolve("a"))).train(m, new Elbo(1.0), smallTrain, smallTest, full);
            pa = params(m);
        }
        assertTrue(Files.isRegularFile(tmp.resolve("a").resolve(Checkpoint.FILE)));

        // Interrupted after epoch 1 ...
        Recorder part1 = new Recorder();
        try (MlpVae m = MlpVae.create(784, new int[] {32}, 4, 11)) {
            new VaeTrainer(cfg.withEpochs(1).withCheckpointDir(tmp.resolve("b"))).train(m, new Elbo(1.0), smallTrain,
                    smallTest, part1);
        }
        assertEquals(1, Checkpoint.read(tmp.resolve("b")).epoch());
        // ... and resumed in a fresh model (different init seed: everything must come from the checkpoint).
        Recorder part2 = new Recorder();
        TrainResult b;
        float[][] pb;
        try (MlpVae m = MlpVae.create(784, new int[] {32}, 4, 999)) {
            b = new VaeTrainer(cfg.withCheckpointDir(tmp.resolve("b"))).train(m, new Elbo(1.0), smallTrain, smallTest, part2);
            pb = params(m);
        }
        List<Double> resumed = new ArrayList<>(part1.losses);
        resumed.addAll(part2.losses);
        assertEquals(full.losses, resumed, "per-batch loss sequence");
        assertEquals(List.of(), full.resumes, "a fresh run is not a resume");
        assertEquals(List.of("1/3 b"), part2.resumes, "the resumed run says from where");
        assertSameEpochs(a.history(), b.history());
        for (int i = 0; i < pa.length; i++) {
            assertArrayEquals(pa[i], pb[i], 0f, "parameter " + i);
        }
        assertEquals(3, Checkpoint.read(tmp.resolve("b")).epoch());
        assertEquals(Checkpoint.read(tmp.resolve("a")).state().get("adamStep"),
                Checkpoint.read(tmp.resolve("b")).state().get("adamStep"));

        // A finished run resumed again does no more steps and returns the stored history.
        Recorder none = new Recorder();
        try (MlpVae m = MlpVae.create(784, new int[] {32}, 4, 5)) {
            TrainResult c = new VaeTrainer(cfg.withCheckpointDir(tmp.resolve("b"))).train(m, new Elbo(1.0), smallTrain,
                    smallTest, none);
            assertTrue(none.losses.isEmpty());
            assertEquals(List.of("3/3 b"), none.resumes, "a finished run says it was loaded, not trained");
            assertSameEpochs(a.history(), c.history());
            assertArrayEquals(pa[0], m.parameters().get(0).toFloatArray(), 0f);
        }
    }

    @Test
    void aRunKilledDuringItsEpochEndWorkResumesWithThatWorkDone(@TempDir Path tmp) throws Exception {
        TrainConfig cfg = small().withEpochs(3);
        java.util.Set<Integer> at = java.util.Set.of(1, 2, 3);
        List<org.latentlab.probes.ProbeResult> reference;
        try (MlpVae m = MlpVae.create(784, new int[] {32}, 4, 11)) {
            org.latentlab.probes.ProbeListener probes = probes(at, tmp.resolve("a.json"));
            new VaeTrainer(cfg.withCheckpointDir(tmp.resolve("a"))).train(m, new Elbo(1.0), smallTrain, smallTest,
                    probes);
            reference = probes.results();
        }
        // the process "dies" after epoch 2's probes were stored, before the epoch ended: no checkpoint of epoch 2
        TrainingListener dies = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochRecord r, org.latentlab.models.Vae model) {
                if (r.epoch() == 2) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        try (MlpVae m = MlpVae.create(784, new int[] {32}, 4, 11)) {
            assertThrows(IllegalStateException.class, () -> new VaeTrainer(cfg.withCheckpointDir(tmp.resolve("b")))
                    .train(m, new Elbo(1.0), smallTrain, smallTest, probes(at, tmp.resolve("b.json")), dies));
        }
        assertEquals(1, Checkpoint.read(tmp.resolve("b")).epoch(), "the checkpoint is written after the listeners");
        try (MlpVae m = MlpVae.create(784, new int[] {32}, 4, 999)) {
            org.latentlab.probes.ProbeListener probes = probes(at, tmp.resolve("b.json"));
            new VaeTrainer(cfg.withCheckpointDir(tmp.resolve("b"))).train(m, new Elbo(1.0), smallTrain, smallTest,
                    probes);
            assertEquals(numbers(reference), numbers(probes.results()),
                    "epoch 2's probes kept once, epoch 3's added: as if never killed");
        }
    }

    /** Epoch, accuracy and macro-F1 of each probe result (not its seconds). */
    private static List<List<Double>> numbers(List<org.latentlab.probes.ProbeResult> rs) {
        return rs.stream().map(r -> List.of((double) r.epoch(), r.accuracy(), r.macroF1())).toList();
    }

    private static org.latentlab.probes.ProbeListener probes(java.util.Set<Integer> epochs, Path store) {
        return new org.latentlab.probes.ProbeListener(epochs, Datasets.head(smallTrain, 300),
                Datasets.head(smallTest, 100), List.of(org.latentlab.probes.LatentFeatures.MU),
                List.of(org.latentlab.probes.ProbeKind.LOGISTIC),
                new org.latentlab.probes.Probes(org.latentlab.probes.ProbeConfig.defaults()), 5L, store);
    }

    @Test
    void sameSeedSameLossesDifferentSeedDifferent() {
        Recorder r1 = new Recorder();
        Recorder r2 = new Recorder();
        Recorder r3 = new Recorder();
        TrainConfig cfg = small().withEpochs(1).withBinarization(Binarization.FIXED);
        try (MlpVae m = MlpVae.create(784, new int[] {32}, 4, 1)) {
            new VaeTrainer(cfg).train(m, new Elbo(1.0), smallTrain, smallTest, r1);
        }
        try (MlpVae m = MlpVae.create(784, new int[] {32}, 4, 1)) {
            new VaeTrainer(cfg).train(m, new Elbo(1.0), smallTrain, smallTest, r2);
        }
        try (MlpVae m = MlpVae.create(784, new int[] {32}, 4, 1)) {
            new VaeTrainer(cfg.withSeed(8)).train(m, new Elbo(1.0), smallTrain, smallTest, r3);
        }
        assertEquals(10, r1.losses.size());
        assertEquals(r1.losses, r2.losses);
        assertNotEquals(r1.losses, r3.losses);
    }

    @Test
    void badConfigValuesFailClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.defaults().withEpochs(0));
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().withBatchSize(-3));
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().withLearningRate(Double.NaN));
        assertTrue(e.getMessage().contains("learningRate"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().withLearningRate(0));
        assertThrows(NullPointerException.class, () -> TrainConfig.defaults().withBinarization(null));
        e = assertThrows(IllegalArgumentException.class, () -> new Elbo(-1));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MlpVae.create(784, new int[] {0}, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> MlpVae.create(784, new int[] {8}, 0, 1));
        try (MlpVae m = MlpVae.create(100, new int[] {8}, 2, 1)) {
            e = assertThrows(IllegalArgumentException.class,
                    () -> new VaeTrainer(small()).train(m, new Elbo(1.0), train, test));
            assertTrue(e.getMessage().contains("inputDim 100"), e.getMessage());
        }
    }

    @Test
    void resumingWithAnIncompatibleConfigFails(@TempDir Path tmp) {
        TrainConfig cfg = small().withEpochs(1).withCheckpointDir(tmp);
        ImageDataset tiny = Datasets.subset(train, 200, 3);
        try (MlpVae m = MlpVae.create(784, new int[] {8}, 2, 1)) {
            new VaeTrainer(cfg).train(m, new Elbo(1.0), tiny, test);
        }
        try (MlpVae m = MlpVae.create(784, new int[] {8}, 2, 1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new VaeTrainer(cfg.withEpochs(2).withSeed(99)).train(m, new Elbo(1.0), tiny, test));
            assertTrue(e.getMessage().contains("seed 7 vs 99"), e.getMessage());
        }
        try (MlpVae m = MlpVae.create(784, new int[] {8}, 3, 1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new VaeTrainer(cfg.withEpochs(2)).train(m, new Elbo(1.0), tiny, test));
            assertTrue(e.getMessage().contains("model"), e.getMessage());
        }
    }
}
