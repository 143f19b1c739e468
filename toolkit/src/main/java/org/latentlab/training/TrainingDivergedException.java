package org.latentlab.training;

/**
 * A training step produced a loss that is NaN or infinite. Training stops at once, before the optimiser applies the
 * step, so nothing non-finite reaches the parameters or a checkpoint: the last checkpoint written (end of the last
 * complete epoch) is left as it was. The message is one line naming the epoch, the batch and the learning rate.
 */
public final class TrainingDivergedException extends IllegalStateException {
    private final int epoch;
    private final int batch;
    private final double learningRate;
    private final double loss;

    /**
     * @param epoch        1-based epoch of the step
     * @param batch        1-based batch within the epoch
     * @param learningRate Adam's learning rate at that step
     * @param loss         the non-finite loss value
     * @param checkpoint   description of the last good checkpoint kept, or null when none was written
     */
    public TrainingDivergedException(int epoch, int batch, double learningRate, double loss, String checkpoint) {
        super("training diverged: loss " + loss + " at epoch " + epoch + ", batch " + batch + " (learning rate "
                + learningRate + ")" + (checkpoint == null ? "" : "; " + checkpoint));
        this.epoch = epoch;
        this.batch = batch;
        this.learningRate = learningRate;
        this.loss = loss;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }

    public double learningRate() {
        return learningRate;
    }

    public double loss() {
        return loss;
    }
}
