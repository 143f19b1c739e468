package org.latentlab.training;

/**
 * One epoch's summary. Losses are per-example means in nats.
 *
 * @param epoch              1-based epoch number
 * @param trainLoss          mean training objective over the epoch's batches (weighted by batch size)
 * @param testLoss           objective on the test set, no gradients (for {@code Elbo}: −ELBO)
 * @param testReconstruction reconstruction part on the test set (−E_q log p(x|z)); NaN if the objective has none
 * @param testKl             KL part on the test set; NaN if the objective has none
 * @param seconds            wall-clock seconds of the epoch (training and evaluation)
 */
public record EpochRecord(int epoch, double trainLoss, double testLoss, double testReconstruction, double testKl,
                          double seconds) {}
