package org.latentlab.metrics;

/**
 * Peak signal-to-noise ratio, torchmetrics 0.9 defaults as used by HIT (SPEC §M5): PSNR = 10·log10(range²/MSE) with
 * the MSE pooled over all pixels of all images (global, not per image) and range = max(target) − min(target). Units:
 * dB. Identical images give +∞ (reported, not NaN); a constant target (range 0) is an error.
 */
public final class Psnr {
    private Psnr() {}

    /** Global PSNR of flat arrays of equal length (e.g. N·784 pixels in [0, 1]). */
    public static double of(float[] reconstruction, float[] target) {
        if (reconstruction == null || target == null || reconstruction.length != target.length
                || target.length == 0) {
            throw new IllegalArgumentException("reconstruction and target must be non-empty and of equal length, got "
                    + (reconstruction == null ? "null" : reconstruction.length) + " and "
                    + (target == null ? "null" : target.length));
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double se = 0.0;
        for (int i = 0; i < target.length; i++) {
            double t = target[i];
            double r = reconstruction[i];
            if (!Float.isFinite(target[i]) || !Float.isFinite(reconstruction[i])) {
                throw new IllegalArgumentException("non-finite pixel at index " + i);
            }
            min = Math.min(min, t);
            max = Math.max(max, t);
            se += (r - t) * (r - t);
        }
        return psnr(se / target.length, max - min);
    }

    /** Global PSNR of N × P matrices. */
    public static double of(double[][] reconstruction, double[][] target) {
        Checks.sameShape("reconstruction", reconstruction, "target", target);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double se = 0.0;
        long count = 0;
        for (int i = 0; i < target.length; i++) {
            for (int j = 0; j < target[i].length; j++) {
                double t = target[i][j];
                double r = reconstruction[i][j];
                min = Math.min(min, t);
                max = Math.max(max, t);
                se += (r - t) * (r - t);
                count++;
            }
        }
        return psnr(se / count, max - min);
    }

    private static double psnr(double mse, double range) {
        if (range <= 0) {
            throw new IllegalArgumentException("target is constant (range 0): PSNR is undefined");
        }
        if (mse == 0.0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10.0 * Math.log10(range * range / mse);
    }
}
