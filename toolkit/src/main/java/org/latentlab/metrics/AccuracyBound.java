package org.latentlab.metrics;

/**
 * The Meyen accuracy bound (Xiao &amp; Bamler 2023, Eq. 10–11; SPEC §M12), all in nats. With N_C classes and label
 * entropy H(L), f(a) = H(L) − H_b(a) − (1 − a)·log(N_C − 1) increases on [1/N_C, 1] from 0 to H(L), and any classifier
 * of z has accuracy ≤ f⁻¹(min(I(z; L), H(L))).
 */
public final class AccuracyBound {
    private AccuracyBound() {}

    /** f(a) for N_C classes and label entropy H(L) (nats). */
    public static double f(double accuracy, int classes, double labelEntropy) {
        check(classes, labelEntropy);
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy must be in [0, 1], got " + accuracy);
        }
        return labelEntropy - binaryEntropy(accuracy) - (1 - accuracy) * Math.log(classes - 1);
    }

    /** The bound f⁻¹(min(I, H(L))) by bisection on [1/N_C, 1] (to 1e-13). */
    public static double bound(double information, int classes, double labelEntropy) {
        check(classes, labelEntropy);
        if (Double.isNaN(information) || information < 0) {
            throw new IllegalArgumentException("information must be ≥ 0 nats, got " + information);
        }
        double target = Math.min(information, labelEntropy);
        double lo = 1.0 / classes;
        double hi = 1.0;
        if (target <= 0) {
            return lo;
        }
        while (hi - lo > 1e-13) {
            double mid = 0.5 * (lo + hi);
            if (f(mid, classes, labelEntropy) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** The bound for uniform labels over N_C classes (H(L) = log N_C). */
    public static double bound(double information, int classes) {
        return bound(information, classes, Math.log(classes));
    }

    private static double binaryEntropy(double a) {
        double h = 0.0;
        if (a > 0) {
            h -= a * Math.log(a);
        }
        if (a < 1) {
            h -= (1 - a) * Math.log(1 - a);
        }
        return h;
    }

    private static void check(int classes, double h) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be ≥ 2, got " + classes);
        }
        if (!(h > 0 && h <= Math.log(classes) + 1e-12)) {
            throw new IllegalArgumentException("label entropy must be in (0, log N_C], got " + h);
        }
    }
}
