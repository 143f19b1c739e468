package org.latentlab.studies.largelatent;

import org.apache.commons.math3.distribution.MixtureMultivariateNormalDistribution;
import org.apache.commons.math3.distribution.fitting.MultivariateNormalMixtureExpectationMaximization;
import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The five latent sources of SPEC §2(c) 4, built from the aggregate posterior's components (μ_m, log σ²_m),
 * m = 1..M, of M training images: (a) the prior N(0, I); (b) the aggregate posterior, z ~ q(z|x_m) for a uniformly
 * drawn m; (c) the asker's N(μ(x_m), I); (d) the Gaussian fit N(m, S) of posterior samples (ex-post density
 * estimation; S with divisor M − 1, sampled through commons-math's Cholesky factor); (e) a full-covariance Gaussian
 * mixture fitted by commons-math's {@code MultivariateNormalMixtureExpectationMaximization} (its own initialisation,
 * at most 100 EM iterations to a change of the mean log-likelihood below 1e-3 nats, on the first 1 000 posterior
 * samples; when the cap is hit the last iterate is used and the note says so) on the
 * max(2, min(gmmMaxDims, |𝒜|)) coordinates with the largest Var_x μ_j, the
 * other coordinates drawn independently from their Gaussian-fit marginals N(m_j, S_jj). commons-math offers only
 * full covariances, whose EM costs O(K·g²) per point and an eigen-decomposition per component and iteration, which
 * is why the mixture is restricted to the g most-used coordinates (the inactive ones are ≈ N(0, 1) and independent).
 */
public final class LatentSources {
    /** Source names, in table order. */
    public static final String PRIOR = "prior";
    public static final String AGGREGATE = "aggregate-posterior";
    public static final String ASKER = "N(mu(x), I)";
    public static final String GAUSSIAN_FIT = "gaussian-fit";
    public static final String GMM = "gmm";
    public static final String[] ALL = {PRIOR, AGGREGATE, ASKER, GAUSSIAN_FIT, GMM};

    private final double[][] mu;
    private final double[][] logVar;
    private final int[] labels;
    private final double[][] posteriorSamples;
    private final int d;
    private int activeCount = -1;

    /** EM settings of the GMM source: points fitted, iteration cap, tolerance on the mean log-likelihood (nats). */
    static final int GMM_POINTS = 1000;
    static final int GMM_ITERATIONS = 100;
    static final double GMM_TOLERANCE = 1e-3;

    /**
     * @param mu      M × d posterior means of the mixture's training images
     * @param logVar  M × d posterior log-variances
     * @param labels  the M images' digit labels (for class agreement)
     * @param seed    seed of the one posterior sample per component used by the fits
     */
    public LatentSources(double[][] mu, double[][] logVar, int[] labels, long seed) {
        if (mu == null || logVar == null || labels == null || mu.length != logVar.length
                || mu.length != labels.length || mu.length < 2) {
            throw new IllegalArgumentException("LatentSources: mu, logVar and labels must have the same number (>= 2)"
                    + " of rows");
        }
        this.mu = mu;
        this.logVar = logVar;
        this.labels = labels;
        this.d = mu[0].length;
        Random r = new Random(seed);
        posteriorSamples = new double[mu.length][d];
        for (int m = 0; m < mu.length; m++) {
            for (int j = 0; j < d; j++) {
                posteriorSamples[m][j] = mu[m][j] + Math.exp(0.5 * logVar[m][j]) * r.nextGaussian();
            }
        }
    }

    /**
     * Restricts the GMM to max(2, min(gmmMaxDims, count)) coordinates, e.g. count = |𝒜| active units (the
     * remaining coordinates are ≈ N(0, 1) and are drawn from their Gaussian-fit marginals).
     */
    public LatentSources withActiveCount(int count) {
        this.activeCount = count;
        return this;
    }

    /** One sample z ~ q(z|x_m) per component m (M × d): the draws behind the Gaussian and GMM fits. */
    public double[][] posteriorSamples() {
        return posteriorSamples;
    }

    /** Latent draws of one source: n × d row-major floats, with the source images' labels (null if none). */
    public record Draws(String source, float[] z, int n, int[] labels, String note) {}

    /** n draws from source {@code name} (one of {@link #ALL}) with a seeded RNG. */
    public Draws draw(String name, int n, long seed, int gmmComponents, int gmmMaxDims) {
        if (n < 1) {
            throw new IllegalArgumentException("draw: n must be >= 1, got " + n);
        }
        Random r = new Random(seed);
        float[] z = new float[n * d];
        switch (name) {
            case PRIOR -> {
                for (int i = 0; i < z.length; i++) {
                    z[i] = (float) r.nextGaussian();
                }
                return new Draws(name, z, n, null, "");
            }
            case AGGREGATE, ASKER -> {
                int[] lab = new int[n];
                boolean unit = name.equals(ASKER);
                for (int i = 0; i < n; i++) {
                    int m = r.nextInt(mu.length);
                    lab[i] = labels[m];
                    for (int j = 0; j < d; j++) {
                        double sd = unit ? 1.0 : Math.exp(0.5 * logVar[m][j]);
                        z[i * d + j] = (float) (mu[m][j] + sd * r.nextGaussian());
                    }
                }
                return new Draws(name, z, n, lab, "");
            }
            case GAUSSIAN_FIT -> {
                if (mu.length <= d) {
                    return new Draws(name, null, n, null, "needs M > d posterior samples for a full covariance (M = "
                            + mu.length + ", d = " + d + ")");
                }
                double[] mean = columnMeans(posteriorSamples);
                RealMatrix l = new CholeskyDecomposition(MatrixUtils.createRealMatrix(covariance(posteriorSamples,
                        mean)), 1e-12, 1e-14).getL();
                double[] eps = new double[d];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < d; j++) {
                        eps[j] = r.nextGaussian();
                    }
                    double[] x = l.operate(eps);
                    for (int j = 0; j < d; j++) {
                        z[i * d + j] = (float) (mean[j] + x[j]);
                    }
                }
                return new Draws(name, z, n, null, "");
            }
            case GMM -> {
                return gmm(n, r, seed, gmmComponents, gmmMaxDims);
            }
            default -> throw new IllegalArgumentException("source: expected one of " + Arrays.toString(ALL) + ", got '"
                    + name + "'");
        }
    }

    private Draws gmm(int n, Random r, long seed, int components, int maxDims) {
        int g = Math.min(maxDims, d);
        if (activeCount >= 0) {
            g = Math.min(g, Math.max(2, activeCount));
        }
        if (g < 2) {
            return new Draws(GMM, null, n, null, "commons-math's mixture EM needs at least 2 coordinates");
        }
        double[] varMu = columnVariances(mu);
        int[] dims = IntStream.range(0, d).boxed().sorted(Comparator.comparingDouble(j -> -varMu[j])).limit(g)
                .mapToInt(Integer::intValue).sorted().toArray();
        double[][] data = new double[Math.min(posteriorSamples.length, GMM_POINTS)][g];
        for (int m = 0; m < data.length; m++) {
            for (int a = 0; a < g; a++) {
                data[m][a] = posteriorSamples[m][dims[a]];
            }
        }
        double[][] sub;
        String note = g < d ? "mixture on the " + g + " highest-variance coordinates of " + d : "";
        MultivariateNormalMixtureExpectationMaximization em;
        try {
            em = new MultivariateNormalMixtureExpectationMaximization(data);
            try {
                em.fit(MultivariateNormalMixtureExpectationMaximization.estimate(data, components), GMM_ITERATIONS,
                        GMM_TOLERANCE);
            } catch (ConvergenceException e) {
                note = (note.isEmpty() ? "" : note + "; ") + "EM stopped after " + GMM_ITERATIONS + " iterations";
            }
            MixtureMultivariateNormalDistribution fitted = em.getFittedModel();
            fitted.reseedRandomGenerator(seed);
            sub = fitted.sample(n);
        } catch (RuntimeException e) {
            return new Draws(GMM, null, n, null, "commons-math EM failed: " + e.getMessage());
        }
        double[] mean = columnMeans(posteriorSamples);
        double[] var = columnVariances(posteriorSamples);
        boolean[] inGmm = new boolean[d];
        for (int j : dims) {
            inGmm[j] = true;
        }
        float[] z = new float[n * d];
        for (int i = 0; i < n; i++) {
            int a = 0;
            for (int j = 0; j < d; j++) {
                z[i * d + j] = (float) (inGmm[j] ? sub[i][a++] : mean[j] + Math.sqrt(var[j]) * r.nextGaussian());
            }
        }
        return new Draws(GMM, z, n, null, note);
    }

    static double[] columnMeans(double[][] x) {
        int d = x[0].length;
        double[] m = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                m[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= x.length;
        }
        return m;
    }

    /** Sample variances (divisor N − 1) of the columns. */
    static double[] columnVariances(double[][] x) {
        double[] m = columnMeans(x);
        double[] v = new double[m.length];
        for (double[] row : x) {
            for (int j = 0; j < m.length; j++) {
                double t = row[j] - m[j];
                v[j] += t * t;
            }
        }
        for (int j = 0; j < m.length; j++) {
            v[j] /= x.length - 1;
        }
        return v;
    }

    /** Sample covariance (divisor N − 1) around {@code mean}. */
    static double[][] covariance(double[][] x, double[] mean) {
        int d = mean.length;
        double[][] s = new double[d][d];
        double[] c = new double[d];
        for (double[] row : x) {
            for (int a = 0; a < d; a++) {
                c[a] = row[a] - mean[a];
            }
            for (int a = 0; a < d; a++) {
                double ca = c[a];
                double[] sa = s[a];
                for (int b = 0; b <= a; b++) {
                    sa[b] += ca * c[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                s[a][b] /= x.length - 1;
                s[b][a] = s[a][b];
            }
        }
        return s;
    }
}
