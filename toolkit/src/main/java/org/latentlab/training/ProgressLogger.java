package org.latentlab.training;

import org.latentlab.models.Vae;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs training progress through SLF4J (INFO): a line every {@code everyBatches} steps and one per epoch. */
public final class ProgressLogger implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressLogger.class);
    private final int everyBatches;

    /** @param everyBatches log every this many batches; 0 logs epochs only. */
    public ProgressLogger(int everyBatches) {
        if (everyBatches < 0) {
            throw new IllegalArgumentException("ProgressLogger: everyBatches must be >= 0, got " + everyBatches);
        }
        this.everyBatches = everyBatches;
    }

    /** Epoch lines only. */
    public ProgressLogger() {
        this(0);
    }

    @Override
    public void onResume(int epochsDone, int epochsTotal, java.nio.file.Path checkpointDir) {
        LOG.info(epochsDone >= epochsTotal
                ? "loaded from checkpoint {}: all {} of {} epochs were trained earlier, nothing to train"
                : "resumed from checkpoint {} after epoch {} of {}", checkpointDir, epochsDone, epochsTotal);
    }

    @Override
    public void onTrainingStart(Vae model, TrainConfig cfg) {
        LOG.info("training {} for {} epochs, batch {}, lr {}, seed {}, binarization {}", model, cfg.epochs(),
                cfg.batchSize(), cfg.learningRate(), cfg.seed(), cfg.binarization());
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, double loss) {
        if (everyBatches > 0 && (batch % everyBatches == 0 || batch == batches)) {
            LOG.info("epoch {} batch {}/{} loss {}", epoch, batch, batches, String.format("%.3f", loss));
        }
    }

    @Override
    public void onEpochEnd(EpochRecord r, Vae model) {
        LOG.info(String.format("epoch %d: train %.3f  test %.3f (recon %.3f, kl %.3f) nats  %.2f s", r.epoch(),
                r.trainLoss(), r.testLoss(), r.testReconstruction(), r.testKl(), r.seconds()));
    }
}
