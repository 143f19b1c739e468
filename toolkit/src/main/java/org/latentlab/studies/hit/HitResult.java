package org.latentlab.studies.hit;

import org.latentlab.probes.ProbeKind;

import java.util.Locale;

/**
 * Everything measured for one GHVAE of the grid (SPEC §3(c)), on the test set; rates, distortion and information in
 * nats per example, PSNR in dB, accuracies in [0, 1].
 *
 * @param beta1          weight of KL(q(z1|z2,x) ‖ p(z1|z2)) (bottom latent)
 * @param beta2          weight of KL(q(z2|x) ‖ N(0, I)) (top latent)
 * @param rateZ2         R(z2) (M4)
 * @param rateZ1GivenZ2  R(z1|z2) with one sampled z2 per image (M4)
 * @param distortion     −mean log p(x|z1) with sampled z2, z1 (M4)
 * @param psnr           PSNR of the mode reconstruction through the mean chain (M5)
 * @param is             inception score, mean over splits (M6)
 * @param isSd           its sample sd over splits
 * @param diversity      exp H(p̂(y)), mean over splits
 * @param sharpness      exp(−mean H(p(y|x))), mean over splits
 * @param miZ2           Î(z2; label) (M11), q(z2|x)
 * @param miZ1           Î(z1; label) (M11), q(z1|μ2(x), x) (mean chain)
 * @param labelEntropy   H(label) of the images Î used (its upper bound)
 * @param accZ2          probe accuracies on μ2, in {@link ProbeKind} order (M14)
 * @param accZ1          probe accuracies on μ1 of the mean chain, in {@link ProbeKind} order (M14)
 * @param sigmaFloorHits σ values (of q(z2|x), q(z1|z2,x) and p(z1|z2) on the test set) at the 1e-6 floor
 * @param sigmaValues    σ values inspected
 * @param finalTestLoss  the training objective on the test set after the last epoch
 * @param trainSeconds   wall-clock training seconds (0 when the model was loaded from its checkpoint)
 * @param evalSeconds    wall-clock evaluation seconds
 */
public record HitResult(double beta1, double beta2, double rateZ2, double rateZ1GivenZ2, double distortion,
                        double psnr, double is, double isSd, double diversity, double sharpness, double miZ2,
                        double miZ1, double labelEntropy, double[] accZ2, double[] accZ1, long sigmaFloorHits,
                        long sigmaValues, double finalTestLoss, double trainSeconds, double evalSeconds) {
    public HitResult {
        if (accZ2 == null || accZ1 == null || accZ2.length != ProbeKind.values().length
                || accZ1.length != ProbeKind.values().length) {
            throw new IllegalArgumentException("HitResult: accZ2 and accZ1 need one accuracy per probe kind ("
                    + ProbeKind.values().length + ")");
        }
        accZ2 = accZ2.clone();
        accZ1 = accZ1.clone();
    }

    @Override
    public double[] accZ2() {
        return accZ2.clone();
    }

    @Override
    public double[] accZ1() {
        return accZ1.clone();
    }

    /** R(z2) + R(z1|z2). */
    public double totalRate() {
        return rateZ2 + rateZ1GivenZ2;
    }

    /** Accuracy of {@code kind} on μ2 ({@code top} true) or μ1. */
    public double accuracy(ProbeKind kind, boolean top) {
        return (top ? accZ2 : accZ1)[kind.ordinal()];
    }

    /** The best of the four probe accuracies on either latent (the "accuracy" axis of Fig. 1). */
    public double bestAccuracy() {
        double m = 0;
        for (int i = 0; i < accZ2.length; i++) {
            m = Math.max(m, Math.max(accZ2[i], accZ1[i]));
        }
        return m;
    }

    /** Directory-safe id of the grid cell, e.g. {@code b1-0.316_b2-10}. */
    public String id() {
        return id(beta1, beta2);
    }

    /** Directory-safe id of a grid cell. */
    public static String id(double beta1, double beta2) {
        return "b1-" + fmt(beta1) + "_b2-" + fmt(beta2);
    }

    /** β with up to 4 significant digits, as in ids and tables. */
    public static String fmt(double beta) {
        String s = String.format(Locale.ROOT, "%.4g", beta);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
