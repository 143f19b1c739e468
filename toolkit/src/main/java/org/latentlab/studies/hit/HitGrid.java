package org.latentlab.studies.hit;

import org.latentlab.LatentLab;
import org.latentlab.data.Binarization;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.models.Ghvae;
import org.latentlab.objectives.HitObjective;
import org.latentlab.sweep.ConfigJson;
import org.latentlab.sweep.InProcessRunner;
import org.latentlab.sweep.RunContext;
import org.latentlab.sweep.RunOutcome;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunState;
import org.latentlab.sweep.RunStore;
import org.latentlab.sweep.SweepListener;
import org.latentlab.training.TrainingListener;
import org.latentlab.training.Checkpoint;
import org.latentlab.training.EpochRecord;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.VaeTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The β1 × β2 grid of the HIT study (SPEC §3(a)): one GHVAE-MNIST per cell on fixed-binarized MNIST, trained with
 * {@link HitObjective} (Eq. 8; Adam, batch and epochs of the {@link HitConfig}), then evaluated by
 * {@link HitEvaluation}.
 *
 * <p><b>Resumable.</b> The cells live in a {@link RunStore} (study {@code hit}, see {@link HitStudy}): per cell
 * {@code runs/<id>/checkpoint/} (written by the trainer at every epoch end; an interrupted cell resumes from it
 * bit-identically) and the store's {@code result.json}. A re-run reuses finished cells, whichever runner made them
 * (this class, {@code sweep hit} on the command line, Spark), resumes unfinished ones and trains the rest; the store
 * refuses another configuration. The trained model of a cell is {@link #model(double, double)}.
 */
public final class HitGrid {
    private static final Logger LOG = LoggerFactory.getLogger(HitGrid.class);
    /** Test images the trainer's per-epoch test loss uses (progress only; the evaluation uses the full test set). */
    static final int TRAINER_TEST_IMAGES = 1_000;

    /** Progress callbacks; every method is optional. */
    public interface Listener {
        /** Before cell {@code index} (0-based) of {@code total}; {@code cached} when its result is reused. */
        default void onCellStart(int index, int total, String id, boolean cached) {}

        /** After each training epoch of a cell. */
        default void onEpoch(String id, EpochRecord r, int epochs) {}

        /** After a cell's result is available. */
        default void onCellEnd(HitResult r) {}
    }

    private final HitConfig config;
    private final Path runDir;
    private final Mnist.Split source;
    private final HitStudy study = new HitStudy(this);
    private RunStore store;
    private BiFunction<float[], Integer, double[]> classifier;
    private ImageDataset train;
    private ImageDataset test;

    /** A grid on MNIST. */
    public HitGrid(HitConfig config, Path runDir) {
        this(config, runDir, null);
    }

    /** A grid on given 28×28 data instead of MNIST (tests); {@code data} null loads MNIST. */
    public HitGrid(HitConfig config, Path runDir, Mnist.Split data) {
        this.config = Objects.requireNonNull(config, "config");
        this.runDir = Objects.requireNonNull(runDir, "runDir").toAbsolutePath();
        this.source = data;
    }

    public HitConfig config() {
        return config;
    }

    public Path runDir() {
        return runDir;
    }

    /** The cells in training order: β2 outer, β1 inner, both increasing. */
    public List<double[]> plan() {
        return plan(config);
    }

    static List<double[]> plan(HitConfig config) {
        List<double[]> out = new ArrayList<>();
        for (double b2 : config.betas()) {
            for (double b1 : config.betas()) {
                out.add(new double[] {b1, b2});
            }
        }
        return out;
    }

    /** The run store of this grid (made on first use; refuses a folder made with another configuration). */
    public synchronized RunStore store() {
        if (store == null) {
            store = RunStore.create(runDir, study, ConfigJson.GSON.toJson(config));
        }
        return store;
    }

    /**
     * Trains (or reuses) and evaluates every cell in this JVM. {@code classifier} maps n images (n × 784, Bernoulli
     * means) to n × 10 class probabilities (e.g. {@code MnistClassifier::probabilities}).
     */
    public List<HitResult> run(BiFunction<float[], Integer, double[]> classifier, Listener listener) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        Listener l = listener == null ? new Listener() { } : listener;
        SweepListener bridge = new SweepListener() {
            @Override
            public void onRunStart(int index, int total, RunSpec spec, RunState state) {
                l.onCellStart(index, total, spec.name(), state == RunState.DONE);
            }

            @Override
            public TrainingListener training(RunSpec spec, int epochs) {
                return new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochRecord r, org.latentlab.models.Vae model) {
                        l.onEpoch(spec.name(), r, epochs);
                    }
                };
            }

            @Override
            public void onRunEnd(int index, int total, RunOutcome o, Map<String, Double> keyResults) {
                l.onCellEnd(ConfigJson.GSON.fromJson(o.result(), HitResult.class));
            }
        };
        try {
            return new InProcessRunner().run(store(), bridge).stream()
                    .map(o -> ConfigJson.GSON.fromJson(o.result(), HitResult.class)).toList();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the grid in " + runDir + " failed: " + e.getMessage(), e);
        }
    }

    private Path dirOf(double beta1, double beta2) {
        return store().runDir(HitStudy.runSpec(beta1, beta2));
    }

    /** The trained model of a cell, from its checkpoint (caller closes it). */
    public Ghvae model(double beta1, double beta2) {
        Path dir = dirOf(beta1, beta2).resolve("checkpoint");
        if (!Checkpoint.exists(dir)) {
            throw new IllegalStateException("cell " + HitResult.id(beta1, beta2) + " has no checkpoint in " + dir
                    + "; run the grid first");
        }
        Ghvae m = Ghvae.mnist(cellSeed(beta1, beta2));
        try {
            Checkpoint.read(dir).restoreModel(m);
        } catch (IOException e) {
            m.close();
            throw new UncheckedIOException("cannot load the model of " + HitResult.id(beta1, beta2), e);
        }
        return m;
    }

    /** Fixed-binarized training subset used by every cell. */
    public synchronized ImageDataset trainData() {
        loadData();
        return train;
    }

    /** Fixed-binarized test set used by every evaluation. */
    public synchronized ImageDataset testData() {
        loadData();
        return test;
    }

    /**
     * Trains and evaluates one cell in its store folder (called by {@link HitStudy#run} with the cell's lease held);
     * {@code classifier} null uses the one given to {@link #run}.
     */
    HitResult runCell(double b1, double b2, BiFunction<float[], Integer, double[]> classifier, RunContext ctx) {
        BiFunction<float[], Integer, double[]> clf = classifier != null ? classifier : this.classifier;
        loadData();
        String id = HitResult.id(b1, b2);
        Path dir = ctx.runDir();
        long seed = cellSeed(b1, b2);
        TrainConfig tc = new TrainConfig(config.epochs(), config.batchSize(), config.learningRate(), seed,
                Binarization.NONE, dir.resolve("checkpoint"));
        TrainingListener progress = ctx.training(config.epochs());
        long t0 = System.nanoTime();
        try (Ghvae model = Ghvae.mnist(seed)) {
            List<EpochRecord> history = new VaeTrainer(tc).fit(model, new HitObjective(b1, b2), train,
                    Datasets.head(test, Math.min(TRAINER_TEST_IMAGES, test.count())),
                    r -> {
                        if (progress != null) {
                            progress.onEpochEnd(r, null);
                        }
                    });
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            double finalLoss = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).testLoss();
            ctx.stage("evaluation");
            HitResult r = HitEvaluation.evaluate(model, b1, b2, config, test, clf, seed + 17, finalLoss,
                    trainSeconds);
            LOG.info("{}: R(z2) {} R(z1|z2) {} PSNR {} IS {}", id, r.rateZ2(), r.rateZ1GivenZ2(), r.psnr(), r.is());
            return r;
        }
    }

    /** The seed of a cell: the master seed mixed with the cell id (initialisation, batches, noise). */
    long cellSeed(double b1, double b2) {
        return config.seed() * 1_000_003L + HitResult.id(b1, b2).hashCode();
    }

    private synchronized void loadData() {
        if (train != null) {
            return;
        }
        LatentLab.init();
        Mnist.Split split = source != null ? source : Mnist.load(Mnist.Variant.MNIST);
        if (split.train().count() < config.trainSize() || split.test().count() < config.testSize()) {
            throw new IllegalArgumentException("data has " + split.train().count() + " training and "
                    + split.test().count() + " test images; the grid needs " + config.trainSize() + " and "
                    + config.testSize());
        }
        train = Datasets.binarizeFixed(Datasets.subset(split.train(), config.trainSize(), config.seed()));
        test = Datasets.binarizeFixed(Datasets.subset(split.test(), config.testSize(), config.seed() + 1));
    }

}
