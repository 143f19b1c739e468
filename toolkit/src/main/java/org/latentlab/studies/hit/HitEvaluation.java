package org.latentlab.studies.hit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.latentlab.models.Noise;
import org.latentlab.data.ImageDataset;
import org.latentlab.metrics.AccuracyBound;
import org.latentlab.metrics.InceptionScore;
import org.latentlab.metrics.MutualInformation;
import org.latentlab.metrics.Psnr;
import org.latentlab.metrics.Rates;
import org.latentlab.models.Ghvae;
import org.latentlab.objectives.Elbo;
import org.latentlab.objectives.HitObjective;
import org.latentlab.probes.Features;
import org.latentlab.probes.ProbeConfig;
import org.latentlab.probes.ProbeKind;
import org.latentlab.probes.ProbeResult;
import org.latentlab.probes.Probes;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Test-set evaluation of one GHVAE of the HIT grid (SPEC §3(b)–(c)): rates and distortion (M4), PSNR of the mode
 * reconstruction (M5), inception score of ancestral samples (M6), Î(z; label) (M11), the four probes (M14) and the
 * Meyen bound (M12). Forward passes only (no gradients), in batches of {@value #BATCH}.
 *
 * <p><b>Chains.</b> The <i>mean chain</i> is z2 = μ2(x), then z1 = μ1(z2, x), then x̂ = sigmoid(logits(z1)): it gives
 * the PSNR reconstructions, the probe features (μ2 and μ1; SPEC §3(e): deterministic, unlike HIT's evaluation, which
 * feeds a sampled z2) and the posterior q(z1|μ2(x), x) used for Î(z1; label). Rates and distortion use one sampled
 * z2 and z1 per image, as M4 defines them. Samples for the IS are drawn z2 ~ N(0, I), z1 ~ p(z1|z2), then the
 * Bernoulli mean sigmoid(logits(z1)) (not binarized).
 */
public final class HitEvaluation {
    /** Images per forward batch. */
    public static final int BATCH = 1000;
    /**
     * The probe settings (SPEC §M14 defaults: logistic C = 1, SVM C = 1, k = 5) with every feature z-scored by the
     * fit split's mean and sd. HIT feeds raw features; on raw μ1 (256 dims) the exact logistic fit ran into its
     * 5,000-iteration cap (max |gradient| 2.9) and cost a minute per model, standardised it converges.
     */
    public static final ProbeConfig PROBES = ProbeConfig.defaults().withStandardize(true);
    /**
     * Tribuo's evaluator warns once per class a probe never predicts ("accuracy ill-defined"), which happens on
     * purpose for collapsed latents (high β); quieten that logger (a strong reference keeps the level).
     */
    private static final java.util.logging.Logger TRIBUO_METRICS =
            java.util.logging.Logger.getLogger("org.tribuo.classification.evaluation");

    static {
        TRIBUO_METRICS.setLevel(java.util.logging.Level.SEVERE);
    }

    private HitEvaluation() {}

    /** Test-set posteriors of the mean chain: μ and log σ² of q(z2|x) (N × 20) and of q(z1|μ2(x), x) (N × 256). */
    public record MeanChain(double[][] mu2, double[][] logVar2, double[][] mu1, double[][] logVar1,
                            float[] reconstructions) {}

    /** Rates, distortion and the σ-floor count of one pass with sampled latents. */
    public record RateResult(Rates.TwoLayer rates, long sigmaFloorHits, long sigmaValues) {}

    /**
     * R(z2), R(z1|z2) and the distortion −mean log p(x|z1) on {@code data} (M4), with z2 ~ q(z2|x) and z1 ~
     * q(z1|z2, x) drawn from the thread's {@link Noise} stream seeded with {@code seed}, and how many σ of q(z2|x), q(z1|z2,x) and
     * p(z1|z2) sit at the floor {@link Ghvae#SIGMA_FLOOR} (SPEC §3(e)).
     */
    public static RateResult rates(Ghvae model, ImageDataset data, long seed) {
        check(data);
        int n = data.count();
        double[][] mu2 = new double[n][];
        double[][] lv2 = new double[n][];
        double[][] muQ = new double[n][];
        double[][] lvQ = new double[n][];
        double[][] muP = new double[n][];
        double[][] lvP = new double[n][];
        double[] logLik = new double[n];
        long hits = 0;
        long values = 0;
        Noise.seed(seed);
        for (int from = 0; from < n; from += BATCH) {
            int b = Math.min(BATCH, n - from);
            try (NDManager m = model.manager().newSubManager()) {
                NDArray x = batch(m, data, from, b);
                Ghvae.Gaussian q2 = model.encodeTop(x);
                NDArray z2 = HitObjective.sample(q2);
                Ghvae.Gaussian q1 = model.encodeBottom(x, z2);
                Ghvae.Gaussian p1 = model.priorBottom(z2);
                NDArray z1 = HitObjective.sample(q1);
                double[] ll = Elbo.bernoulliNll(x, model.decodeLogits(z1)).neg().toType(DataType.FLOAT64, false)
                        .toDoubleArray();
                System.arraycopy(ll, 0, logLik, from, b);
                hits += fill(q2, mu2, lv2, from, b);
                hits += fill(q1, muQ, lvQ, from, b);
                hits += fill(p1, muP, lvP, from, b);
                values += q2.mu().size() + q1.mu().size() + p1.mu().size();
            }
        }
        return new RateResult(Rates.twoLayer(mu2, lv2, muQ, lvQ, muP, lvP, logLik), hits, values);
    }

    /** The mean chain on {@code data} (posterior statistics, reconstructions). */
    public static MeanChain meanChain(Ghvae model, ImageDataset data) {
        check(data);
        int n = data.count();
        double[][] mu2 = new double[n][];
        double[][] lv2 = new double[n][];
        double[][] mu1 = new double[n][];
        double[][] lv1 = new double[n][];
        float[] rec = new float[n * data.dim()];
        for (int from = 0; from < n; from += BATCH) {
            int b = Math.min(BATCH, n - from);
            try (NDManager m = model.manager().newSubManager()) {
                NDArray x = batch(m, data, from, b);
                Ghvae.Gaussian q2 = model.encodeTop(x);
                Ghvae.Gaussian q1 = model.encodeBottom(x, q2.mu());
                float[] r = Activation.sigmoid(model.decodeLogits(q1.mu())).toFloatArray();
                System.arraycopy(r, 0, rec, from * data.dim(), r.length);
                fill(q2, mu2, lv2, from, b);
                fill(q1, mu1, lv1, from, b);
            }
        }
        return new MeanChain(mu2, lv2, mu1, lv1, rec);
    }

    /**
     * {@code n} ancestral samples as Bernoulli means, row-major n × 784: z2 ~ N(0, I), z1 ~ p(z1|z2),
     * x = sigmoid(logits(z1)), from the thread's {@link Noise} stream seeded with {@code seed}.
     */
    public static float[] samples(Ghvae model, int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("samples: n must be >= 1, got " + n);
        }
        Noise.seed(seed);
        int dim = model.inputDim();
        float[] out = new float[n * dim];
        for (int from = 0; from < n; from += BATCH) {
            int b = Math.min(BATCH, n - from);
            try (NDManager m = model.manager().newSubManager()) {
                NDArray z2 = Noise.normal(m, new Shape(b, model.topLatentDim()));
                NDArray z1 = HitObjective.sample(model.priorBottom(z2));
                float[] x = Activation.sigmoid(model.decodeLogits(z1)).toFloatArray();
                System.arraycopy(x, 0, out, from * dim, x.length);
            }
        }
        return out;
    }

    /** Inception score, diversity and sharpness (M6) of {@code samples} (n × 784) under {@code classifier}. */
    public static InceptionScore.Result inceptionScore(float[] samples, int n, int splits,
                                                       BiFunction<float[], Integer, double[]> classifier) {
        double[] p = classifier.apply(samples, n);
        if (p == null || p.length % n != 0 || p.length / n < 2) {
            throw new IllegalArgumentException("classifier returned " + (p == null ? "null" : p.length)
                    + " probabilities for " + n + " images; expected n × classes");
        }
        int c = p.length / n;
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = Arrays.copyOfRange(p, i * c, (i + 1) * c);
        }
        return InceptionScore.of(rows, splits);
    }

    /**
     * Accuracies of the four probes (M14, {@link ProbeKind} order) on the feature rows {@code x} (N × d) with
     * labels: a random permutation from {@link HitConfig#PROBE_SPLIT_SEED}, the first 80 % to fit, the last 20 % to
     * evaluate (HIT's split).
     */
    public static double[] probeAccuracies(double[][] x, int[] labels, String name, ProbeConfig config) {
        int n = x.length;
        if (labels.length != n || n < 10) {
            throw new IllegalArgumentException("probes on '" + name + "': need >= 10 rows and one label per row, got "
                    + n + " rows and " + labels.length + " labels");
        }
        int[] perm = permutation(n, HitConfig.PROBE_SPLIT_SEED);
        int nTrain = (int) Math.round(0.8 * n);
        Features train = features(name, x, labels, Arrays.copyOfRange(perm, 0, nTrain));
        Features test = features(name, x, labels, Arrays.copyOfRange(perm, nTrain, n));
        List<ProbeResult> r = new Probes(config).fitAll(List.of(ProbeKind.values()), train, test);
        double[] acc = new double[r.size()];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = r.get(i).accuracy();
        }
        return acc;
    }

    /**
     * Evaluates {@code model} on {@code test} (already fixed-binarized) with the sizes of {@code cfg}: rates on all
     * of {@code test}, PSNR on all of it, Î and probes on its first {@code miImages} / {@code probeImages} images, IS on
     * {@code isSamples} samples. {@code classifier} maps n images (n × 784) to n × 10 class probabilities.
     */
    public static HitResult evaluate(Ghvae model, double beta1, double beta2, HitConfig cfg, ImageDataset test,
                                     BiFunction<float[], Integer, double[]> classifier, long seed,
                                     double finalTestLoss, double trainSeconds) {
        long t0 = System.nanoTime();
        check(test);
        RateResult rr = rates(model, test, seed);
        MeanChain mc = meanChain(model, test);
        double psnr = Psnr.of(mc.reconstructions(), test.pixels());
        InceptionScore.Result is = inceptionScore(samples(model, cfg.isSamples(), seed + 1), cfg.isSamples(),
                cfg.isSplits(), classifier);
        int[] labels = test.labels();
        int nm = cfg.miImages();
        int[] miLabels = Arrays.copyOf(labels, nm);
        MutualInformation.Result mi2 = MutualInformation.estimate(head(mc.mu2(), nm), head(mc.logVar2(), nm),
                miLabels, seed + 2);
        MutualInformation.Result mi1 = MutualInformation.estimate(head(mc.mu1(), nm), head(mc.logVar1(), nm),
                miLabels, seed + 3);
        int np = cfg.probeImages();
        int[] probeLabels = Arrays.copyOf(labels, np);
        ProbeConfig pc = PROBES;
        double[] acc2 = probeAccuracies(head(mc.mu2(), np), probeLabels, "mu2", pc);
        double[] acc1 = probeAccuracies(head(mc.mu1(), np), probeLabels, "mu1", pc);
        Rates.TwoLayer r = rr.rates();
        double secs = (System.nanoTime() - t0) / 1e9;
        HitResult out = new HitResult(beta1, beta2, r.rateZ2(), r.rateZ1GivenZ2(), r.distortion(), psnr, is.meanIs(),
                is.sdIs(), is.meanDiversity(), is.meanSharpness(), mi2.mi(), mi1.mi(), mi2.labelEntropy(), acc2, acc1,
                rr.sigmaFloorHits(), rr.sigmaValues(), finalTestLoss, trainSeconds, secs);
        requireFinite(out);
        return out;
    }

    /** The Meyen bound f⁻¹(min(Î, H)) (M12) for 10 classes at the result's label entropy. */
    public static double bound(double information, double labelEntropy) {
        return AccuracyBound.bound(Math.max(0, information), 10, Math.min(labelEntropy, Math.log(10)));
    }

    /** Refuses a result with a NaN or infinite number (a NaN is never passed on silently). */
    static void requireFinite(HitResult r) {
        double[] v = {r.rateZ2(), r.rateZ1GivenZ2(), r.distortion(), r.psnr(), r.is(), r.diversity(), r.sharpness(),
                r.miZ2(), r.miZ1(), r.labelEntropy()};
        String[] names = {"R(z2)", "R(z1|z2)", "distortion", "PSNR", "IS", "diversity", "sharpness", "I(z2;l)",
                "I(z1;l)", "H(l)"};
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalStateException("model " + r.id() + ": " + names[i] + " is " + v[i]
                        + " (non-finite); the model is broken, not evaluated");
            }
        }
    }

    private static void check(ImageDataset data) {
        if (data == null || data.dim() != 784 || data.count() < 1) {
            throw new IllegalArgumentException("data must be non-empty 28x28 images (784 values each), got "
                    + (data == null ? "null" : data.count() + " images of " + data.dim() + " values"));
        }
    }

    private static NDArray batch(NDManager m, ImageDataset data, int from, int b) {
        int d = data.dim();
        return m.create(java.nio.FloatBuffer.wrap(data.pixels(), from * d, b * d), new Shape(b, d));
    }

    /** Copies μ and log σ² = 2 log σ of a batch into rows from..from+b; returns how many σ sit at the floor. */
    private static long fill(Ghvae.Gaussian g, double[][] mu, double[][] logVar, int from, int b) {
        float[] mf = g.mu().toFloatArray();
        float[] sf = g.sigma().toFloatArray();
        int d = mf.length / b;
        long hits = 0;
        for (int i = 0; i < b; i++) {
            double[] mr = new double[d];
            double[] lr = new double[d];
            for (int j = 0; j < d; j++) {
                mr[j] = mf[i * d + j];
                float s = sf[i * d + j];
                if (s <= Ghvae.SIGMA_FLOOR) {
                    hits++;
                }
                lr[j] = 2.0 * Math.log(s);
            }
            mu[from + i] = mr;
            logVar[from + i] = lr;
        }
        return hits;
    }

    private static double[][] head(double[][] rows, int n) {
        return Arrays.copyOf(rows, n);
    }

    private static Features features(String name, double[][] x, int[] labels, int[] idx) {
        int d = x[0].length;
        double[] v = new double[idx.length * d];
        int[] l = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(x[idx[i]], 0, v, i * d, d);
            l[i] = labels[idx[i]];
        }
        return new Features(name, idx.length, d, v, l);
    }

    /** A Fisher–Yates permutation of 0..n−1 from a SplittableRandom seeded with {@code seed} (the C2ST's). */
    static int[] permutation(int n, long seed) {
        return org.latentlab.metrics.ClassifierTwoSampleTest.permutation(n, seed);
    }
}
