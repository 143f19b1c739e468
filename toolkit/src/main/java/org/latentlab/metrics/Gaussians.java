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
            // (z − μ)/σ first, then squared: t²·e^{−logVar} is 0·∞ = NaN when σ² under- or overflows
            double t = (z[j] - mu[j]) * Math.exp(-0.5 * logVar[j]);
            s += t * t + logVar[j] + LOG_2PI;
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

    /**
     * The posterior draws the seeded Monte Carlo estimators use: z_n = μ_n + e^{logVar_n/2}·ε_n, one per row, with ε
     * from {@code java.util.Random(seed).nextGaussian()} in row-major order. Hand these (or your own draws) to the
     * estimators' draw-taking overloads to reproduce or replace their randomness. Shape N × d like μ.
     */
    public static double[][] posteriorDraws(double[][] mu, double[][] logVar, long seed) {
        Checks.sameShape("mu", mu, "logVar", logVar);
        java.util.Random rnd = new java.util.Random(seed);
        double[][] z = new double[mu.length][mu[0].length];
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < z[i].length; j++) {
                z[i][j] = mu[i][j] + Math.exp(0.5 * logVar[i][j]) * rnd.nextGaussian();
            }
        }
        return z;
    }

    /**
     * The prior draws z_s ~ N(0, I) the seeded estimators use ({@code java.util.Random(seed).nextGaussian()},
     * row-major): {@code samples} × d.
     */
    public static double[][] priorDraws(int samples, int d, long seed) {
        if (samples < 1 || d < 1) {
            throw new IllegalArgumentException("prior draws: expected samples ≥ 1 and d ≥ 1, got " + samples + ", " + d);
        }
        java.util.Random rnd = new java.util.Random(seed);
        double[][] z = new double[samples][d];
        for (double[] row : z) {
            for (int j = 0; j < d; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return z;
    }

    /** Checks that {@code draws} is a finite matrix with {@code rows} rows (−1: any) of dimension d. */
    static void checkDraws(String name, double[][] draws, int rows, int d) {
        int dz = Checks.matrix(name, draws);
        if (dz != d || (rows >= 0 && draws.length != rows)) {
            throw new IllegalArgumentException(name + ": expected " + (rows >= 0 ? rows : "S") + " × " + d
                    + " draws, got " + draws.length + " × " + dz);
        }
    }
}
