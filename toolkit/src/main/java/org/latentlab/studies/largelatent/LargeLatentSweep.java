package org.latentlab.studies.largelatent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.latentlab.LatentLab;
import org.latentlab.data.Binarization;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.data.Npy;
import org.latentlab.metrics.ActiveUnits;
import org.latentlab.metrics.ClassifierTwoSampleTest;
import org.latentlab.metrics.InceptionScore;
import org.latentlab.metrics.PriorMismatch;
import org.latentlab.metrics.Psnr;
import org.latentlab.metrics.Rates;
import org.latentlab.models.MlpVae;
import org.latentlab.models.MnistClassifier;
import org.latentlab.models.Posterior;
import org.latentlab.objectives.BoundEstimator;
import org.latentlab.objectives.Elbo;
import org.latentlab.objectives.RenyiBound;
import org.latentlab.plots.VaeViews;
import org.latentlab.sweep.ConfigJson;
import org.latentlab.sweep.InProcessRunner;
import org.latentlab.sweep.RunContext;
import org.latentlab.sweep.RunFiles;
import org.latentlab.sweep.RunOutcome;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunState;
import org.latentlab.sweep.RunStore;
import org.latentlab.sweep.SweepListener;
import org.latentlab.training.EpochRecord;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.TrainingListener;
import org.latentlab.training.VaeTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Study 2, E1.1 (SPEC §2(a)): trains the MLP VAE 784-256-(μ, log σ²)d / d-256-784 (Bernoulli, dynamic
 * binarization, log σ² clamped to [−12, 8]) for every arm ({@link Arm}), latent size and seed of a
 * {@link LargeLatentConfig}, then measures it (SPEC §2(c) 1–6, {@link LatentRun}). The runs live in a
 * {@link RunStore} (study {@code largelatent}, see {@link LargeLatentStudy}): per run {@code runs/<id>/} holds a
 * checkpoint while training (an interrupted run resumes), {@code model.npz}, {@code gaps.json} (the per-epoch
 * memorization curve), {@code grid.npy} (the first images of every latent source) and the store's
 * {@code result.json}; a finished run is read back instead of recomputed, whichever runner made it.
 *
 * <p>Data: a seeded subset of the MNIST training images; measurement images are binarized once with a fixed seed
 * (the pixel convention the models were trained on); PSNR compares mode reconstructions with the grayscale images.
 */
public final class LargeLatentSweep {
    private static final Logger LOG = LoggerFactory.getLogger(LargeLatentSweep.class);
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting()
            .create();
    /** Hidden width of the MLP (SPEC §2(a)). */
    public static final int[] HIDDEN = {256};
    /** Images per source kept in grid.npy. */
    public static final int GRID_IMAGES = 10;

    /** Progress callbacks; every method is optional. */
    public interface Listener {
        default void onRunStart(int index, int total, String id, boolean cached) {}

        /** A training listener for a run that trains (null for none). */
        default TrainingListener training(String id, int epochs) {
            return null;
        }

        default void onStage(String id, String stage) {}

        default void onRunEnd(LatentRun r) {}
    }

    /** One planned run. */
    public record Spec(Arm arm, int d, int seed) {
        /** {@code <arm>-d<d>-s<seed>}. */
        public String id() {
            return arm.id() + "-d" + d + "-s" + seed;
        }
    }

    private final LargeLatentConfig config;
    private final Path runDir;
    private final Mnist.Split source;
    private final LargeLatentStudy study = new LargeLatentStudy(this);
    private RunStore store;
    private MnistClassifier classifier;
    private ImageDataset train;
    private ImageDataset test;
    private ImageDataset trainBinary;
    private ImageDataset testBinary;

    /** A sweep on MNIST writing to {@code runDir}. */
    public LargeLatentSweep(LargeLatentConfig config, Path runDir) {
        this(config, runDir, null);
    }

    /** A sweep on the given data (tests use small synthetic splits). */
    public LargeLatentSweep(LargeLatentConfig config, Path runDir, Mnist.Split data) {
        if (config == null || runDir == null) {
            throw new IllegalArgumentException("LargeLatentSweep: config and runDir must not be null");
        }
        this.config = config;
        this.runDir = runDir;
        this.source = data;
        store();
    }

    public LargeLatentConfig config() {
        return config;
    }

    public Path runDir() {
        return runDir;
    }

    /** Every (arm, d, seed) in the order they run: sum arm first, d ascending. */
    public List<Spec> plan() {
        return plan(config);
    }

    static List<Spec> plan(LargeLatentConfig config) {
        List<Spec> out = new ArrayList<>();
        for (Arm a : Arm.values()) {
            for (int d : config.latentDims()) {
                for (int s = 0; s < config.seeds(); s++) {
                    out.add(new Spec(a, d, s));
                }
            }
        }
        return out;
    }

    /** The run store of this sweep (made on first use; refuses a folder made with another configuration). */
    public synchronized RunStore store() {
        if (store == null) {
            store = RunStore.create(runDir, study, ConfigJson.GSON.toJson(config));
        }
        return store;
    }

    /** Trains and measures every planned run in this JVM (finished runs are read back) with the given classifier. */
    public List<LatentRun> run(MnistClassifier classifier, Listener listener) {
        this.classifier = classifier;
        Listener l = listener == null ? new Listener() {} : listener;
        SweepListener bridge = new SweepListener() {
            @Override
            public void onRunStart(int index, int total, RunSpec spec, RunState state) {
                l.onRunStart(index, total, spec.name(), state == RunState.DONE);
            }

            @Override
            public TrainingListener training(RunSpec spec, int epochs) {
                return l.training(spec.name(), epochs);
            }

            @Override
            public void onStage(RunSpec spec, String stage) {
                l.onStage(spec.name(), stage);
            }

            @Override
            public void onRunEnd(int index, int total, RunOutcome o, Map<String, Double> keyResults) {
                l.onRunEnd(GSON.fromJson(o.result(), LatentRun.class));
            }
        };
        try {
            return new InProcessRunner().run(store(), bridge).stream()
                    .map(o -> GSON.fromJson(o.result(), LatentRun.class)).toList();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the sweep in " + runDir + " failed: " + e.getMessage(), e);
        }
    }

    private Path dirOf(Spec s) {
        return store().runDir(LargeLatentStudy.runSpec(s));
    }

    /** The trained model of a finished run (caller closes it). */
    public MlpVae model(Spec s) {
        Path f = dirOf(s).resolve("model.npz");
        try {
            return MlpVae.load(f);
        } catch (IOException e) {
            throw new UncheckedIOException("run " + s.id() + ": cannot load " + f + " (run the sweep first)", e);
        }
    }

    /** The first {@link #GRID_IMAGES} decoded images of every source of a finished run: 5 × (10·784) floats. */
    public float[][] grid(Spec s) {
        Path f = dirOf(s).resolve("grid.npy");
        try {
            float[] all = Npy.read(f).toFloatArray();
            int per = all.length / LatentSources.ALL.length;
            float[][] rows = new float[LatentSources.ALL.length][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Arrays.copyOfRange(all, i * per, (i + 1) * per);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("run " + s.id() + ": cannot read " + f, e);
        }
    }

    /** Grayscale training subset. */
    public synchronized ImageDataset trainData() {
        loadData();
        return train;
    }

    /** Grayscale MNIST test set. */
    public synchronized ImageDataset testData() {
        loadData();
        return test;
    }

    /**
     * IS / Div / Sharp (5 splits) of the first {@code sampleCount} grayscale test images: what real digits score with
     * this classifier (SPEC §H5: ≥ 9 with a ≥ 98 % classifier); cached in {@code reference.json}.
     */
    public LatentRun.SourceQuality realImages(MnistClassifier classifier) {
        Path f = runDir.resolve("reference.json");
        if (Files.isRegularFile(f)) {
            return read(f, LatentRun.SourceQuality.class);
        }
        loadData();
        int n = Math.min(config.sampleCount(), test.count() - test.count() % 5);
        float[] px = Arrays.copyOf(test.pixels(), n * test.dim());
        LatentRun.SourceQuality q = quality("MNIST test images", px, n, Arrays.copyOf(test.labels(), n), classifier,
                "");
        write(f, GSON.toJson(q));
        return q;
    }

    /**
     * Trains and measures one run in its store folder (called by {@link LargeLatentStudy#run} with the run's lease
     * held); {@code classifier} null uses the one given to {@link #run}.
     */
    LatentRun runOne(Spec s, MnistClassifier classifier, RunContext ctx) {
        MnistClassifier clf = classifier != null ? classifier : this.classifier;
        loadData();
        Path dir = ctx.runDir();
        long runSeed = config.seed() * 1_000_003L + s.d() * 7919L + s.seed() * 104_729L + s.arm().ordinal();
        Path modelFile = dir.resolve("model.npz");
        Path gapsFile = dir.resolve("gaps.json");
        double trainSeconds = 0;
        double trainCpu = 0;
        MlpVae model;
        if (Files.isRegularFile(modelFile) && Files.isRegularFile(gapsFile)) {
            model = model(s);
        } else {
            model = MlpVae.create(784, HIDDEN, s.d(), runSeed);
            GapListener gaps = new GapListener(gapsFile, Datasets.head(trainBinary, config.gapImages()),
                    Datasets.head(testBinary, config.gapImages()), config.gapIwaeSamples(), runSeed);
            TrainConfig tc = new TrainConfig(config.epochs(), config.batchSize(), config.learningRate(), runSeed,
                    Binarization.DYNAMIC, dir.resolve("checkpoint"));
            List<TrainingListener> ls = new ArrayList<>(List.of(gaps));
            TrainingListener progress = ctx.training(config.epochs());
            if (progress != null) {
                ls.add(progress);
            }
            long t0 = System.nanoTime();
            double c0 = cpuSeconds();
            new VaeTrainer(tc).train(model, s.arm().objective(784, s.d()), train,
                    Datasets.head(test, Math.min(2_000, test.count())), ls.toArray(new TrainingListener[0]));
            trainSeconds = (System.nanoTime() - t0) / 1e9;
            trainCpu = cpuSeconds() - c0;
            try {
                model.save(modelFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot save " + modelFile, e);
            }
        }
        try (model) {
            return measure(s, model, clf, runSeed, trainSeconds, trainCpu, ctx, dir);
        }
    }

    private LatentRun measure(Spec s, MlpVae model, MnistClassifier classifier, long seed, double trainSeconds,
                              double trainCpu, RunContext ctx, Path dir) {
        String id = s.id();
        int d = s.d();
        ctx.stage("KL profile, active units, norms");
        double[][][] q = encode(model, testBinary, config.evalImages());
        double[][] mu = q[0];
        double[][] lv = q[1];
        Rates.SingleLayer rate = Rates.singleLayer(mu, lv);
        ActiveUnits.Result au = ActiveUnits.of(mu);
        double[] varMu = au.variances();
        int[] active = IntStream.range(0, d).filter(j -> varMu[j] > au.threshold()).toArray();
        double[][] z = sample(mu, lv, new Random(seed + 1));
        double[][] prior = new double[config.evalImages()][d];
        Random pr = new Random(seed + 2);
        for (double[] row : prior) {
            for (int j = 0; j < d; j++) {
                row[j] = pr.nextGaussian();
            }
        }
        PriorMismatch.NormStats nz = PriorMismatch.norms(z);
        PriorMismatch.NormStats nmu = PriorMismatch.norms(mu);
        PriorMismatch.NormStats np = PriorMismatch.norms(prior);
        PriorMismatch.NormStats az = active.length > 0 ? PriorMismatch.norms(z, active) : null;
        PriorMismatch.NormStats ap = active.length > 0 ? PriorMismatch.norms(prior, active) : null;
        LatentRun.Norms norms = new LatentRun.Norms(nz.meanNorm(), nz.sdNorm(), nmu.meanNorm(), nmu.sdNorm(),
                np.meanNorm(), np.sdNorm(), nz.chiMean(), nz.chiSd(), az == null ? Double.NaN : az.meanNorm(),
                az == null ? Double.NaN : az.sdNorm(), ap == null ? Double.NaN : ap.meanNorm(),
                az == null ? Double.NaN : az.chiMean(), az == null ? Double.NaN : az.chiSd());
        double[] v = PriorMismatch.aggregateVariance(mu, lv);

        ctx.stage("aggregate posterior vs prior (M = " + config.mixtureSize() + ")");
        double[][][] mix = encode(model, trainBinary, config.mixtureSize());
        int[] mixLabels = Arrays.copyOf(trainBinary.labels(), config.mixtureSize());
        LatentSources sources = new LatentSources(mix[0], mix[1], mixLabels, seed + 3)
                .withActiveCount(active.length);
        double fitKl = config.mixtureSize() > d ? PriorMismatch.gaussianFitKl(sources.posteriorSamples())
                : Double.NaN;
        PriorMismatch.ElboSurgery surgery = PriorMismatch.elboSurgery(mix[0], mix[1], seed + 4);
        PriorMismatch.Estimate hole = PriorMismatch.holeScore(mix[0], mix[1], config.mismatchDraws(), seed + 5);
        PriorMismatch.Coverage cov = PriorMismatch.coverage(mix[0], mix[1], config.mismatchDraws(), seed + 6);
        double[][] qDraws = new double[config.c2stDraws()][];
        double[][] pDraws = new double[config.c2stDraws()][d];
        Random cr = new Random(seed + 7);
        for (int i = 0; i < qDraws.length; i++) {
            int m = i % config.mixtureSize();
            qDraws[i] = sample(new double[][]{mix[0][m]}, new double[][]{mix[1][m]}, cr)[0];
            for (int j = 0; j < d; j++) {
                pDraws[i][j] = cr.nextGaussian();
            }
        }
        ClassifierTwoSampleTest.Result c2st = ClassifierTwoSampleTest.test(pDraws, qDraws, seed + 8);
        LatentRun.Mismatch mismatch = new LatentRun.Mismatch(config.mixtureSize(), fitKl, surgery.meanKl(),
                surgery.mutualInformation(), surgery.marginalKl(), surgery.cap(), hole.value(), hole.standardError(),
                c2st.logisticAccuracy(), c2st.knnAccuracy(), c2st.bandHigh(), cov.fraction());

        ctx.stage("sample quality of five latent sources (" + config.sampleCount() + " each)");
        List<LatentRun.SourceQuality> quality = new ArrayList<>();
        float[] grid = new float[LatentSources.ALL.length * GRID_IMAGES * 784];
        List<LatentRun.Nearest> nearest = new ArrayList<>();
        for (int i = 0; i < LatentSources.ALL.length; i++) {
            String name = LatentSources.ALL[i];
            LatentSources.Draws dr = sources.draw(name, config.sampleCount(), seed + 10 + i, config.gmmComponents(),
                    config.gmmMaxDims());
            if (dr.z() == null) {
                quality.add(new LatentRun.SourceQuality(name, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, dr.note()));
                Arrays.fill(grid, i * GRID_IMAGES * 784, (i + 1) * GRID_IMAGES * 784, 0f);
                continue;
            }
            float[] px = VaeViews.decode(model, dr.z(), dr.n());
            System.arraycopy(px, 0, grid, i * GRID_IMAGES * 784, GRID_IMAGES * 784);
            quality.add(quality(name, px, dr.n(), dr.labels(), classifier, dr.note()));
            if (name.equals(LatentSources.PRIOR) || name.equals(LatentSources.AGGREGATE)) {
                nearest.add(nearest(name, px, Math.min(config.nearestDraws(), dr.n())));
            }
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".grid", ".npy");
            Npy.write(tmp, grid, LatentSources.ALL.length, GRID_IMAGES * 784L);
            Files.move(tmp, dir.resolve("grid.npy"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve("grid.npy"), e);
        }

        ctx.stage("reconstruction, ELBO and IWAE (K = " + config.iwaeSamples() + ")");
        LatentRun.Reconstruction recon = reconstruction(model, mu, seed + 20);
        List<LatentRun.GapPoint> gaps = readGaps(dir.resolve("gaps.json"));
        return new LatentRun(id, s.arm().id(), d, s.seed(), s.arm().beta(784, d), trainSeconds, trainCpu,
                rate.perDimension(), rate.rate(), au.countBurda(), au.countPca(), active, norms, v, mismatch, quality,
                recon, gaps, nearest);
    }

    private LatentRun.Reconstruction reconstruction(MlpVae model, double[][] mu, long seed) {
        int n = mu.length;
        int dim = testBinary.dim();
        float[] zf = new float[n * model.latentDim()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < model.latentDim(); j++) {
                zf[i * model.latentDim() + j] = (float) mu[i][j];
            }
        }
        double bce;
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = m.create(Arrays.copyOf(testBinary.pixels(), n * dim), new Shape(n, dim));
            NDArray logits = model.decodeLogits(m.create(zf, new Shape(n, model.latentDim())));
            bce = Elbo.bernoulliNll(x, logits).mean().getFloat();
        }
        float[] recon = VaeViews.decode(model, zf, n);
        double psnr = Psnr.of(recon, Arrays.copyOf(test.pixels(), n * dim));
        BoundEstimator est = BoundEstimator.defaults();
        double elbo = mean(est.evaluate(model, Datasets.head(testBinary, n), RenyiBound.of(1.0, 1), seed));
        double testIwae = mean(est.logLikelihood(model, Datasets.head(testBinary, config.iwaeImages()),
                config.iwaeSamples(), seed + 1));
        double trainIwae = mean(est.logLikelihood(model, Datasets.head(trainBinary, config.iwaeImages()),
                config.iwaeSamples(), seed + 2));
        return new LatentRun.Reconstruction(bce, elbo, testIwae, trainIwae, psnr);
    }

    /** IS/Div/Sharp, mean max-softmax, share &gt; 0.9 and label agreement of n decoded images. */
    static LatentRun.SourceQuality quality(String name, float[] px, int n, int[] labels, MnistClassifier classifier,
                                           String note) {
        double[] flat = classifier.probabilities(px, n);
        double[][] p = new double[n][10];
        double maxSum = 0;
        int confident = 0;
        int agree = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 0; c < 10; c++) {
                p[i][c] = flat[i * 10 + c];
                if (p[i][c] > p[i][best]) {
                    best = c;
                }
            }
            maxSum += p[i][best];
            confident += p[i][best] > 0.9 ? 1 : 0;
            agree += labels != null && labels[i] == best ? 1 : 0;
        }
        InceptionScore.Result is = InceptionScore.of(p, 5);
        return new LatentRun.SourceQuality(name, is.meanIs(), is.sdIs(), is.meanDiversity(), is.meanSharpness(),
                maxSum / n, (double) confident / n, labels == null ? Double.NaN : (double) agree / n, note);
    }

    /** Nearest and second-nearest grayscale training image (pixel L2) of the first n images of px. */
    private LatentRun.Nearest nearest(String name, float[] px, int n) {
        int dim = train.dim();
        float[] t = train.pixels();
        double[] dist = new double[n];
        double[] ratio = new double[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            double b1 = Double.POSITIVE_INFINITY;
            double b2 = Double.POSITIVE_INFINITY;
            for (int m = 0; m < train.count(); m++) {
                double s = 0;
                int o = m * dim;
                for (int k = 0; k < dim; k++) {
                    double u = px[i * dim + k] - t[o + k];
                    s += u * u;
                }
                if (s < b1) {
                    b2 = b1;
                    b1 = s;
                } else if (s < b2) {
                    b2 = s;
                }
            }
            dist[i] = Math.sqrt(b1);
            ratio[i] = b2 > 0 ? Math.sqrt(b1 / b2) : 1.0;
        });
        return new LatentRun.Nearest(name, mean(dist), mean(ratio));
    }

    /** μ and log σ² (double) of the first n images of data, chunk by chunk. */
    static double[][][] encode(MlpVae model, ImageDataset data, int n) {
        int dim = data.dim();
        int k = model.latentDim();
        double[][] mu = new double[n][];
        double[][] lv = new double[n][];
        for (int from = 0; from < n; from += 1000) {
            int c = Math.min(1000, n - from);
            try (NDManager m = model.manager().newSubManager()) {
                Posterior q = model.encode(m.create(Arrays.copyOfRange(data.pixels(), from * dim, (from + c) * dim),
                        new Shape(c, dim)));
                float[] a = q.mu().toFloatArray();
                float[] b = q.logVar().toFloatArray();
                for (int i = 0; i < c; i++) {
                    mu[from + i] = new double[k];
                    lv[from + i] = new double[k];
                    for (int j = 0; j < k; j++) {
                        mu[from + i][j] = a[i * k + j];
                        lv[from + i][j] = b[i * k + j];
                    }
                }
            }
        }
        return new double[][][]{mu, lv};
    }

    static double[][] sample(double[][] mu, double[][] lv, Random r) {
        double[][] z = new double[mu.length][mu[0].length];
        for (int i = 0; i < mu.length; i++) {
            for (int j = 0; j < mu[i].length; j++) {
                z[i][j] = mu[i][j] + Math.exp(0.5 * lv[i][j]) * r.nextGaussian();
            }
        }
        return z;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
    }

    /** Records the β = 1 ELBO and the IWAE bound on fixed train / test subsets after every epoch (gaps.json). */
    private static final class GapListener implements TrainingListener {
        private final Path file;
        private final ImageDataset trainSet;
        private final ImageDataset testSet;
        private final int k;
        private final long seed;
        private final List<LatentRun.GapPoint> points;

        GapListener(Path file, ImageDataset trainSet, ImageDataset testSet, int k, long seed) {
            this.file = file;
            this.trainSet = trainSet;
            this.testSet = testSet;
            this.k = k;
            this.seed = seed;
            this.points = new ArrayList<>(Files.isRegularFile(file) ? readGaps(file) : List.of());
        }

        @Override
        public void onEpochEnd(EpochRecord r, org.latentlab.models.Vae model) {
            points.removeIf(p -> p.epoch() >= r.epoch());
            BoundEstimator est = BoundEstimator.defaults();
            RenyiBound elbo = RenyiBound.of(1.0, 1);
            long s = seed + 31L * r.epoch();
            points.add(new LatentRun.GapPoint(r.epoch(), mean(est.evaluate(model, trainSet, elbo, s)),
                    mean(est.evaluate(model, testSet, elbo, s + 1)),
                    mean(est.logLikelihood(model, trainSet, k, s + 2)),
                    mean(est.logLikelihood(model, testSet, k, s + 3))));
            write(file, GSON.toJson(points));
        }
    }

    static List<LatentRun.GapPoint> readGaps(Path f) {
        Type t = new com.google.gson.reflect.TypeToken<List<LatentRun.GapPoint>>() {}.getType();
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        try {
            List<LatentRun.GapPoint> g = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), t);
            return g == null ? List.of() : g;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    static <T> T read(Path f, Class<T> type) {
        return RunFiles.readJson(f, GSON, type);
    }

    static void write(Path f, String text) {
        try {
            RunFiles.writeAtomically(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }

    private synchronized void loadData() {
        if (train != null) {
            return;
        }
        LatentLab.init();
        Mnist.Split split = source != null ? source : Mnist.load(Mnist.Variant.MNIST);
        if (split.train().count() < config.trainSize()) {
            throw new IllegalArgumentException("data has " + split.train().count() + " training images; the sweep "
                    + "needs trainSize = " + config.trainSize());
        }
        int needTest = Math.max(config.evalImages(), Math.max(config.iwaeImages(), config.gapImages()));
        if (split.test().count() < needTest) {
            throw new IllegalArgumentException("data has " + split.test().count() + " test images; the sweep needs "
                    + needTest + " (evalImages, iwaeImages, gapImages)");
        }
        train = config.trainSize() == split.train().count() ? split.train()
                : Datasets.subset(split.train(), config.trainSize(), config.seed());
        test = split.test();
        trainBinary = Datasets.binarizeStochastic(train, config.seed() + 2);
        testBinary = Datasets.binarizeStochastic(test, config.seed() + 3);
    }
}
