package org.latentlab.notebook;

import org.latentlab.models.Vae;
import org.latentlab.training.EpochRecord;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.TrainResult;
import org.latentlab.training.TrainingListener;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link TrainingListener} that shows training live in the notebook through a {@link LiveProgress}: running
 * batch loss, per-epoch train/test loss (nats per example) with a small curve, and at the end the full per-epoch
 * table, including epochs restored from a checkpoint.
 */
public final class TrainingProgress implements TrainingListener {
    private final LiveProgress progress;

    /** Progress shown through {@code display}, titled {@code title}. */
    public TrainingProgress(Display display, String title) {
        this.progress = Objects.requireNonNull(display, "display").progress(title);
    }

    /** The underlying progress display (its {@link LiveProgress#table()} is the per-epoch history). */
    public LiveProgress progress() {
        return progress;
    }

    static Map<String, Double> values(EpochRecord r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train_loss", r.trainLoss());
        m.put("test_loss", r.testLoss());
        m.put("test_recon", r.testReconstruction());
        m.put("test_kl", r.testKl());
        return m;
    }

    @Override
    public void onResume(int epochsDone, int epochsTotal, java.nio.file.Path checkpointDir) {
        progress.resumed(epochsDone, String.valueOf(checkpointDir));
    }

    @Override
    public void onTrainingStart(Vae model, TrainConfig cfg) {
        progress.start(cfg.epochs());
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, double loss) {
        progress.batch(epoch, batch, batches, loss);
    }

    @Override
    public void onEpochEnd(EpochRecord r, Vae model) {
        progress.epoch(r.epoch(), r.seconds(), values(r));
    }

    @Override
    public void onTrainingEnd(TrainResult r) {
        for (EpochRecord e : r.history()) {
            progress.record(e.epoch(), e.seconds(), values(e)); // restored epochs too
        }
        progress.finish();
    }
}
