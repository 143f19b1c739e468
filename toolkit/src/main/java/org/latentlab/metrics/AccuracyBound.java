package org.latentlab.metrics;

/**
 * The Meyen accuracy bound (Xiao &amp; Bamler 2023, Eq. 10–11; SPEC §M12), all in nats. With N_C classes and label
 * entropy H(L), f(a) = H(L) − H_b(a) − (1 − a)·log(N_C − 1) increases on [1/N_C, 1] from H(L) − log N_C ≤ 0 to H(L)
 * (Fano's inequality), and any classifier of z has accuracy ≤ f⁻¹(min(I(z; L), H(L))), the root on [1/N_C, 1].
 * For uniform labels f(1/N_C) = 0 and the bound at I = 0 is 1/N_C; for non-uniform labels it is larger (and at least
 * the majority-class accuracy, which needs no information): the bound is continuous and non-decreasing in I.
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
        // f(lo) = H(L) − log N_C ≤ 0 ≤ target ≤ H(L) = f(1): the root exists also at I = 0, and it is lo only when
        // f(lo) reaches the target (uniform labels at I = 0). f'(lo) = 0, so f(lo) is compared with a rounding margin:
        // near lo, f(a) ≈ (a − lo)²·N_C²/(2(N_C − 1)) and 1e-14 nats move the root by at most ~1e-7
        if (f(lo, classes, labelEntropy) >= target - 1e-14 * Math.max(1.0, labelEntropy)) {
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

    /**
     * The bound for the label distribution {@code counts} (class frequencies, zeros allowed; N_C = counts.length,
     * H(L) from the frequencies in nats).
     */
    public static double bound(double information, long[] counts) {
        if (counts == null || counts.length < 2) {
            throw new IllegalArgumentException("counts: expected the frequencies of at least 2 classes");
        }
        long total = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("counts: negative class count " + c);
            }
            total += c;
        }
        if (total == 0) {
            throw new IllegalArgumentException("counts: all class counts are 0");
        }
        double h = 0.0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / total;
                h -= p * Math.log(p);
            }
        }
        if (h <= 0) {
            throw new IllegalArgumentException("counts: a single class occurs; the label entropy is 0 and every "
                    + "classifier is trivially exact");
        }
        return bound(information, counts.length, Math.min(h, Math.log(counts.length)));
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
