package org.latentlab.training;

/**
 * Training produced a non-finite loss (NaN or ±∞): the message names the loss, the epoch, the batch and the learning
 * rate, e.g. "training diverged: loss NaN at epoch 1 batch 2 (learning rate 1000000.0)". An
 * {@link IllegalStateException}, as before this type existed, so existing handlers still catch it.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private final int epoch;
    private final int batch;

    public TrainingDivergedException(double loss, int epoch, int batch, double learningRate) {
        super("training diverged: loss " + loss + " at epoch " + epoch + " batch " + batch + " (learning rate "
                + learningRate + ")");
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The epoch (1-based) whose batch gave the non-finite loss. */
    public int epoch() { return epoch; }

    /** The batch (1-based) within that epoch. */
    public int batch() { return batch; }
}
