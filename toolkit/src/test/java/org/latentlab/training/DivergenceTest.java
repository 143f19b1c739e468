package org.latentlab.training;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.cli.Main;
import org.latentlab.data.Binarization;
import org.latentlab.data.ImageDataset;
import org.latentlab.models.MlpVae;
import org.latentlab.objectives.Elbo;
import org.latentlab.objectives.RenyiBound;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 9: a NaN/Inf loss stops training with one line naming epoch, batch and learning rate; the checkpoint stays. */
@Tag("numeric")
class DivergenceTest {
    private static ImageDataset data(int n, long seed, int nanAt) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] px = new float[n * 784];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) r.nextDouble();
        }
        if (nanAt >= 0) {
            px[nanAt] = Float.NaN;
        }
        return new ImageDataset("noise", px, new int[n], n, 1, 28, 28);
    }

    @Test
    void nanStopsTrainingAndKeepsTheLastCheckpoint(@TempDir Path dir) throws Exception {
        ImageDataset test = data(20, 2, -1);
        TrainConfig c1 = new TrainConfig(1, 32, 1e-3, 3, Binarization.NONE, dir);
        try (MlpVae m = MlpVae.create(784, new int[] {16}, 2, 3)) {
            new VaeTrainer(c1, false).train(m, RenyiBound.of(0.5, 2), data(64, 1, -1), test);
        }
        Path ck = dir.resolve(Checkpoint.FILE);
        byte[] before = Files.readAllBytes(ck);
        // the same run resumed for a second epoch, on data whose 40th image holds a NaN: batch 2 of epoch 2
        TrainConfig c2 = new TrainConfig(2, 32, 1e-3, 3, Binarization.NONE, dir);
        try (MlpVae m = MlpVae.create(784, new int[] {16}, 2, 3)) {
            ImageDataset poisoned = data(64, 1, 40 * 784 + 7);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new VaeTrainer(c2, false).train(m, RenyiBound.of(0.5, 2), poisoned, test));
            assertEquals(2, e.epoch());
            assertTrue(e.batch() >= 1 && e.batch() <= 2, e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().matches("training diverged: loss NaN at epoch 2, batch [12] \\(learning rate "
                    + "0\\.001\\); the checkpoint of epoch 1 in .* is kept"), e.getMessage());
            for (var p : m.parameters()) {
                for (float f : p.toFloatArray()) {
                    assertTrue(Float.isFinite(f), "the diverged step was not applied");
                }
            }
        }
        assertArrayEquals(before, Files.readAllBytes(ck), "checkpoint untouched");
    }

    @Test
    void cliPrintsOneLineAndExits2(@TempDir Path dir) {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = Main.run("train", "--subset", "256", "--epochs", "1", "--hidden", "8", "--latent", "2",
                    "--lr", "1e30", "--out", dir.resolve("run").toString());
        } finally {
            System.setErr(err);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(Main.EXIT_BAD_INPUT, rc, out);
        assertTrue(out.contains("training diverged: loss") && out.contains("at epoch 1, batch")
                && out.contains("(learning rate 1.0E30)"), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
    }

    @Test
    void fusedElboStopsToo() {
        ImageDataset test = data(20, 2, -1);
        TrainConfig c = new TrainConfig(1, 32, 1e-3, 3, Binarization.NONE, null);
        try (MlpVae m = MlpVae.create(784, new int[] {16}, 2, 3)) {
            ImageDataset clean = data(64, 1, -1);
            float[] px = clean.pixels().clone();
            for (int i = 0; i < 64; i++) {
                px[i * 784 + 3] = Float.NaN;                     // every image: the first batch diverges
            }
            ImageDataset poisoned = new ImageDataset("poisoned", px, clean.labels(), 64, 1, 28, 28);
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> new VaeTrainer(c, true).train(m, new Elbo(1.0), poisoned, test));
            assertEquals(1, e.epoch());
            assertEquals(1, e.batch());
        }
    }
}
