package org.latentlab.notebook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.data.Binarization;
import org.latentlab.data.ImageDataset;
import org.latentlab.models.MlpVae;
import org.latentlab.objectives.Elbo;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.TrainResult;
import org.latentlab.training.VaeTrainer;
import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TrainingProgressTest {
    private static ImageDataset data(int n, long seed) {
        Random r = new Random(seed);
        float[] p = new float[n * 16];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextFloat();
        }
        return new ImageDataset("rand", p, new int[n], n, 1, 4, 4);
    }

    @Test
    void showsEveryEpochOfARealRunIncludingEpochsRestoredFromACheckpoint(@TempDir Path dir) {
        ImageDataset train = data(96, 1);
        ImageDataset test = data(32, 2);
        TrainConfig cfg = TrainConfig.defaults().withEpochs(1).withBatchSize(32)
                .withBinarization(Binarization.NONE).withCheckpointDir(dir);
        try (MlpVae m = MlpVae.create(16, new int[]{8}, 2, 5L)) {
            new VaeTrainer(cfg).train(m, new Elbo(), train, test);
        }
        RecordingBridge rec = new RecordingBridge(true);
        TrainingProgress progress = new TrainingProgress(new Display(rec), "resumed");
        TrainResult result;
        try (MlpVae m = MlpVae.create(16, new int[]{8}, 2, 5L)) {
            result = new VaeTrainer(cfg.withEpochs(3)).train(m, new Elbo(), train, test, progress);
        }
        Table t = progress.progress().table();
        assertEquals(3, result.history().size());
        assertEquals(3, t.rowCount(), "epoch 1 restored + epochs 2, 3 trained");
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, t.intColumn("epoch").get(i));
            assertEquals(result.history().get(i).testLoss(), t.doubleColumn("test_loss").get(i), 0.0);
            assertEquals(result.history().get(i).trainLoss(), t.doubleColumn("train_loss").get(i), 0.0);
        }
        assertEquals(1, rec.of("display").size());
        // batch updates are throttled, epoch updates are not: ≥ 1 (probe) + 2 epochs + 1 finish
        assertTrue(rec.of("update").size() >= 4);
        String last = (String) rec.of("update").get(rec.of("update").size() - 1).data();
        // the restored epoch is not counted as trained now (issue 11: "a run loaded from its checkpoint says so")
        assertTrue(last.contains("done: resumed from checkpoint ") && last.contains(" after epoch 1, then 2 more epochs in "),
                last);
    }
}
