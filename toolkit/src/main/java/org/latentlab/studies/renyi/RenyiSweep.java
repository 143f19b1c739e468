package org.latentlab.studies.renyi;

import org.latentlab.Progress;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;
import org.latentlab.LatentLab;
import org.latentlab.data.Binarization;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.geometry.Pca;
import org.latentlab.models.MlpVae;
import org.latentlab.objectives.BoundEstimator;
import org.latentlab.objectives.Elbo;
import org.latentlab.objectives.Objective;
import org.latentlab.objectives.RenyiBound;
import org.latentlab.probes.Features;
import org.latentlab.probes.LatentFeatures;
import org.latentlab.probes.ProbeConfig;
import org.latentlab.probes.ProbeKind;
import org.latentlab.probes.ProbeListener;
import org.latentlab.probes.ProbeResult;
import org.latentlab.probes.Probes;
import org.latentlab.sweep.ConfigJson;
import org.latentlab.sweep.InProcessRunner;
import org.latentlab.sweep.RunContext;
import org.latentlab.sweep.RunOutcome;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunStore;
import org.latentlab.sweep.SweepListener;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.TrainResult;
import org.latentlab.training.TrainingListener;
import org.latentlab.training.VaeTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The Rényi-bound sweep of SPEC §4 (E3.1–E3.3): trains an MLP VAE 784-200-200-k (ReLU, Bernoulli decoder,
 * dynamic binarization, Adam) per (k, objective), then measures the PCA spectrum of test posterior means, active
 * units, the VR bound L̂_{α,10}, the IS log-likelihood and logistic probes.
 *
 * <p>The sweep's runs live in a {@link RunStore} (the generic engine of {@code org.latentlab.sweep}, study name
 * {@code renyi}, see {@link RenyiStudy}): per run {@code runs/<id>/checkpoint/} (the trainer resumes an interrupted
 * run exactly from it), {@code model.npz}, {@code probes.json} and the store's {@code result.json}; a re-run reuses
 * finished runs and resumes unfinished ones, whichever runner (this class, {@code sweep renyi} on the command line,
 * Spark) made them. The store refuses another configuration.
 *
 * <p>Features for PCA and probes come from grayscale images (the mean of the dynamic binarization); likelihoods
 * and bounds use one fixed stochastic binarization of the test set (seeded).
 */
public final class RenyiSweep {
    private static final Logger LOG = LoggerFactory.getLogger(RenyiSweep.class);
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues()
            .setStrictness(Strictness.LENIENT).setPrettyPrinting().create();
    /** Hidden layer sizes of encoder (and, mirrored, decoder), SPEC §4(b). */
    public static final int[] HIDDEN = {200, 200};
    /** Burda's active-unit count uses this many training images (SPEC §M9a). */
    public static final int ACTIVE_UNIT_IMAGES = 500;

    private final RenyiSweepConfig config;
    private final Path runDir;
    private final ProbeConfig probeConfig;
    private final Mnist.Split source;
    private final RenyiStudy study;
    private RunStore store;
    private ImageDataset train;
    private ImageDataset test;
    private ImageDataset testBinary;

    public RenyiSweep(RenyiSweepConfig config, Path runDir) {
        this(config, runDir, ProbeConfig.defaults());
    }

    public RenyiSweep(RenyiSweepConfig config, Path runDir, ProbeConfig probeConfig) {
        this(config, runDir, probeConfig, null);
    }

    /**
     * A sweep on given data instead of MNIST (tests, other 28×28 sets); {@code data} null loads MNIST.
     * Subsets of sizes trainSize/testSize are drawn from it as from MNIST.
     */
    public RenyiSweep(RenyiSweepConfig config, Path runDir, ProbeConfig probeConfig, Mnist.Split data) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.runDir = java.util.Objects.requireNonNull(runDir, "runDir").toAbsolutePath();
        this.probeConfig = java.util.Objects.requireNonNull(probeConfig, "probeConfig");
        this.source = data;
        this.study = new RenyiStudy(this);
    }

    public RenyiSweepConfig config() {
        return config;
    }

    public Path runDir() {
        return runDir;
    }

    /** A planned run: latent size and objective label ({@code elbo}, {@code 1}, {@code 0.5}, {@code max}, …). */
    public record Spec(int k, String alphaLabel) {
        /** Directory-safe id, e.g. {@code k30-vr0.5}, {@code k30-vrmax}, {@code k30-elbo}. */
        public String id() {
            return "k" + k + "-" + (alphaLabel.equals("elbo") ? "elbo" : "vr" + alphaLabel);
        }

        /** The training objective with K samples. */
        public Objective objective(int samples) {
            if (alphaLabel.equals("elbo")) {
                return new Elbo(1.0);
            }
            if (alphaLabel.equals("max")) {
                return RenyiBound.vrMax(samples);
            }
            return RenyiBound.of(Double.parseDouble(alphaLabel), samples);
        }

        /** The bound reported as "VR bound" for this run, with K samples (the MC ELBO for {@code elbo}). */
        public RenyiBound reportedBound(int samples) {
            if (alphaLabel.equals("elbo")) {
                return RenyiBound.of(1.0, samples);
            }
            if (alphaLabel.equals("max")) {
                return RenyiBound.vrMax(samples);
            }
            return RenyiBound.of(Double.parseDouble(alphaLabel), samples);
        }
    }

    /** The runs of the grid in order: per k, the analytic ELBO (if enabled) then each α. */
    public List<Spec> plan() {
        return plan(config);
    }

    static List<Spec> plan(RenyiSweepConfig config) {
        List<Spec> out = new ArrayList<>();
        for (int k : config.latentDims()) {
            if (config.analyticElbo()) {
                out.add(new Spec(k, "elbo"));
            }
            for (double a : config.alphas()) {
                out.add(new Spec(k, RenyiBound.formatAlpha(a)));
            }
        }
        return out;
    }

    /** The run store of this sweep (made on first use; refuses a folder made with another configuration). */
    public synchronized RunStore store() {
        if (store == null) {
            store = RunStore.create(runDir, study, ConfigJson.GSON.toJson(new RenyiStudy.Config(config, probeConfig)));
        }
        return store;
    }

    /** The engine's spec of a planned run. */
    public RunSpec runSpec(Spec s) {
        return RenyiStudy.runSpec(s);
    }

    /** Runs (or reuses) every planned run in this JVM, in plan order. */
    public List<RenyiResult> run(SweepListener listener) {
        try {
            return new InProcessRunner().run(store(), listener).stream().map(RenyiSweep::result).toList();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the sweep in " + runDir + " failed: " + e.getMessage(), e);
        }
    }

    /** A run's result as the store holds it. */
    static RenyiResult result(RunOutcome o) {
        RenyiResult r = GSON.fromJson(o.result(), RenyiResult.class);
        if (r == null || r.id() == null) {
            throw new IllegalStateException("the result of run " + o.id() + " is not a Rényi-sweep result");
        }
        return r;
    }

    private Path dirOf(Spec s) {
        return store().runDir(runSpec(s));
    }

    /** The trained model of a finished run (caller closes it). */
    public MlpVae model(Spec s) {
        Path f = dirOf(s).resolve("model.npz");
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("run " + s.id() + " has no model at " + f + "; run the sweep first");
        }
        try {
            return MlpVae.load(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + f, e);
        }
    }

    /** Grayscale training subset used by every run. */
    public synchronized ImageDataset trainData() {
        loadData();
        return train;
    }

    /** Grayscale test subset used for PCA, probes and geometry. */
    public synchronized ImageDataset testData() {
        loadData();
        return test;
    }

    /**
     * The logistic probe on raw pixels (training subset → first probeTestSize test images), cached in
     * {@code pixels.json}: the linear-classifier baseline of Fig. 3.
     */
    public ProbeResult pixelBaseline() {
        Path f = store().dir().resolve("pixels.json");
        if (Files.isRegularFile(f)) {
            return ProbeListener.read(f).get(0);
        }
        ImageDataset te = Datasets.head(testData(), config.probeTestSize());
        ProbeResult r = new Probes(probeConfig).fit(ProbeKind.LOGISTIC, LatentFeatures.pixels(trainData()),
                LatentFeatures.pixels(te));
        ProbeListener.write(f, List.of(r));
        return r;
    }

    /**
     * All four probes (logistic, linear SVM, RBF SVM, kNN) on μ, [μ, σ²], z and pixels for a finished run, with
     * {@code trainCount} training and {@code testCount} test images (small: the SVMs scale quadratically);
     * cached in {@code <id>/probes-all-<train>-<test>.json}. Counts larger than the subsets are clamped to them.
     */
    public List<ProbeResult> allProbes(Spec s, int trainCount, int testCount) {
        if (trainCount < 10 || testCount < 1) {
            throw new IllegalArgumentException("allProbes needs trainCount >= 10 and testCount >= 1, got "
                    + trainCount + ", " + testCount);
        }
        trainCount = Math.min(trainCount, config.trainSize());
        testCount = Math.min(testCount, config.testSize());
        Path f = dirOf(s).resolve("probes-all-" + trainCount + "-" + testCount + ".json");
        if (Files.isRegularFile(f)) {
            return ProbeListener.read(f);
        }
        ImageDataset tr = Datasets.head(trainData(), trainCount);
        ImageDataset te = Datasets.head(testData(), testCount);
        Probes probes = new Probes(probeConfig);
        List<ProbeResult> out = new ArrayList<>();
        try (MlpVae m = model(s)) {
            LatentFeatures a = LatentFeatures.encode(m, tr);
            LatentFeatures b = LatentFeatures.encode(m, te);
            for (String name : List.of(LatentFeatures.MU, LatentFeatures.MU_VAR, LatentFeatures.SAMPLE)) {
                out.addAll(probes.fitAll(List.of(ProbeKind.values()), a.byName(name, config.seed()),
                        b.byName(name, config.seed() + 1)));
            }
        }
        out.addAll(probes.fitAll(List.of(ProbeKind.values()), LatentFeatures.pixels(tr), LatentFeatures.pixels(te)));
        ProbeListener.write(f, out);
        return out;
    }

    /** Carries out one run in its store folder (called by {@link RenyiStudy#run} with the run's lease held). */
    RenyiResult runOne(Spec s, RunContext ctx) {
        loadData();
        Path dir = ctx.runDir();
        long runSeed = config.seed() * 1_000_003L + s.k() * 101L + s.id().hashCode();
        Path modelFile = dir.resolve("model.npz");
        double trainSeconds = 0;
        List<org.latentlab.training.EpochRecord> history = List.of();
        int[] probeEpochs = s.alphaLabel().equals("elbo") ? config.probeEpochs() : new int[]{config.epochs()};
        ProbeListener probes = new ProbeListener(
                Arrays.stream(probeEpochs).boxed().collect(java.util.stream.Collectors.toSet()), train,
                Datasets.head(test, config.probeTestSize()),
                List.of(LatentFeatures.MU, LatentFeatures.MU_VAR, LatentFeatures.SAMPLE), List.of(ProbeKind.LOGISTIC),
                new Probes(probeConfig), runSeed, dir.resolve("probes.json"));
        MlpVae model;
        if (Files.isRegularFile(modelFile) && Files.isRegularFile(dir.resolve("probes.json"))) {
            model = model(s);
        } else {
            model = MlpVae.create(784, HIDDEN, s.k(), runSeed);
            TrainConfig tc = new TrainConfig(config.epochs(), config.batchSize(), config.learningRate(), runSeed,
                    Binarization.DYNAMIC, dir.resolve("checkpoint"));
            List<TrainingListener> ls = new ArrayList<>();
            ls.add(probes);
            TrainingListener progress = ctx.training(config.epochs());
            if (progress != null) {
                ls.add(progress);
            }
            long t0 = System.nanoTime();
            TrainResult tr = new VaeTrainer(tc).train(model, s.objective(config.trainSamples()), train,
                    Datasets.head(testBinary, Math.min(2_000, test.count())), ls.toArray(new TrainingListener[0]));
            trainSeconds = (System.nanoTime() - t0) / 1e9;
            history = tr.history();
            try {
                model.save(modelFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save " + modelFile, e);
            }
        }
        try (model) {
            ctx.stage("PCA and active units");
            LatentFeatures feats = LatentFeatures.encode(model, test);
            Pca.Spectrum spec = Pca.spectrum(rows(feats.meanMatrix(), feats.count(), s.k()));
            int active = activeUnits(model, Datasets.head(train, Math.min(ACTIVE_UNIT_IMAGES, train.count())));
            ctx.stage("VR bound K=" + config.vrSamples());
            BoundEstimator est = BoundEstimator.defaults();
            Progress progress = ctx.progress();
            double[] vr = est.evaluate(model, testBinary, s.reportedBound(config.vrSamples()), runSeed + 7, progress);
            ctx.stage("IS log-likelihood K=" + config.isSamples());
            double[] is = est.logLikelihood(model, Datasets.head(testBinary, config.isImages()), config.isSamples(),
                    runSeed + 11, progress);
            RenyiResult r = new RenyiResult(s.id(), s.k(), s.objective(config.trainSamples()).name(),
                    s.alphaLabel(), spec.eigenvalues(), spec.countAbove(), active, mean(vr), se(vr), mean(is), se(is),
                    trainSeconds, history, probes.results());
            LOG.info("{}: active {} / units {}, VR {} , IS {}", s.id(), r.activeComponents(), r.activeUnits(),
                    r.vrBound(), r.isLogLikelihood());
            return r;
        }
    }

    /** Burda et al.'s active units: Var_x(μ_j(x)) &gt; 0.01 over the given images (SPEC §M9a). */
    public static int activeUnits(org.latentlab.models.Vae model, ImageDataset images) {
        LatentFeatures f = LatentFeatures.encode(model, images);
        double[] mu = f.meanMatrix();
        int n = f.count();
        int k = f.latentDim();
        int count = 0;
        for (int j = 0; j < k; j++) {
            double s = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                double v = mu[i * k + j];
                s += v;
                s2 += v * v;
            }
            double var = (s2 - s * s / n) / (n - 1);
            if (var > 0.01) {
                count++;
            }
        }
        return count;
    }

    static double[][] rows(double[] flat, int n, int k) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = Arrays.copyOfRange(flat, i * k, (i + 1) * k);
        }
        return out;
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    static double se(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        double m = mean(v);
        double ss = Arrays.stream(v).map(x -> (x - m) * (x - m)).sum();
        return Math.sqrt(ss / (v.length - 1) / v.length);
    }

    private synchronized void loadData() {
        if (train != null) {
            return;
        }
        LatentLab.init();
        Mnist.Split split = source != null ? source : Mnist.load(Mnist.Variant.MNIST);
        if (split.train().count() < config.trainSize() || split.test().count() < config.testSize()) {
            throw new IllegalArgumentException("data has " + split.train().count() + " training and "
                    + split.test().count() + " test images; the sweep needs " + config.trainSize() + " and "
                    + config.testSize());
        }
        train = config.trainSize() == split.train().count() ? split.train()
                : Datasets.subset(split.train(), config.trainSize(), config.seed());
        test = config.testSize() == split.test().count() ? split.test()
                : Datasets.subset(split.test(), config.testSize(), config.seed() + 1);
        testBinary = Datasets.binarizeStochastic(test, config.seed() + 2);
    }

    static int[] range(int n) {
        return IntStream.range(0, n).toArray();
    }
}
