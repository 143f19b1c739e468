package org.latentlab.metrics;

/** Special functions needed by the estimators: log Γ, the regularized lower incomplete gamma, χ² quantiles. */
public final class Special {
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
            771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
            9.9843695780195716e-6, 1.5056327351493116e-7};

    private Special() {}

    /** log Γ(x) for x &gt; 0 (Lanczos, g = 7; relative error ≈ 1e-15). */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma: x must be > 0, got " + x);
        }
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        x -= 1;
        double a = LANCZOS[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += LANCZOS[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** Regularized lower incomplete gamma P(s, x) (series for x &lt; s + 1, continued fraction otherwise). */
    public static double regularizedGammaP(double s, double x) {
        if (x <= 0) {
            return 0.0;
        }
        double lg = logGamma(s);
        if (x < s + 1) {
            double sum = 1.0 / s;
            double term = sum;
            for (int n = 1; n < 10000; n++) {
                term *= x / (s + n);
                sum += term;
                if (Math.abs(term) < Math.abs(sum) * 1e-16) {
                    break;
                }
            }
            return sum * Math.exp(-x + s * Math.log(x) - lg);
        }
        double b = x + 1 - s;
        double c = 1.0 / 1e-300;
        double d = 1.0 / b;
        double h = d;
        for (int i = 1; i < 10000; i++) {
            double an = -i * (i - s);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < 1e-300) {
                d = 1e-300;
            }
            c = b + an / c;
            if (Math.abs(c) < 1e-300) {
                c = 1e-300;
            }
            d = 1.0 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-16) {
                break;
            }
        }
        return 1.0 - Math.exp(-x + s * Math.log(x) - lg) * h;
    }

    /** The p-quantile of the χ² distribution with {@code dof} degrees of freedom (bisection on P(dof/2, x/2)). */
    public static double chiSquareQuantile(double p, int dof) {
        if (!(p > 0 && p < 1) || dof < 1) {
            throw new IllegalArgumentException("chiSquareQuantile: need 0 < p < 1 and dof ≥ 1, got " + p + ", " + dof);
        }
        double lo = 0;
        double hi = Math.max(1.0, dof);
        while (regularizedGammaP(dof / 2.0, hi / 2.0) < p) {
            hi *= 2;
        }
        for (int it = 0; it < 200 && hi - lo > 1e-12 * hi; it++) {
            double mid = 0.5 * (lo + hi);
            if (regularizedGammaP(dof / 2.0, mid / 2.0) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** Mean of the chi distribution with d degrees of freedom: √2·Γ((d+1)/2)/Γ(d/2). */
    public static double chiMean(int d) {
        return Math.sqrt(2.0) * Math.exp(logGamma((d + 1) / 2.0) - logGamma(d / 2.0));
    }

    /** Standard deviation of the chi distribution: √(d − mean²). */
    public static double chiSd(int d) {
        double m = chiMean(d);
        return Math.sqrt(Math.max(0.0, d - m * m));
    }

    /** log Σ exp(v) computed stably; −∞ for an all −∞ input. */
    public static double logSumExp(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        if (m == Double.POSITIVE_INFINITY) {
            return m;
        }
        double s = 0.0;
        for (double x : v) {
            s += Math.exp(x - m);
        }
        return m + Math.log(s);
    }

    /** Arithmetic mean (NaN for no values). */
    static double mean(double[] v) {
        double s = 0.0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation with divisor n − 1 (0 for fewer than two values). */
    static double sampleSd(double[] v) {
        if (v.length < 2) {
            return 0.0;
        }
        double m = mean(v);
        double s = 0.0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
