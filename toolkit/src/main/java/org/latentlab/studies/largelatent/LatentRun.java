package org.latentlab.studies.largelatent;

import java.util.List;

/**
 * Everything measured on one trained model of study 2 (SPEC §2(c) 1–6). KLs, ELBOs and IWAE values in nats per
 * example; norms in latent units; IS in classes (1..10).
 *
 * @param id               run id {@code <arm>-d<d>-s<seed>}
 * @param arm              {@link Arm#id()}
 * @param d                latent size
 * @param seed             seed index
 * @param beta             KL weight used in training
 * @param trainSeconds     wall-clock training time (0 when the model came from a cache)
 * @param trainCpuSeconds  process CPU time of the training (all threads)
 * @param klPerDim         KL_j = mean_n KL(q(z_j|x_n) ‖ N(0, 1)) on the test images, in latent order
 * @param totalKl          Σ_j KL_j
 * @param auBurda          active units Var_x μ_j &gt; 0.01 (SPEC M9a) on the test means
 * @param auPca            covariance eigenvalues of the test means &gt; 0.01 (SPEC M9b)
 * @param activeDims       the coordinates counted by auBurda (the active subspace 𝒜)
 * @param norms            ‖z‖ statistics
 * @param aggregateVariance v_j = Var_x μ_j + E_x σ_j² on the test images
 * @param mismatch         aggregate posterior vs prior
 * @param sources          sample quality per latent source
 * @param recon            reconstruction vs generation numbers
 * @param gaps             per-epoch train and test ELBO / IWAE on fixed subsets
 * @param nearest          nearest-training-image statistics of prior and aggregate-posterior samples
 */
public record LatentRun(String id, String arm, int d, int seed, double beta, double trainSeconds,
                        double trainCpuSeconds, double[] klPerDim, double totalKl, int auBurda, int auPca,
                        int[] activeDims, Norms norms, double[] aggregateVariance, Mismatch mismatch,
                        List<SourceQuality> sources, Reconstruction recon, List<GapPoint> gaps,
                        List<Nearest> nearest) {

    /**
     * Norms: mean and sd of ‖z‖ for one posterior sample per test image, for μ(x) and for prior draws, against
     * chi_d; the same for the posterior and prior restricted to 𝒜 against chi_|𝒜| (NaN when 𝒜 is empty).
     */
    public record Norms(double posteriorMean, double posteriorSd, double muMean, double muSd, double priorMean,
                        double priorSd, double chiMean, double chiSd, double activePosteriorMean,
                        double activePosteriorSd, double activePriorMean, double activeChiMean, double activeChiSd) {}

    /**
     * Aggregate posterior q(z) (M components) against the prior: Gaussian-fit KL (NaN when M ≤ d), ELBO surgery,
     * hole score KL(p‖q) ± standard error, C2ST accuracies with the upper end of the 95 % null band, coverage.
     */
    public record Mismatch(int components, double gaussianFitKl, double surgeryMeanKl, double surgeryMi,
                           double surgeryMarginalKl, double surgeryCap, double holeScore, double holeScoreSe,
                           double c2stLogistic, double c2stKnn, double c2stBandHigh, double coverage) {}

    /**
     * Sample quality of one latent source: IS ± sd over 5 splits, Diversity, Sharpness (SPEC M6), mean max-softmax,
     * share with max-softmax &gt; 0.9, and agreement of the classifier's label with the source image's label (NaN for
     * sources without a source image); {@code note} says why a source is missing (then the numbers are NaN).
     */
    public record SourceQuality(String source, double is, double isSd, double diversity, double sharpness,
                                double meanMaxSoftmax, double confident, double agreement, String note) {}

    /**
     * Test BCE of the mode reconstructions decode(μ(x)), the MC ELBO (one sample), IWAE on test and training
     * images, PSNR of the mode reconstructions against the grayscale test images.
     */
    public record Reconstruction(double testBce, double testElbo, double testIwae, double trainIwae, double psnr) {}

    /** One epoch of the memorization curves (β = 1 ELBO, one sample, and IWAE with small K), nats. */
    public record GapPoint(int epoch, double trainElbo, double testElbo, double trainIwae, double testIwae) {}

    /** Mean pixel-L2 distance of samples to their nearest training image and mean ratio nearest / second nearest. */
    public record Nearest(String source, double meanDistance, double meanRatio) {}

    /** The named source, or null. */
    public SourceQuality source(String name) {
        return sources.stream().filter(s -> s.source().equals(name)).findFirst().orElse(null);
    }

    /** Mean KL per latent dimension, totalKl / d ("the latent loss" of the asker's mean reduction). */
    public double meanKlPerDim() {
        return totalKl / d;
    }
}
