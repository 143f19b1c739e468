package org.latentlab.metrics;

/**
 * Closed forms for diagonal Gaussians parametrised by (μ, log σ²), in nats (SPEC §0): the KL to N(0, I) per dimension,
 * the KL between two diagonal Gaussians per dimension, and the log density.
 */
public final class Gaussians {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private Gaussians() {}

    /** ½(μ² + σ² − 1 − log σ²): KL(N(μ, σ²) ‖ N(0, 1)) of one dimension, nats. */
    public static double klToStandard(double mu, double logVar) {
        return 0.5 * (mu * mu + Math.exp(logVar) - 1.0 - logVar);
    }

    /** KL(N(μa, σa²) ‖ N(μb, σb²)) of one dimension = log(σb/σa) + (σa² + (μa−μb)²)/(2σb²) − ½, nats. */
    public static double kl(double muA, double logVarA, double muB, double logVarB) {
        double dm = muA - muB;
        return 0.5 * (logVarB - logVarA) + (Math.exp(logVarA) + dm * dm) / (2.0 * Math.exp(logVarB)) - 0.5;
    }

    /** log N(z; μ, diag σ²) summed over dimensions, nats. */
    public static double logDensity(double[] z, double[] mu, double[] logVar) {
        double s = 0.0;
        for (int j = 0; j < z.length; j++) {
            double t = z[j] - mu[j];
            s += t * t * Math.exp(-logVar[j]) + logVar[j] + LOG_2PI;
        }
        return -0.5 * s;
    }

    /** log N(z; 0, I), nats. */
    public static double logStandardDensity(double[] z) {
        double s = 0.0;
        for (double v : z) {
            s += v * v + LOG_2PI;
        }
        return -0.5 * s;
    }

    /** log σ² = 2 log σ for encoders that emit σ (HIT's softplus), element-wise; σ must be &gt; 0. */
    public static double[][] logVarFromSigma(double[][] sigma) {
        Checks.matrix("sigma", sigma);
        double[][] out = new double[sigma.length][];
        for (int i = 0; i < sigma.length; i++) {
            out[i] = new double[sigma[i].length];
            for (int j = 0; j < sigma[i].length; j++) {
                if (!(sigma[i][j] > 0)) {
                    throw new IllegalArgumentException("sigma: expected > 0, got " + sigma[i][j] + " at (" + i + ", "
                            + j + ")");
                }
                out[i][j] = 2.0 * Math.log(sigma[i][j]);
            }
        }
        return out;
    }
}
