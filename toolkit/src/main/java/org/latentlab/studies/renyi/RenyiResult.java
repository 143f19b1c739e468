package org.latentlab.studies.renyi;

import org.latentlab.probes.ProbeResult;
import org.latentlab.training.EpochRecord;

import java.util.List;

/**
 * Everything measured for one trained model of the sweep (SPEC §4(c)). Log-likelihoods and bounds in nats,
 * means over test images (with the standard error of that mean).
 *
 * @param id                 run id, e.g. {@code k30-vr(0.5)}
 * @param k                  latent dimension
 * @param objective          {@code elbo} (analytic KL) or a VR objective name ({@code vr(0.5)}, {@code vr-max})
 * @param alphaLabel         α as text: {@code 1}, {@code 0.5}, {@code max}; {@code elbo} for the analytic ELBO
 * @param eigenvalues        PCA eigenvalues (descending) of the test posterior means (M9b)
 * @param activeComponents   eigenvalues &gt; 0.01 (M9b)
 * @param activeUnits        Burda's count Var_x(μ_j) &gt; 0.01 on 500 training images (M9a)
 * @param vrBound            mean L̂_{α,10} on the test set (for {@code elbo}: the MC ELBO, α = 1)
 * @param vrBoundSe          its standard error
 * @param isLogLikelihood    mean IS estimate L̂_{0,K} on the first isImages test images
 * @param isLogLikelihoodSe  its standard error
 * @param trainSeconds       training wall-clock seconds (0 when the model came from the cache)
 * @param history            per-epoch training records
 * @param probes             probe results (epoch-tagged)
 */
public record RenyiResult(String id, int k, String objective, String alphaLabel, double[] eigenvalues,
                        int activeComponents, int activeUnits, double vrBound, double vrBoundSe,
                        double isLogLikelihood, double isLogLikelihoodSe, double trainSeconds,
                        List<EpochRecord> history, List<ProbeResult> probes) {

    /** α as a number: the label parsed, −∞ for VR-max, 1 for the analytic ELBO. */
    public double alpha() {
        return switch (alphaLabel) {
            case "max" -> Double.NEGATIVE_INFINITY;
            case "elbo" -> 1.0;
            default -> Double.parseDouble(alphaLabel);
        };
    }

    /** The final-epoch probe accuracy of {@code probe} on {@code features}, or NaN if absent. */
    public double finalAccuracy(String probe, String features) {
        int last = probes.stream().mapToInt(ProbeResult::epoch).max().orElse(-1);
        return probes.stream().filter(p -> p.epoch() == last && p.probe().equals(probe)
                        && p.features().equals(features)).mapToDouble(ProbeResult::accuracy).findFirst()
                .orElse(Double.NaN);
    }
}
