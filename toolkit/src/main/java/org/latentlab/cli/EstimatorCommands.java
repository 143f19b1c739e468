package org.latentlab.cli;

import org.latentlab.geometry.FisherRao;
import org.latentlab.metrics.AccuracyBound;
import org.latentlab.metrics.ClassifierTwoSampleTest;
import org.latentlab.metrics.ActiveUnits;
import org.latentlab.metrics.Gaussians;
import org.latentlab.metrics.InceptionScore;
import org.latentlab.metrics.LikelihoodBounds;
import org.latentlab.metrics.MutualInformation;
import org.latentlab.metrics.Psnr;
import org.latentlab.metrics.Rates;
import org.latentlab.metrics.UpperHull;
import org.latentlab.probes.Features;
import org.latentlab.probes.ProbeConfig;
import org.latentlab.probes.ProbeKind;
import org.latentlab.probes.Probes;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.latentlab.cli.MetricsCommand.print;

/**
 * The estimators of SPEC §M4–§M14 on {@code .npy} files, one subcommand each ({@code latentlab metrics is|psnr|mi|
 * bound|hull|fr|kl|rates|au|vr|probe|c2st}; c2st is SPEC §2(c)/3(iv)), each printing one JSON object on stdout;
 * bad input is one line on stderr naming the file, exit 2. Every {@code --help} states the units and the source
 * equation.
 */
final class EstimatorCommands {
    private EstimatorCommands() {}

    private static Map<String, Object> json() {
        return new LinkedHashMap<>();
    }

    /** {@code metrics is P.npy}: Inception score per split. */
    @Command(name = "is", mixinStandardHelpOptions = true,
            description = {"Inception score of class probabilities, split as Barratt & Sharma (SPEC M6):",
                    "IS = exp(mean_i KL(p(y|x_i) || p^(y))) per split, p^(y) = the split's mean row; also",
                    "diversity exp(H(p^)) and sharpness exp(-mean_i H(p(y|x_i))) (IS = diversity x sharpness).",
                    "Dimensionless (exponentials of nats). P: N x C, rows >= 0 summing to 1 (within 1e-4)."})
    static final class IsCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "N x C class probabilities .npy") Path file;
        @Option(names = "--splits", description = "consecutive splits S (default ${DEFAULT-VALUE})") int splits = 5;

        @Override
        public Integer call() throws Exception {
            InceptionScore.Result r = InceptionScore.of(Inputs.matrix(file), splits);
            Map<String, Object> out = json();
            out.put("is_mean", r.meanIs());
            out.put("is_sd", r.sdIs());
            out.put("is", r.is());
            out.put("diversity", r.diversity());
            out.put("sharpness", r.sharpness());
            out.put("splits", splits);
            out.put("file", file.toString());
            print(out);
            return 0;
        }
    }

    /** {@code metrics psnr REC.npy TARGET.npy}. */
    @Command(name = "psnr", mixinStandardHelpOptions = true,
            description = {"Peak signal-to-noise ratio, torchmetrics defaults as in HIT (SPEC M5):",
                    "PSNR = 10 log10(range^2 / MSE), MSE pooled over all pixels of all images,",
                    "range = max(target) - min(target). Units: dB; identical images give Infinity."})
    static final class PsnrCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "N x P reconstructions .npy") Path reconstruction;
        @Parameters(index = "1", description = "N x P targets .npy") Path target;

        @Override
        public Integer call() throws Exception {
            double[][] r = Inputs.matrix(reconstruction);
            double[][] t = Inputs.matrix(target);
            Inputs.sameShape(reconstruction, r, target, t);
            double v;
            try {
                v = Psnr.of(r, t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(target + ": " + e.getMessage(), e);
            }
            Map<String, Object> out = json();
            out.put("psnr_db", v);
            out.put("reconstruction", reconstruction.toString());
            out.put("target", target.toString());
            print(out);
            return 0;
        }
    }

    /** {@code metrics mi MU LOGVAR LABELS}. */
    @Command(name = "mi", mixinStandardHelpOptions = true,
            description = {"Monte Carlo mutual information I_q(z; label) of diagonal Gaussian posteriors (HIT",
                    "MI_given_dist_q_by_mc; SPEC M11): one z_n ~ q(z|x_n) per example,",
                    "I = mean_n [a_{l_n}(z_n) - LSE_c a_c(z_n) - log(N_{l_n}/N)], a_c(z) = LSE_{m in c} log q(z|x_m).",
                    "Units: nats. --draws gives the z_n (N x d) instead of drawing them with --seed."})
    static final class MiCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "N x d posterior means .npy") Path mu;
        @Parameters(index = "1", description = "N x d posterior log-variances .npy") Path logVar;
        @Parameters(index = "2", description = "N labels .npy (integers >= 0)") Path labels;
        @Option(names = "--seed", description = "seed of the draws (default ${DEFAULT-VALUE})") long seed = 0;
        @Option(names = "--draws", description = "N x d posterior draws .npy (replaces --seed)") Path draws;

        @Override
        public Integer call() throws Exception {
            double[][] m = Inputs.matrix(mu);
            double[][] lv = Inputs.matrix(logVar);
            Inputs.sameShape(mu, m, logVar, lv);
            int[] y = Inputs.labels(labels);
            Inputs.rows(labels, y.length, m.length, "labels");
            MutualInformation.Result r;
            if (draws != null) {
                double[][] z = Inputs.matrix(draws);
                Inputs.sameShape(mu, m, draws, z);
                r = MutualInformation.estimate(m, lv, y, z);
            } else {
                r = MutualInformation.estimate(m, lv, y, seed);
            }
            Map<String, Object> out = json();
            out.put("mi_nats", r.mi());
            out.put("label_entropy_nats", r.labelEntropy());
            out.put("n", r.n());
            out.put("classes", r.classes());
            out.put("seed", draws != null ? null : seed);
            out.put("draws", draws == null ? null : draws.toString());
            print(out);
            return 0;
        }
    }

    /** {@code metrics bound --information I (--classes C [--entropy H] | --labels L.npy)}. */
    @Command(name = "bound", mixinStandardHelpOptions = true,
            description = {"Meyen accuracy bound (Xiao & Bamler 2023, Eq. 10-11; SPEC M12): accuracy <=",
                    "f^-1(min(I, H(L))) with f(a) = H(L) - H_b(a) - (1 - a) log(N_C - 1), the root on [1/N_C, 1]",
                    "(Fano). Inputs in nats; output an accuracy in [0, 1]. H(L) from --entropy, from the",
                    "labels' frequencies (--labels), or log N_C (uniform)."})
    static final class BoundCommand implements Callable<Integer> {
        @Option(names = "--information", required = true, description = "I(z; L) in nats (>= 0)") double information;
        @ArgGroup(multiplicity = "1") Source source;

        static final class Source {
            @Option(names = "--classes", description = "number of classes N_C (>= 2)") Integer classes;
            @Option(names = "--labels", description = "1-D .npy of labels: N_C = the distinct labels, H(L) from their frequencies")
            Path labels;
        }

        @Option(names = "--entropy", description = "label entropy H(L) in nats (with --classes; default log N_C)")
        Double entropy;

        @Override
        public Integer call() throws Exception {
            double bound;
            int classes;
            double h;
            if (source.labels != null) {
                if (entropy != null) {
                    throw new IllegalArgumentException("--entropy: not with --labels (the labels give H(L))");
                }
                int[] y = Inputs.labels(source.labels);
                // N_C = the distinct labels that occur (1-based labels 1…10 are 10 classes, not 11; a label 2·10⁹
                // is one class, not 2·10⁹ counters)
                int[] distinct = java.util.Arrays.stream(y).distinct().sorted().toArray();
                long[] counts = new long[Math.max(distinct.length, 2)];
                for (int v : y) {
                    counts[java.util.Arrays.binarySearch(distinct, v)]++;
                }
                try {
                    bound = AccuracyBound.bound(information, counts);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source.labels + ": " + e.getMessage(), e);
                }
                classes = counts.length;
                h = entropyOf(counts);
            } else {
                classes = source.classes;
                h = entropy == null ? Math.log(Math.max(classes, 2)) : entropy;
                bound = AccuracyBound.bound(information, classes, h);
            }
            Map<String, Object> out = json();
            out.put("accuracy_bound", bound);
            out.put("information_nats", information);
            out.put("classes", classes);
            out.put("label_entropy_nats", h);
            print(out);
            return 0;
        }

        private static double entropyOf(long[] counts) {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            double h = 0;
            for (long c : counts) {
                if (c > 0) {
                    h -= (double) c / total * Math.log((double) c / total);
                }
            }
            return h;
        }
    }

    /** {@code metrics hull RATE.npy METRIC.npy}. */
    @Command(name = "hull", mixinStandardHelpOptions = true,
            description = {"Upper-convex-hull model selection (Xiao & Bamler 2023 sec. 5.3; SPEC M13): the models on",
                    "the upper convex hull of (rate, metric), higher metric better (Andrew's monotone chain,",
                    "collinear points dropped); --variant hit mimics HIT's qhull code (NaN metrics take the previous",
                    "entry). Rates in nats; the metric in its own units. Output: vertex indices sorted by rate."})
    static final class HullCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "1-D .npy of rates") Path rate;
        @Parameters(index = "1", description = "1-D .npy of metrics (same length)") Path metric;
        @Option(names = "--variant", description = "monotone (default) or hit") String variant = "monotone";

        @Override
        public Integer call() throws Exception {
            UpperHull.Variant v = switch (variant.trim().toLowerCase(Locale.ROOT)) {
                case "monotone", "monotone-chain" -> UpperHull.Variant.MONOTONE_CHAIN;
                case "hit", "hit-qhull" -> UpperHull.Variant.HIT_QHULL;
                default -> throw new IllegalArgumentException("--variant: expected monotone or hit, got '" + variant
                        + "'");
            };
            double[] x = Inputs.vector(rate);
            double[] y = Inputs.vectorAllowingNaN(metric);
            Inputs.rows(metric, y.length, x.length, "metrics");
            UpperHull.Result r;
            try {
                r = UpperHull.of(x, y, v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(metric + ": " + e.getMessage(), e);
            }
            Map<String, Object> out = json();
            out.put("vertices", r.vertices());
            out.put("rate", r.x());
            out.put("metric", r.y());
            out.put("variant", v.name().toLowerCase(Locale.ROOT));
            print(out);
            return 0;
        }
    }

    /** {@code metrics fr MU1 SIGMA1 MU2 SIGMA2}. */
    @Command(name = "fr", mixinStandardHelpOptions = true,
            description = {"Fisher-Rao distance between diagonal Gaussians (SPEC M10; Peste, Malago & Sarbu):",
                    "d = sqrt(sum_j d_j^2), d_j = sqrt(2) arccosh(1 + ((mu1-mu2)^2/2 + (s1-s2)^2) / (2 s1 s2)).",
                    "Dimensionless. Files: k values each (one pair of k-dim Gaussians) or N x k, k >= 2 (N pairs,", "row by row); sigma > 0."})
    static final class FrCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "mu1 .npy") Path mu1;
        @Parameters(index = "1", description = "sigma1 .npy") Path sigma1;
        @Parameters(index = "2", description = "mu2 .npy") Path mu2;
        @Parameters(index = "3", description = "sigma2 .npy") Path sigma2;

        @Override
        public Integer call() throws Exception {
            double[][] m1 = Inputs.matrix(mu1);
            double[][] s1 = Inputs.matrix(sigma1);
            double[][] m2 = Inputs.matrix(mu2);
            double[][] s2 = Inputs.matrix(sigma2);
            Inputs.sameShape(mu1, m1, sigma1, s1);
            Inputs.sameShape(mu1, m1, mu2, m2);
            Inputs.sameShape(mu1, m1, sigma2, s2);
            positive(sigma1, s1);
            positive(sigma2, s2);
            boolean onePair = m1[0].length == 1; // a 1-D file is read as k × 1: one pair of k-dim Gaussians
            Map<String, Object> out = json();
            if (onePair) {
                out.put("distance", FisherRao.distance(column(m1), column(s1), column(m2), column(s2)));
            } else {
                double[] d = new double[m1.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = FisherRao.distance(m1[i], s1[i], m2[i], s2[i]);
                }
                out.put("distances", d);
            }
            out.put("mu1", mu1.toString());
            print(out);
            return 0;
        }

        private static void positive(Path file, double[][] s) {
            for (int i = 0; i < s.length; i++) {
                for (int j = 0; j < s[i].length; j++) {
                    if (!(s[i][j] > 0)) {
                        throw new IllegalArgumentException(file + ": standard deviation " + s[i][j] + " at row " + i
                                + ", column " + j + "; expected > 0");
                    }
                }
            }
        }

        private static double[] column(double[][] m) {
            double[] v = new double[m.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = m[i][0];
            }
            return v;
        }
    }

    /** {@code metrics kl MU LOGVAR [--to MU_B LOGVAR_B]}. */
    @Command(name = "kl", mixinStandardHelpOptions = true,
            description = {"KL divergence of diagonal Gaussians (SPEC sec. 0), per example summed over dimensions:",
                    "to N(0, I): KL_j = (mu^2 + sigma^2 - 1 - log sigma^2)/2; with --to-mu/--to-logvar, row by row",
                    "KL_j = log(sigma_b/sigma_a) + (sigma_a^2 + (mu_a - mu_b)^2)/(2 sigma_b^2) - 1/2. Units: nats."})
    static final class KlCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "N x d means .npy") Path mu;
        @Parameters(index = "1", description = "N x d log-variances .npy") Path logVar;
        @Option(names = "--to-mu", description = "N x d means of the second Gaussians") Path muB;
        @Option(names = "--to-logvar", description = "N x d log-variances of the second Gaussians") Path logVarB;

        @Override
        public Integer call() throws Exception {
            double[][] m = Inputs.matrix(mu);
            double[][] lv = Inputs.matrix(logVar);
            Inputs.sameShape(mu, m, logVar, lv);
            if ((muB == null) != (logVarB == null)) {
                throw new IllegalArgumentException("--to-mu and --to-logvar: give both or neither");
            }
            double[][] mb = muB == null ? null : Inputs.matrix(muB);
            double[][] lb = logVarB == null ? null : Inputs.matrix(logVarB);
            if (mb != null) {
                Inputs.sameShape(mu, m, muB, mb);
                Inputs.sameShape(mu, m, logVarB, lb);
            }
            double[] kl = new double[m.length];
            double sum = 0;
            for (int i = 0; i < m.length; i++) {
                for (int j = 0; j < m[i].length; j++) {
                    kl[i] += mb == null ? Gaussians.klToStandard(m[i][j], lv[i][j])
                            : Gaussians.kl(m[i][j], lv[i][j], mb[i][j], lb[i][j]);
                }
                if (!Double.isFinite(kl[i])) {
                    throw new IllegalArgumentException(logVar + ": the KL of row " + i + " overflows (" + kl[i]
                            + "); log-variances this large are not a posterior");
                }
                sum += kl[i];
            }
            Map<String, Object> out = json();
            out.put("kl_nats_mean", sum / m.length);
            out.put("kl_nats", kl);
            out.put("to", mb == null ? "N(0, I)" : muB.toString());
            print(out);
            return 0;
        }
    }

    /** {@code metrics rates MU LOGVAR}. */
    @Command(name = "rates", mixinStandardHelpOptions = true,
            description = {"Rate of a one-latent-layer VAE (SPEC M4): R = mean_n sum_j KL(q(z_j|x_n) || N(0, 1)),",
                    "and its per-dimension profile KL_j = mean_n KL_nj. Units: nats per example."})
    static final class RatesCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "N x k posterior means .npy") Path mu;
        @Parameters(index = "1", description = "N x k posterior log-variances .npy") Path logVar;

        @Override
        public Integer call() throws Exception {
            double[][] m = Inputs.matrix(mu);
            double[][] lv = Inputs.matrix(logVar);
            Inputs.sameShape(mu, m, logVar, lv);
            Rates.SingleLayer r = Rates.singleLayer(m, lv);
            if (!Double.isFinite(r.rate())) {
                throw new IllegalArgumentException(logVar + ": the rate overflows (" + r.rate() + ")");
            }
            Map<String, Object> out = json();
            out.put("rate_nats", r.rate());
            out.put("per_dimension_nats", r.perDimension());
            out.put("n", m.length);
            print(out);
            return 0;
        }
    }

    /** {@code metrics au MU [--threshold T]}. */
    @Command(name = "au", mixinStandardHelpOptions = true,
            description = {"Active units (SPEC M9): (a) Burda et al. 2016, A_j = Var_x(E_q[z_j|x]) > threshold",
                    "(divisor N); (b) Peste et al., eigenvalues of the covariance of the posterior means",
                    "(divisor N - 1) above the threshold. Units: variances of the latent (nats-free), counts."})
    static final class AuCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "N x k posterior means .npy") Path mu;
        @Option(names = "--threshold", description = "threshold (default ${DEFAULT-VALUE})") double threshold = 0.01;

        @Override
        public Integer call() throws Exception {
            double[][] m = Inputs.matrix(mu);
            ActiveUnits.Result r;
            try {
                r = ActiveUnits.of(m, threshold);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(mu + ": " + e.getMessage(), e);
            }
            Map<String, Object> out = json();
            out.put("active_units", r.countBurda());
            out.put("variances", r.variances());
            out.put("pca_count_above", r.countPca());
            out.put("eigenvalues", r.spectrum().eigenvalues());
            out.put("threshold", threshold);
            print(out);
            return 0;
        }
    }

    /** {@code metrics vr LOGW.npy --alpha A}. */
    @Command(name = "vr", mixinStandardHelpOptions = true,
            description = {"Renyi VR-alpha bound from importance log-weights log w_k = log p(x, z_k) - log q(z_k|x)",
                    "(Li & Turner 2016; SPEC M7, M8): L = [LSE_k((1 - alpha) log w_k) - log K] / (1 - alpha);",
                    "alpha = 0 is IWAE, alpha = 1 the MC ELBO (mean log w), alpha = -inf (or 'max') VR-max.",
                    "Units: nats per example. -inf log-weights are zero weights; alpha > 1 with one gives -Infinity.",
                    "bound_nats_sd is left out for one example and when a bound is -Infinity (it is undefined)."})
    static final class VrCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "N x K log-weights .npy (K for one example)") Path file;
        @Option(names = "--alpha", required = true, description = "alpha: a number, -inf or max") String alpha;

        @Override
        public Integer call() throws Exception {
            double a = parseAlpha(alpha);
            double[][] lw = Inputs.logWeights(file);
            LikelihoodBounds.Result r = LikelihoodBounds.renyi(lw, a);
            Map<String, Object> out = json();
            out.put("bound_nats_mean", r.mean());
            // the sd is left out where it is undefined: one example, or a bound of −∞ (it would be NaN)
            out.put("bound_nats_sd", lw.length > 1 && Double.isFinite(r.sd()) ? r.sd() : null);
            out.put("per_example_nats", r.perExample());
            out.put("alpha", Double.isInfinite(a) ? "-inf" : a);
            out.put("k", r.k());
            out.put("n", lw.length);
            print(out);
            return 0;
        }

        static double parseAlpha(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("max") || t.equals("-inf") || t.equals("-infinity")) {
                return Double.NEGATIVE_INFINITY;
            }
            double a;
            try {
                a = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--alpha: expected a number, -inf or max, got '" + s + "'");
            }
            if (!Double.isFinite(a)) {
                throw new IllegalArgumentException("--alpha: expected a finite number, -inf or max, got '" + s + "'");
            }
            return a;
        }
    }

    /** {@code metrics probe XTR YTR XTE YTE}. */
    @Command(name = "probe", mixinStandardHelpOptions = true,
            description = {"A probe classifier fitted on one split and scored on another (SPEC M14, 4(c)):",
                    "logistic (L-BFGS optimum of |W|^2/2 + C sum CE, as scikit-learn's lbfgs), linear-svm",
                    "(LibLinear), rbf-svm (LibSVM, gamma = 1/(n_features Var X)), knn (k = 5, Euclidean).",
                    "Output: accuracy and macro F1 in [0, 1] and the test predictions; ties go to the smallest",
                    "label; a test label absent from training counts as a miss."})
    static final class ProbeCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "N x D training features .npy") Path trainX;
        @Parameters(index = "1", description = "N training labels .npy") Path trainY;
        @Parameters(index = "2", description = "M x D test features .npy") Path testX;
        @Parameters(index = "3", description = "M test labels .npy") Path testY;
        @Option(names = "--kind", description = "logistic (default), linear-svm, rbf-svm or knn") String kind = "logistic";
        @Option(names = "--k", description = "neighbours of the knn probe (default ${DEFAULT-VALUE})") int k = 5;
        @Option(names = "--c", description = "C of the logistic probe and the SVMs (default ${DEFAULT-VALUE})")
        double c = 1.0;
        @Option(names = "--standardize", description = "z-score features with training statistics") boolean standardize;

        @Override
        public Integer call() throws Exception {
            ProbeKind pk = null;
            for (ProbeKind p : ProbeKind.values()) {
                if (p.label().equals(kind.trim().toLowerCase(Locale.ROOT))) {
                    pk = p;
                }
            }
            if (pk == null) {
                throw new IllegalArgumentException("--kind: expected logistic, linear-svm, rbf-svm or knn, got '"
                        + kind + "'");
            }
            if (!(c > 0) || !Double.isFinite(c)) {
                throw new IllegalArgumentException("--c: expected a finite number > 0, got " + c);
            }
            Features train = features(trainX, trainY);
            Features test = features(testX, testY);
            ProbeConfig cfg = ProbeConfig.defaults().withKnnNeighbours(k).withLogisticC(c).withSvmCost(c)
                    .withStandardize(standardize);
            Probes.Predictions p = new Probes(cfg).fitWithPredictions(pk, train, test);
            Map<String, Object> out = json();
            out.put("probe", pk.label());
            out.put("accuracy", p.result().accuracy());
            out.put("macro_f1", p.result().macroF1());
            out.put("train", train.count());
            out.put("test", test.count());
            out.put("predictions", p.predictions());
            print(out);
            return 0;
        }

        private static Features features(Path x, Path y) throws java.io.IOException {
            double[][] m = Inputs.matrix(x);
            int[] labels = Inputs.labels(y);
            Inputs.rows(y, labels.length, m.length, "labels");
            double[] flat = new double[m.length * m[0].length];
            for (int i = 0; i < m.length; i++) {
                System.arraycopy(m[i], 0, flat, i * m[0].length, m[0].length);
            }
            return new Features(x.toString(), m.length, m[0].length, flat, labels);
        }
    }

    /** {@code metrics c2st P.npy Q.npy [--seed S]}. */
    @Command(name = "c2st", mixinStandardHelpOptions = true,
            description = {"Classifier two-sample test (Lopez-Paz & Oquab, ICLR 2017; SPEC 2(c), 3(iv)): pool",
                    "P (label 0) and Q (label 1), shuffle with a seeded Fisher-Yates permutation",
                    "(SplittableRandom(seed)), train on the first floor(n/2) rows and report the held-out accuracy",
                    "of logistic regression (C = 1, scikit-learn's lbfgs optimum) and kNN(5) (Euclidean) on the",
                    "raw features. Accuracies are fractions in [0, 1]; 0.5 = indistinguishable. band = central",
                    "95 %% of Binomial(n_test, 1/2)/n_test; *_rejects = accuracy above the band.",
                    "P: N_P x D, Q: N_Q x D, at least 2 rows each."})
    static final class C2stCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "N_P x D samples of P .npy") Path p;
        @Parameters(index = "1", description = "N_Q x D samples of Q .npy (same D)") Path q;
        @Option(names = "--seed", description = "seed of the permutation (default ${DEFAULT-VALUE})") long seed = 0;

        @Override
        public Integer call() throws Exception {
            double[][] a = Inputs.matrix(p);
            double[][] b = Inputs.matrix(q);
            if (a[0].length != b[0].length) {
                throw new IllegalArgumentException(q + " has " + b[0].length + " columns but " + p + " has "
                        + a[0].length + "; expected the same D");
            }
            Inputs.atLeastRows(p, a.length, 2);
            Inputs.atLeastRows(q, b.length, 2);
            ClassifierTwoSampleTest.Result r = ClassifierTwoSampleTest.test(a, b, seed);
            Map<String, Object> out = json();
            out.put("logistic_accuracy", r.logisticAccuracy());
            out.put("knn_accuracy", r.knnAccuracy());
            out.put("band_low", r.bandLow());
            out.put("band_high", r.bandHigh());
            out.put("logistic_rejects", r.logisticRejects());
            out.put("knn_rejects", r.knnRejects());
            out.put("train", r.trainCount());
            out.put("test", r.testCount());
            out.put("seed", seed);
            out.put("p", p.toString());
            out.put("q", q.toString());
            print(out);
            return 0;
        }
    }
}
