package org.latentlab.studies.layers;

import com.google.gson.JsonObject;
import org.latentlab.LatentLab;
import org.latentlab.studies.ConfiguredStudy;
import org.latentlab.sweep.ConfigJson;
import org.latentlab.sweep.InProcessRunner;
import org.latentlab.sweep.RunContext;
import org.latentlab.sweep.RunOutcome;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunState;
import org.latentlab.sweep.RunStore;
import org.latentlab.sweep.SweepListener;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import org.latentlab.data.AtomicFiles;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.metrics.InformationImbalance;
import org.latentlab.metrics.PointSet;
import org.latentlab.metrics.TwoNN;
import org.latentlab.models.ConvVae;
import org.latentlab.objectives.Elbo;
import org.latentlab.training.Checkpoint;
import org.latentlab.training.EpochRecord;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.TrainingListener;
import org.latentlab.training.VaeTrainer;
import org.latentlab.data.Binarization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The layer-geometry study of Camboulin, Doimo &amp; Glielmo (SPEC §1, E0.1–E0.4) on MNIST: for every bottleneck K a
 * {@link ConvVae} is trained with the ELBO (BCE summed + KL, β = 1) by {@link VaeTrainer} (Adam, L2 weight decay added
 * to the gradient, grayscale pixels), while a {@link GeometryListener} records the TwoNN ID and the information
 * imbalances of every layer at the checkpoint epochs; at the end the cross-architecture imbalances Δ(K→2K) and
 * Δ(2K→K) over all 11×11 layer pairs of consecutive bottlenecks.
 *
 * <p>Data: the fixed 80 % split of the 60,000 training images (seeded subset, {@link LayersConfig#SPLIT_SEED}), of
 * which {@code trainImages} (seeded) are used; evaluation on the first N test images. Images are zero-padded
 * 28 → 32 (2 pixels per side; the authors resize bilinearly, so pixels differ, distances between images do not
 * gain dimensions).
 *
 * <p>Everything is kept in a {@link RunStore} (study {@code layers}, see {@link Runs}; another configuration is
 * refused): one run per bottleneck, {@code runs/K<k>-<hash>/} with the trainer's checkpoint (it resumes from it),
 * {@code geometry.json} and the store's {@code result.json}; {@code cross.json} beside the runs. The bottlenecks can
 * be trained by any runner of the engine ({@code sweep layers} on the command line, Spark); {@link #run} reuses
 * them and adds the cross-architecture imbalances.
 */
public final class LayersStudy {
    private static final Gson GSON = ConfigJson.GSON;
    /** Side of the padded images. */
    public static final int SIDE = ConvVae.SIDE;

    /** Progress callbacks; every method is optional. */
    public interface Progress {
        /** Before bottleneck K is trained ({@code cached}: its records are complete and reused). */
        default void onRunStart(int k, int index, int total, boolean cached) {}

        /** A training listener for K (null for none). */
        default TrainingListener training(int k, int epochs) {
            return null;
        }

        /** After each geometry record. */
        default void onGeometry(LayerGeometry g) {}

        /** A named stage began. */
        default void onStage(String stage) {}
    }

    /**
     * Δ between the layers of two trained models with bottlenecks k and k2 on the same inputs, final epoch:
     * {@code forward[l][m]} = Δ(l of K → m of K2), {@code backward[m][l]} = Δ(m of K2 → l of K), l, m ∈ l0 … l10.
     */
    public record Cross(int k, int k2, double[][] forward, double[][] backward, double seconds) {}

    /** Everything the notebook plots. */
    public record Result(LayersConfig config, Map<Integer, List<LayerGeometry>> geometry,
                         Map<Integer, List<EpochRecord>> history, List<Cross> cross, double[] noiseId) {
        /** The record of bottleneck k at epoch e. */
        public LayerGeometry at(int k, int e) {
            return geometry.get(k).stream().filter(g -> g.epoch() == e).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no geometry for K = " + k + " at epoch " + e));
        }

        /** The record of bottleneck k at the last epoch. */
        public LayerGeometry last(int k) {
            return at(k, config.epochs());
        }

        /** Seconds spent training (all K, all epochs, as recorded by the trainer, test evaluation included). */
        public double trainingSeconds() {
            return history.values().stream().flatMap(List::stream).mapToDouble(EpochRecord::seconds).sum();
        }

        /** Seconds spent measuring geometry (all K, all checkpoints; cross-architecture excluded). */
        public double geometrySeconds() {
            return geometry.values().stream().flatMap(List::stream).mapToDouble(LayerGeometry::seconds).sum();
        }
    }

    private final LayersConfig cfg;
    private final Path runDir;
    private final Mnist.Split source;
    private final Runs runs = new Runs(this);
    private RunStore store;
    private volatile Progress progress;
    private ImageDataset train;
    private ImageDataset eval;

    /** The study on MNIST from the data cache. */
    public LayersStudy(LayersConfig cfg, Path runDir) {
        this(cfg, runDir, null);
    }

    /** The study on the given split (tests pass a small one); null loads MNIST. */
    public LayersStudy(LayersConfig cfg, Path runDir, Mnist.Split source) {
        if (cfg == null || runDir == null) {
            throw new IllegalArgumentException("LayersStudy: config and run directory must not be null");
        }
        this.cfg = cfg;
        this.runDir = runDir;
        this.source = source;
    }

    public LayersConfig config() {
        return cfg;
    }

    public Path runDir() {
        return runDir;
    }

    /** The training images (padded to 32×32). */
    public ImageDataset trainingSet() {
        prepare();
        return train;
    }

    /** The N evaluation images (padded to 32×32). */
    public ImageDataset evaluationSet() {
        prepare();
        return eval;
    }

    private synchronized void prepare() {
        if (train != null) {
            return;
        }
        Mnist.Split split = source != null ? source : Mnist.load(Mnist.Variant.MNIST);
        int splitSize = Math.min(LayersConfig.SPLIT_SIZE, split.train().count() * 4 / 5);
        ImageDataset fixed = Datasets.subset(split.train(), splitSize, LayersConfig.SPLIT_SEED);
        ImageDataset used = cfg.trainImages() == 0 || cfg.trainImages() >= fixed.count() ? fixed
                : Datasets.subset(fixed, cfg.trainImages(), cfg.seed() + 1);
        if (split.test().count() < cfg.evalImages()) {
            throw new IllegalArgumentException("LayersStudy: N = " + cfg.evalImages() + " evaluation images asked for,"
                    + " the test set has " + split.test().count());
        }
        train = Datasets.pad(used, SIDE);
        eval = Datasets.pad(Datasets.head(split.test(), cfg.evalImages()), SIDE);
    }

    /** The run store of this study (made on first use; refuses a folder made with another configuration). */
    public synchronized RunStore store() {
        if (store == null) {
            store = RunStore.create(runDir, runs, ConfigJson.GSON.toJson(cfg));
        }
        return store;
    }

    /** The engine's spec of bottleneck k: name {@code K<k>}, parameters {@code {"k": k}}. */
    static RunSpec runSpec(int k) {
        JsonObject p = new JsonObject();
        p.addProperty("k", k);
        return new RunSpec("layers", "K" + k, p);
    }

    /** The directory of bottleneck k (its run folder in the store). */
    public Path dir(int k) {
        return store().runDir(runSpec(k));
    }

    /** The training configuration of every bottleneck. */
    public TrainConfig trainConfig(int k) {
        return new TrainConfig(cfg.epochs(), cfg.batchSize(), cfg.learningRate(), cfg.seed(), Binarization.NONE,
                dir(k), cfg.weightDecay());
    }

    /** A new (untrained) model for bottleneck k. */
    public ConvVae newModel(int k) {
        return ConvVae.create(1, cfg.width(), k, cfg.seed() * 31 + k);
    }

    /** Trains (or resumes, or reuses) every bottleneck in this JVM, then the cross-architecture imbalances. */
    public Result run(Progress progress) {
        Progress p = progress == null ? new Progress() {} : progress;
        int[] ks = cfg.latentDims();
        SweepListener bridge = new SweepListener() {
            @Override
            public void onRunStart(int index, int total, RunSpec spec, RunState state) {
                p.onRunStart(ks[index], index, total, state == RunState.DONE);
            }

            @Override
            public TrainingListener training(RunSpec spec, int epochs) {
                return p.training(spec.params().get("k").getAsInt(), epochs);
            }

            @Override
            public void onStage(RunSpec spec, String stage) {
                p.onStage(spec.name() + ": " + stage);
            }
        };
        this.progress = p;
        List<RunOutcome> outcomes;
        try {
            outcomes = new InProcessRunner().run(store(), bridge);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the study in " + runDir + " failed: " + e.getMessage(), e);
        }
        Map<Integer, List<LayerGeometry>> geometry = new LinkedHashMap<>();
        Map<Integer, List<EpochRecord>> history = new LinkedHashMap<>();
        for (int i = 0; i < ks.length; i++) {
            Bottleneck b = GSON.fromJson(outcomes.get(i).result(), Bottleneck.class);
            geometry.put(ks[i], b.geometry());
            history.put(ks[i], b.history());
        }
        List<Cross> cross = cross(p);
        double[] noise = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            noise[i] = noiseId(ks[i], cfg.evalImages(), cfg.seed());
        }
        return new Result(cfg, geometry, history, cross, noise);
    }

    /** The result of one bottleneck's run: its geometry records and training history. */
    record Bottleneck(int k, List<LayerGeometry> geometry, List<EpochRecord> history) {}

    /** Trains (or resumes) bottleneck k in its run folder with the lease held; returns its records. */
    Bottleneck runOne(int k, RunContext ctx) {
        prepare();
        Progress p = progress != null ? progress : new Progress() {};
        GeometryListener gl = new GeometryListener(eval, cfg, ctx.runDir(), p::onGeometry);
        TrainingListener tl = ctx.training(cfg.epochs());
        try (ConvVae model = newModel(k)) {
            VaeTrainer trainer = new VaeTrainer(trainConfig(k));
            List<EpochRecord> h = tl == null
                    ? trainer.train(model, new Elbo(), train, eval, gl).history()
                    : trainer.train(model, new Elbo(), train, eval, gl, tl).history();
            return new Bottleneck(k, gl.records(), h);
        }
    }

    /**
     * The study as the sweep engine sees it: name {@code layers}; the configuration is a {@link LayersConfig} as
     * JSON; one run per bottleneck K (MNIST from the data cache); the cross-architecture imbalances are not runs
     * (the notebook computes them from the finished store). Default store: notebook 01's.
     */
    public static final class Runs extends ConfiguredStudy<LayersConfig, LayersStudy> {
        /** The study for the engine. */
        public Runs() {
            this(null);
        }

        Runs(LayersStudy bound) {
            super("layers", LayersConfig.class, "01_intrinsic_dimension_layers", bound);
        }

        @Override
        protected LayersConfig config(LatentLab.Mode mode) {
            return LayersConfig.forMode(mode);
        }

        @Override
        protected LayersStudy worker(LayersConfig config, Path storeDir) {
            return new LayersStudy(config, storeDir);
        }

        @Override
        public List<RunSpec> plan(String config) {
            List<RunSpec> out = new ArrayList<>();
            for (int k : config(config).latentDims()) {
                out.add(runSpec(k));
            }
            return out;
        }

        @Override
        public JsonObject run(RunSpec spec, RunContext ctx) {
            return json(worker(ctx).runOne(spec.params().get("k").getAsInt(), ctx));
        }

        @Override
        public Map<String, Double> keyResults(JsonObject result) {
            Bottleneck b = result(result, Bottleneck.class);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("epochs", (double) b.history().size());
            m.put("test_loss", b.history().isEmpty() ? Double.NaN : b.history().get(b.history().size() - 1).testLoss());
            return m;
        }
    }

    /** Notebook 01's store for a mode. */
    public static Path storeOf(LatentLab.Mode mode) {
        return new Runs().defaultStore(mode).orElseThrow();
    }

    /** Loads the trained model of bottleneck k from its checkpoint (parameters and BatchNorm statistics). */
    public ConvVae load(int k) {
        ConvVae m = newModel(k);
        try {
            Checkpoint.read(dir(k)).restoreModel(m);
        } catch (IOException e) {
            m.close();
            throw new UncheckedIOException("cannot restore the model of K = " + k + " from " + dir(k), e);
        }
        return m;
    }

    private List<Cross> cross(Progress p) {
        Path file = runDir.resolve("cross.json");
        int[] ks = cfg.latentDims();
        if (Files.isRegularFile(file)) {
            try {
                List<Cross> c = GSON.fromJson(Files.readString(file), new TypeToken<List<Cross>>() {}.getType());
                if (c != null && c.size() == ks.length - 1) {
                    return c;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        p.onStage("cross-architecture imbalances Δ(K→K') on 11×11 layer pairs at the final epoch");
        List<Cross> out = new ArrayList<>();
        long seed = cfg.seed() * 1_000_003L + cfg.epochs();
        ConvVae.Activations prev = null;
        for (int i = 0; i < ks.length; i++) {
            ConvVae.Activations cur;
            try (ConvVae m = load(ks[i])) {
                cur = m.activations(eval.pixels(), eval.count(), seed);
            }
            if (prev != null) {
                out.add(cross(ks[i - 1], ks[i], prev, cur));
            }
            prev = cur;
        }
        AtomicFiles.writeString(file, GSON.toJson(out));
        return out;
    }

    /** Δ between every layer of a (bottleneck k) and every layer of b (bottleneck k2), same inputs. */
    static Cross cross(int k, int k2, ConvVae.Activations a, ConvVae.Activations b) {
        long t0 = System.nanoTime();
        int l = LayerGeometry.LAYERS;
        List<PointSet> spaces = new ArrayList<>(LayerGeometry.spaces(a, "K" + k + ".").subList(0, l));
        spaces.addAll(LayerGeometry.spaces(b, "K" + k2 + ".").subList(0, l));
        boolean[][] pairs = new boolean[2 * l][2 * l];
        for (int i = 0; i < l; i++) {
            for (int j = 0; j < l; j++) {
                pairs[i][l + j] = true;
                pairs[l + j][i] = true;
            }
        }
        InformationImbalance.Matrix m = InformationImbalance.compute(spaces, pairs);
        double[][] fwd = new double[l][l];
        double[][] bwd = new double[l][l];
        for (int i = 0; i < l; i++) {
            for (int j = 0; j < l; j++) {
                fwd[i][j] = m.delta()[i][l + j];
                bwd[j][i] = m.delta()[l + j][i];
            }
        }
        return new Cross(k, k2, fwd, bwd, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * TwoNN of N points of N(0, I_K) (seeded): the ID a noise-dominated bottleneck shows (SPEC §H.2; the finite-N
     * bias makes it fall below K for K ≳ 20).
     */
    public static double noiseId(int k, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 7919 + k);
        double[] d = new double[n * k];
        for (int i = 0; i < d.length; i++) {
            d[i] = gaussian(rng);
        }
        return TwoNN.estimate(PointSet.ofRowMajor("N(0, I_" + k + ")", d, n, k)).id();
    }

    private static double gaussian(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

}
