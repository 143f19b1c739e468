package org.latentlab.studies.hit;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.latentlab.LatentLab;
import org.latentlab.data.Binarization;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.models.Ghvae;
import org.latentlab.objectives.HitObjective;
import org.latentlab.sweep.RunFiles;
import org.latentlab.training.Checkpoint;
import org.latentlab.training.EpochRecord;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.VaeTrainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The β1 × β2 grid of the HIT study (SPEC §3(a)): one GHVAE-MNIST per cell on fixed-binarized MNIST, trained with
 * {@link HitObjective} (Eq. 8; Adam, batch and epochs of the {@link HitConfig}), then evaluated by
 * {@link HitEvaluation}.
 *
 * <p><b>Resumable.</b> Each cell lives in {@code <runDir>/<id>/}: {@code checkpoint/} (written by the trainer at
 * every epoch end; an interrupted cell resumes from it bit-identically) and {@code result.json} (written atomically
 * once the cell is evaluated). A re-run reuses every {@code result.json}, resumes unfinished cells and trains the
 * rest; {@code config.txt} records the configuration, and a different configuration in the same directory is
 * refused. The trained model of a cell is {@link #model(double, double)}.
 */
public final class HitGrid {
    private static final Logger LOG = LoggerFactory.getLogger(HitGrid.class);
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues()
            .setStrictness(com.google.gson.Strictness.LENIENT).setPrettyPrinting().create();
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
        List<double[]> out = new ArrayList<>();
        for (double b2 : config.betas()) {
            for (double b1 : config.betas()) {
                out.add(new double[] {b1, b2});
            }
        }
        return out;
    }

    /**
     * Trains (or reuses) and evaluates every cell. {@code classifier} maps n images (n × 784, Bernoulli means) to
     * n × 10 class probabilities (e.g. {@code MnistClassifier::probabilities}).
     */
    public List<HitResult> run(BiFunction<float[], Integer, double[]> classifier, Listener listener) {
        Objects.requireNonNull(classifier, "classifier");
        Listener l = listener == null ? new Listener() { } : listener;
        checkConfig();
        List<double[]> plan = plan();
        List<HitResult> out = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            double b1 = plan.get(i)[0];
            double b2 = plan.get(i)[1];
            String id = HitResult.id(b1, b2);
            Path result = runDir.resolve(id).resolve("result.json");
            boolean cached = Files.isRegularFile(result);
            l.onCellStart(i, plan.size(), id, cached);
            HitResult r = cached ? read(result) : runCell(b1, b2, classifier, l);
            l.onCellEnd(r);
            out.add(r);
        }
        return out;
    }

    /** The trained model of a cell, from its checkpoint (caller closes it). */
    public Ghvae model(double beta1, double beta2) {
        Path dir = runDir.resolve(HitResult.id(beta1, beta2)).resolve("checkpoint");
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

    private HitResult runCell(double b1, double b2, BiFunction<float[], Integer, double[]> classifier, Listener l) {
        loadData();
        String id = HitResult.id(b1, b2);
        Path dir = runDir.resolve(id);
        long seed = cellSeed(b1, b2);
        TrainConfig tc = new TrainConfig(config.epochs(), config.batchSize(), config.learningRate(), seed,
                Binarization.NONE, dir.resolve("checkpoint"));
        long t0 = System.nanoTime();
        try (Ghvae model = Ghvae.mnist(seed)) {
            List<EpochRecord> history = new VaeTrainer(tc).fit(model, new HitObjective(b1, b2), train,
                    Datasets.head(test, Math.min(TRAINER_TEST_IMAGES, test.count())),
                    r -> l.onEpoch(id, r, config.epochs()));
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            double finalLoss = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).testLoss();
            HitResult r = HitEvaluation.evaluate(model, b1, b2, config, test, classifier, seed + 17, finalLoss,
                    trainSeconds);
            write(dir.resolve("result.json"), r);
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

    private void checkConfig() {
        RunFiles.checkConfig(runDir, config + System.lineSeparator());
    }

    static HitResult read(Path f) {
        try {
            HitResult r = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), HitResult.class);
            if (r == null || r.accZ1() == null) {
                throw new IllegalStateException("result file " + f + " is empty or not a HitResult");
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("result file " + f + " is not a valid HitResult: " + e.getMessage()
                    + " (delete it to recompute the cell)", e);
        }
    }

    static void write(Path f, HitResult r) {
        try {
            RunFiles.writeAtomically(f, GSON.toJson(r));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }
}
