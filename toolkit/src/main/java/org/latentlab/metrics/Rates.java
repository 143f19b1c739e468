package org.latentlab.metrics;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Rates (per-layer KL) of one- and two-latent-layer VAEs with diagonal Gaussian posteriors (SPEC §M4), in nats per
 * example, computed in closed form from (μ, log σ²) arrays of shape N × k.
 */
public final class Rates {
    private Rates() {}

    /** Single layer: R = mean_n Σ_j KL_j and the per-dimension profile KL_j = mean_n KL_nj. */
    public record SingleLayer(double rate, double[] perDimension) {
        public SingleLayer {
            perDimension = perDimension.clone();
        }

        @Override public double[] perDimension() { return perDimension.clone(); }

        /** Columns: dim, kl (nats). */
        public Table toTable() {
            IntColumn d = IntColumn.create("dim");
            DoubleColumn k = DoubleColumn.create("kl_nats");
            for (int j = 0; j < perDimension.length; j++) {
                d.append(j);
                k.append(perDimension[j]);
            }
            return Table.create("rate " + rate + " nats", d, k);
        }
    }

    /**
     * Two layers: R(z2) = mean KL(q(z2|x) ‖ N(0, I)), R(z1|z2) = mean KL(q(z1|z2, x) ‖ p(z1|z2)) with one z2 sample per
     * example, total R, and the distortion D = −mean log p(x|z1) when supplied (NaN otherwise).
     */
    public record TwoLayer(double rateZ2, double rateZ1GivenZ2, double total, double distortion,
                           double[] perDimensionZ2, double[] perDimensionZ1) {
        public TwoLayer {
            perDimensionZ2 = perDimensionZ2.clone();
            perDimensionZ1 = perDimensionZ1.clone();
        }

        @Override public double[] perDimensionZ2() { return perDimensionZ2.clone(); }
        @Override public double[] perDimensionZ1() { return perDimensionZ1.clone(); }

        /** One row per quantity. */
        public Table toTable() {
            return Table.create("two-layer rates (nats)",
                    StringColumn.create("quantity", "R(z2)", "R(z1|z2)", "R total", "distortion"),
                    DoubleColumn.create("nats", rateZ2, rateZ1GivenZ2, total, distortion));
        }
    }

    /** Rate and per-dimension KL of a batch posterior (μ and log σ² NDArrays of shape (N, k)). */
    public static SingleLayer singleLayer(org.latentlab.models.Posterior posterior) {
        if (posterior == null) {
            throw new IllegalArgumentException("posterior must not be null");
        }
        return singleLayer(PointSet.of("mu", posterior.mu()).toRows(), PointSet.of("logVar", posterior.logVar()).toRows());
    }

    /** Rate and per-dimension KL of q(z|x) = N(μ, σ²) against N(0, I). */
    public static SingleLayer singleLayer(double[][] mu, double[][] logVar) {
        Checks.sameShape("mu", mu, "logVar", logVar);
        int n = mu.length;
        int k = mu[0].length;
        double[] per = new double[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                per[j] += Gaussians.klToStandard(mu[i][j], logVar[i][j]);
            }
        }
        double total = 0.0;
        for (int j = 0; j < k; j++) {
            per[j] /= n;
            total += per[j];
        }
        return new SingleLayer(total, per);
    }

    /**
     * Two-layer rates from q(z2|x) = N(mu2, e^{logVar2}), q(z1|z2,x) = N(muQ1, e^{logVarQ1}) and
     * p(z1|z2) = N(muP1, e^{logVarP1}) (the last two evaluated at the same sampled z2 per example), and optionally
     * the per-example log p(x|z1) ({@code null} to skip the distortion).
     */
    public static TwoLayer twoLayer(double[][] mu2, double[][] logVar2, double[][] muQ1, double[][] logVarQ1,
                                    double[][] muP1, double[][] logVarP1, double[] logLikelihood) {
        SingleLayer top = singleLayer(mu2, logVar2);
        Checks.sameShape("muQ1", muQ1, "logVarQ1", logVarQ1);
        Checks.sameShape("muQ1", muQ1, "muP1", muP1);
        Checks.sameShape("muP1", muP1, "logVarP1", logVarP1);
        if (muQ1.length != mu2.length) {
            throw new IllegalArgumentException("z1 arrays have N = " + muQ1.length + " but z2 arrays N = "
                    + mu2.length);
        }
        int n = muQ1.length;
        int k = muQ1[0].length;
        double[] per = new double[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                per[j] += Gaussians.kl(muQ1[i][j], logVarQ1[i][j], muP1[i][j], logVarP1[i][j]);
            }
        }
        double r1 = 0.0;
        for (int j = 0; j < k; j++) {
            per[j] /= n;
            r1 += per[j];
        }
        double distortion = Double.NaN;
        if (logLikelihood != null) {
            if (logLikelihood.length != n) {
                throw new IllegalArgumentException("logLikelihood has " + logLikelihood.length + " entries, expected "
                        + n);
            }
            Checks.vector("logLikelihood", logLikelihood);
            double s = 0.0;
            for (double v : logLikelihood) {
                s += v;
            }
            distortion = -s / n;
        }
        return new TwoLayer(top.rate(), r1, top.rate() + r1, distortion, top.perDimension(), per);
    }
}
