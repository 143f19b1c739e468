package org.latentlab.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.latentlab.models.Noise;
import org.latentlab.LatentLab;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.models.MnistClassifier;
import org.latentlab.models.TensorMemory;
import org.latentlab.objectives.Scalars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains the {@link MnistClassifier} by minimising the mean cross-entropy with {@link Adam} and a step-decay
 * schedule (learning rate × γ after every epoch, like PyTorch's {@code StepLR(step_size=1)} in HIT's classifier
 * script), and provides the cached, gated classifier every notebook uses ({@link #loadOrTrainMnist()}).
 * Deterministic: batch order from (seed, epoch), dropout masks from the thread's
 * {@link Noise} stream reseeded with (seed, epoch, batch), so concurrent trainings in one JVM do not disturb each other.
 */
public final class ClassifierTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifierTrainer.class);

    /**
     * Settings: epochs, batch size, initial Adam learning rate, its decay factor per epoch γ ∈ (0, 1], the largest
     * random shift of a training image in pixels (0: none; each image moves by (dx, dy) ∈ [−shift, shift]², zeros
     * fill in), whether dropout is used in training, and the seed (initialisation, batch order, shifts, masks).
     */
    public record Config(int epochs, int batchSize, double learningRate, double decay, int shift, boolean dropout,
                         long seed) {
        public Config {
            if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || !Double.isFinite(learningRate)
                    || !(decay > 0 && decay <= 1) || shift < 0 || shift > 8) {
                throw new IllegalArgumentException("classifier config needs epochs >= 1, batchSize >= 1, a finite "
                        + "learningRate > 0, decay in (0, 1] and shift in [0, 8], got " + epochs + ", " + batchSize
                        + ", " + learningRate + ", " + decay + ", " + shift);
            }
        }

        /** Without augmentation or dropout: {@code new Config(epochs, batchSize, lr, decay, 0, false, seed)}. */
        public Config(int epochs, int batchSize, double learningRate, double decay, long seed) {
            this(epochs, batchSize, learningRate, decay, 0, false, seed);
        }

        /**
         * 8 epochs, batch 128, Adam 1e-3 decayed × 0.75 per epoch, shifts up to 2 pixels, no dropout, seed 0: test
         * accuracy 99.23 % / 99.28 % (seeds 0 / 1) here; 5 epochs without shifts gave 98.74–98.85 %, with dropout
         * 99.03–99.09 % (README, "What is reproducible").
         */
        public static Config defaults() {
            return DEFAULTS;
        }

        public Config withEpochs(int v) {
            return new Config(v, batchSize, learningRate, decay, shift, dropout, seed);
        }

        public Config withSeed(long v) {
            return new Config(epochs, batchSize, learningRate, decay, shift, dropout, v);
        }
    }

    private static final Config DEFAULTS = new Config(8, 128, 1e-3, 0.75, 2, false, 0L);
    private static final long SHIFT_TAG = 0x5_41f7L;

    private final Config cfg;
    private static final long DROPOUT_TAG = 0xd209_0a7L;

    public ClassifierTrainer(Config cfg) {
        if (cfg == null) {
            throw new IllegalArgumentException("ClassifierTrainer: config must not be null (use Config.defaults())");
        }
        this.cfg = cfg;
    }

    /**
     * Trains {@code c} in place on {@code train}, measures and records its accuracy on {@code test}, and returns
     * that accuracy. {@code onEpoch} (nullable) receives one line per epoch ("epoch e/E: cross-entropy … nats").
     *
     * @throws TrainingDivergedException if a batch's loss is not finite (the update is not applied)
     */
    public double fit(MnistClassifier c, ImageDataset train, ImageDataset test, Consumer<String> onEpoch) {
        MnistClassifier.check(train);
        MnistClassifier.check(test);
        if (train.labels() == null || train.count() < 1) {
            throw new IllegalArgumentException("ClassifierTrainer: training data '" + train.name()
                    + "' must be labelled and non-empty");
        }
        Engine engine = LatentLab.init();
        int n = train.count();
        int in = MnistClassifier.INPUT;
        int k = MnistClassifier.CLASSES;
        int[] perm = new int[n];
        float[] xs = new float[cfg.batchSize() * in];
        float[] ys = new float[cfg.batchSize() * k];
        try (Adam adam = new Adam(c.parameters(), cfg.learningRate())) {
            for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                adam.setLearningRate(cfg.learningRate() * Math.pow(cfg.decay(), epoch - 1));
                long t0 = System.nanoTime();
                VaeTrainer.shuffle(perm, VaeTrainer.mix(cfg.seed(), epoch, 0));
                double lossSum = 0;
                int batch = 0;
                for (int from = 0; from < n; from += cfg.batchSize()) {
                    batch++;
                    int bs = Math.min(cfg.batchSize(), n - from);
                    Arrays.fill(ys, 0f);
                    SplittableRandom shifts = new SplittableRandom(VaeTrainer.mix(cfg.seed() ^ SHIFT_TAG, epoch, batch));
                    for (int r = 0; r < bs; r++) {
                        int src = perm[from + r];
                        if (cfg.shift() == 0) {
                            System.arraycopy(train.pixels(), src * in, xs, r * in, in);
                        } else {
                            shifted(train.pixels(), src * in, xs, r * in, shifts.nextInt(-cfg.shift(), cfg.shift() + 1),
                                    shifts.nextInt(-cfg.shift(), cfg.shift() + 1));
                        }
                        ys[r * k + train.labels()[src]] = 1f;
                    }
                    try (NDManager step = c.manager().newSubManager()) {
                        Noise.seed(VaeTrainer.mix(cfg.seed() ^ DROPOUT_TAG, epoch, batch));
                        NDArray x = TensorMemory.owned(step, bs == cfg.batchSize() ? xs
                                : Arrays.copyOf(xs, bs * in), new Shape(bs, in));
                        NDArray y = TensorMemory.owned(step, bs == cfg.batchSize() ? ys
                                : Arrays.copyOf(ys, bs * k), new Shape(bs, k));
                        float loss;
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray l = c.logits(x, cfg.dropout()).logSoftmax(1).mul(y).sum().mul(Scalars.of(-1.0 / bs));
                            gc.backward(l);
                            loss = l.getFloat();
                        }
                        if (!Float.isFinite(loss)) {
                            adam.zeroGradients();
                            throw new TrainingDivergedException(epoch, batch, adam.learningRate(), loss, null);
                        }
                        adam.step();
                        lossSum += loss * (double) bs;
                    }
                }
                String line = String.format("classifier epoch %d/%d: cross-entropy %.4f nats (%.1f s)", epoch,
                        cfg.epochs(), lossSum / n, (System.nanoTime() - t0) / 1e9);
                LOG.info(line);
                if (onEpoch != null) {
                    onEpoch.accept(line);
                }
            }
        }
        double acc = c.accuracy(test);
        c.recordTestAccuracy(acc);
        LOG.info("classifier test accuracy {}", acc);
        return acc;
    }

    /** Copies the 28×28 image at {@code from} into {@code to} moved by (dx, dy) pixels, zeros where nothing lands. */
    static void shifted(float[] src, int from, float[] dst, int to, int dx, int dy) {
        for (int row = 0; row < 28; row++) {
            int sr = row - dy;
            for (int col = 0; col < 28; col++) {
                int sc = col - dx;
                dst[to + row * 28 + col] = sr >= 0 && sr < 28 && sc >= 0 && sc < 28 ? src[from + sr * 28 + sc] : 0f;
            }
        }
    }

    /**
     * The classifier at {@code file} if present (a file of another type is an IOException naming it), else a new
     * one trained on MNIST's 60,000 training images with {@code cfg}, checked against the
     * {@link MnistClassifier#ACCURACY_GATE} on the 10,000 test images and saved there atomically.
     *
     * @throws IllegalStateException if a freshly trained classifier misses the gate (nothing is saved)
     */
    public static MnistClassifier loadOrTrainMnist(Path file, Config cfg, Consumer<String> onEpoch)
            throws IOException {
        if (Files.isRegularFile(file)) {
            MnistClassifier c = MnistClassifier.load(file);
            String line = "loaded the MNIST classifier from " + file + " (test accuracy " + c.testAccuracy() + ")";
            LOG.info(line);
            if (onEpoch != null) {
                onEpoch.accept(line);
            }
            return c;
        }
        Mnist.Split split = Mnist.load(Mnist.Variant.MNIST);
        MnistClassifier c = MnistClassifier.create(cfg.seed());
        try {
            double acc = new ClassifierTrainer(cfg).fit(c, split.train(), split.test(), onEpoch);
            if (acc < MnistClassifier.ACCURACY_GATE) {
                throw new IllegalStateException("MNIST classifier reached test accuracy " + acc + ", below the gate "
                        + MnistClassifier.ACCURACY_GATE + "; not saved");
            }
            c.save(file);
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** {@link #loadOrTrainMnist(Path, Config, Consumer)} at {@link MnistClassifier#defaultFile()} with defaults. */
    public static MnistClassifier loadOrTrainMnist() throws IOException {
        return loadOrTrainMnist(MnistClassifier.defaultFile(), Config.defaults(), null);
    }
}
