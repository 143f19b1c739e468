package org.latentlab.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import org.latentlab.models.Noise;
import org.latentlab.LatentLab;
import org.latentlab.data.Binarization;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.models.MlpVae;
import org.latentlab.models.TrainableModel;
import org.latentlab.models.Vae;
import org.latentlab.objectives.Elbo;
import org.latentlab.objectives.ModelObjective;
import org.latentlab.objectives.Objective;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains a {@link Vae} on an {@link Objective} with {@link Adam}, evaluating on the test set after every epoch.
 *
 * <p><b>Determinism.</b> The batch order of epoch e comes from a {@link SplittableRandom} seeded with
 * (seed, e); before step b of epoch e the calling thread's {@link Noise} stream is reseeded with a hash of
 * (seed, e, b), so the reparameterisation noise of that step depends only on (seed, e, b), as does its dynamic
 * binarization; evaluation after epoch e is reseeded likewise. The streams are per thread and libtorch's global
 * generator is not used, so runs training at the same time on other threads of the JVM (the sweep engine's
 * {@code local[N]} master) change nothing. Together with the exact checkpoint (parameters, Adam moments and step count), a
 * run interrupted after epoch e and resumed continues bit-identically to an uninterrupted one (same thread count).
 *
 * <p><b>Train and evaluation modes.</b> The model is switched to training mode
 * ({@link TrainableModel#setTraining}(true)) for the steps of an epoch and back to evaluation mode before the test
 * evaluation (BatchNorm running statistics), and is left in evaluation mode.
 *
 * <p><b>Checkpoints.</b> If {@code cfg.checkpointDir()} holds a checkpoint, {@link #train} restores model, optimizer
 * and history from it and continues with the next epoch (the seed, batch size, learning rate, binarization,
 * objective and data sizes must match); a checkpoint is written atomically at each epoch end, after the listeners'
 * {@code onEpochEnd} (so work they keep per epoch is never missing from a resumed run).
 *
 * <p><b>Speed.</b> A step writes its batch rows (binarized on the fly for DYNAMIC, from a SplittableRandom seeded
 * with (seed, e, b)) into one reused direct buffer that becomes the step's input array without any Java-side
 * allocation (cheaper than a native gather plus libtorch's serial uniform RNG); the test set is one NDArray that
 * evaluation slices; every step's temporaries live in a per-step sub-manager that is closed after the update;
 * scalars inside the gradient collector are process-lifetime constants; Adam is one vectorised pass in Java with its
 * moments in Java arrays ({@link Adam}); an MlpVae on the ELBO trains with {@link MlpElboStep} (hand-written
 * backward, weight gradients and Adam on a second thread; {@code -Dlatentlab.train.fused=false} for autograd).
 * The kernelspec and the test JVM also run with environment/native-env's malloc settings, which stop libtorch's
 * per-step buffers from arriving in freshly mapped pages (PLATFORM.md traps; measured in bench/training).
 */
public final class VaeTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(VaeTrainer.class);
    private static final int EVAL_BATCH = 1000;
    private static final long TAG_EVAL = -1;
    private static final long TAG_TEST_BINARIZATION = 0x7e57L;
    private static final long TAG_BINARIZATION = 0x5eed_b175L;

    private final TrainConfig cfg;

    /**
     * Train an MlpVae on the ELBO with {@link MlpElboStep} (hand-written backward, weight gradients and Adam on a
     * second thread); system property {@code latentlab.train.fused=false} uses autograd for every model instead.
     */
    static final boolean FUSED = Boolean.parseBoolean(System.getProperty("latentlab.train.fused", "true"));

    private final boolean allowFused;

    public VaeTrainer(TrainConfig cfg) {
        this(cfg, FUSED);
    }

    /** As {@link #VaeTrainer(TrainConfig)}; {@code allowFused} false trains every model through autograd. */
    VaeTrainer(TrainConfig cfg, boolean allowFused) {
        if (cfg == null) {
            throw new IllegalArgumentException("VaeTrainer: config must not be null (use TrainConfig.defaults())");
        }
        this.cfg = cfg;
        this.allowFused = allowFused;
    }

    public TrainConfig config() {
        return cfg;
    }

    /**
     * Trains {@code model} in place for {@code cfg.epochs()} epochs (or the remaining ones after a resume) and
     * returns it with the full history. Listeners are called in order.
     */
    public TrainResult train(Vae model, Objective objective, ImageDataset train, ImageDataset test,
                             TrainingListener... listeners) {
        List<TrainingListener> ls = Arrays.asList(listeners == null ? new TrainingListener[0] : listeners);
        List<EpochRecord> history = run(model, objective, model, train, test, ls);
        TrainResult result = new TrainResult(model, history);
        for (TrainingListener l : ls) {
            l.onTrainingEnd(result);
        }
        return result;
    }

    /**
     * Trains any {@link TrainableModel} (e.g. the two-latent {@link org.latentlab.models.Ghvae} with a
     * {@link org.latentlab.objectives.HitObjective}) exactly as {@link #train} does (same batching, seeding, Adam,
     * evaluation and checkpoints) and returns the history; {@code onEpochEnd} (nullable) sees each epoch's record.
     */
    public <M extends TrainableModel> List<EpochRecord> fit(M model, ModelObjective<? super M> objective,
                                                            ImageDataset train, ImageDataset test,
                                                            Consumer<EpochRecord> onEpochEnd) {
        TrainingListener l = new TrainingListener() {
            @Override
            public void onEpochEnd(EpochRecord r, Vae ignored) {
                if (onEpochEnd != null) {
                    onEpochEnd.accept(r);
                }
            }
        };
        return run(model, objective, model instanceof Vae v ? v : null, train, test, List.of(l));
    }

    /** The training loop; {@code asVae} is the model as a Vae for the listeners (null for other model types). */
    <M extends TrainableModel> List<EpochRecord> run(M model, ModelObjective<? super M> objective, Vae asVae,
                                                             ImageDataset train, ImageDataset test,
                                                             List<TrainingListener> ls) {
        if (model == null || objective == null || train == null || test == null) {
            throw new IllegalArgumentException("VaeTrainer.train: model, objective, train and test must not be null");
        }
        if (train.dim() != model.inputDim() || test.dim() != model.inputDim()) {
            throw new IllegalArgumentException("VaeTrainer.train: model expects inputDim " + model.inputDim()
                    + " but train '" + train.name() + "' has dim " + train.dim() + " and test '" + test.name()
                    + "' has dim " + test.dim());
        }
        if (train.count() < 1 || test.count() < 1) {
            throw new IllegalArgumentException("VaeTrainer.train: train and test sets must be non-empty, got "
                    + train.count() + " and " + test.count() + " images");
        }
        Engine engine = LatentLab.init();

        ImageDataset trainData = cfg.binarization() == Binarization.FIXED ? Datasets.binarizeFixed(train) : train;
        ImageDataset testData = switch (cfg.binarization()) {
            case NONE -> test;
            case FIXED -> Datasets.binarizeFixed(test);
            case DYNAMIC -> Datasets.binarizeStochastic(test, mix(cfg.seed(), TAG_TEST_BINARIZATION, 0));
        };

        List<EpochRecord> history = new ArrayList<>();
        int startEpoch = 0;
        try (Adam adam = new Adam(model.parameters(), cfg.learningRate(), cfg.weightDecay());
             NDManager mgr = engine.newBaseManager();
             MlpElboStep fused = allowFused && MlpElboStep.applies(model, objective)
                     ? new MlpElboStep((MlpVae) model, (Elbo) objective, adam) : null) {
            if (Checkpoint.exists(cfg.checkpointDir())) {
                Checkpoint ck = readCompatible(objective, train, test, model);
                try {
                    ck.restoreModel(model);
                    ck.restoreOptimizer(adam);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot restore checkpoint in " + cfg.checkpointDir(), e);
                }
                startEpoch = ck.epoch();
                history.addAll(ck.history());
                LOG.info("resuming from {} after epoch {} (Adam step {})", cfg.checkpointDir(), startEpoch,
                        adam.stepCount());
                for (TrainingListener l : ls) {
                    l.onResume(startEpoch, cfg.epochs(), cfg.checkpointDir());
                }
            }
            adam.zeroGradients();
            for (TrainingListener l : ls) {
                if (asVae != null) {
                    l.onTrainingStart(asVae, cfg);
                }
            }
            NDArray xTest = mgr.create(testData.pixels(), new Shape(testData.count(), testData.dim()));
            BatchFiller filler = new BatchFiller(trainData, cfg.batchSize());
            int n = trainData.count();
            int batches = (n + cfg.batchSize() - 1) / cfg.batchSize();
            int[] perm = new int[n];
            for (int epoch = startEpoch + 1; epoch <= cfg.epochs(); epoch++) {
                long t0 = System.nanoTime();
                shuffle(perm, mix(cfg.seed(), epoch, 0));
                double lossSum = 0;
                model.setTraining(true);
                for (int b = 0; b < batches; b++) {
                    int from = b * cfg.batchSize();
                    int to = Math.min(n, from + cfg.batchSize());
                    double loss = step(engine, mgr, model, objective, adam, fused, filler, perm, from, to, epoch, b);
                    if (!Double.isFinite(loss)) {
                        throw new TrainingDivergedException(epoch, b + 1, cfg.learningRate(), loss,
                                keptCheckpoint(epoch));
                    }
                    lossSum += loss * (to - from);
                    for (TrainingListener l : ls) {
                        l.onBatchEnd(epoch, b + 1, batches, loss);
                    }
                }
                model.setTraining(false);
                double[] eval = evaluate(engine, model, objective, xTest, mix(cfg.seed(), epoch, TAG_EVAL));
                double secs = (System.nanoTime() - t0) / 1e9;
                EpochRecord r = new EpochRecord(epoch, lossSum / n, eval[0], eval[1], eval[2], secs);
                history.add(r);
                // listeners first: what they keep per epoch (probe results, geometry) belongs to the epoch, so a
                // process killed between the two resumes from the previous checkpoint and redoes both
                for (TrainingListener l : ls) {
                    l.onEpochEnd(r, asVae);
                }
                if (cfg.checkpointDir() != null) {
                    writeCheckpoint(objective, trainData, testData, model, adam, history, epoch);
                }
            }
        }
        return history;
    }

    private <M extends TrainableModel> double step(Engine engine, NDManager mgr, M model,
                                                   ModelObjective<? super M> objective, Adam adam, MlpElboStep fused,
                                                   BatchFiller filler, int[] perm, int from, int to, int epoch, int b) {
        try (NDManager step = mgr.newSubManager()) {
            Noise.seed(mix(cfg.seed(), epoch, b + 1));
            SplittableRandom bits = cfg.binarization() == Binarization.DYNAMIC
                    ? new SplittableRandom(mix(cfg.seed() ^ TAG_BINARIZATION, epoch, b + 1)) : null;
            NDArray x = filler.fill(step, perm, from, to, bits);
            if (fused != null) {
                return fused.step(step, x);
            }
            float loss;
            try (GradientCollector gc = engine.newGradientCollector()) {
                Objective.Loss l = objective.loss(model, x);
                gc.backward(l.value());
                loss = l.value().getFloat();
            }
            if (!Float.isFinite(loss)) {
                adam.zeroGradients();      // the caller stops training; the diverged step is never applied
                return loss;
            }
            adam.step();
            return loss;
        }
    }

    /**
     * Builds training batches without per-step allocation: the rows of a batch (optionally Bernoulli-binarized from
     * a seeded stream) are written into a reused float array, copied into a reused direct buffer, and wrapped as an
     * NDArray owned by the step's manager (one native call, no Java buffer allocation).
     */
    private static final class BatchFiller {
        private final float[] pixels;
        private final int dim;
        private final int batchSize;
        private final float[] scratch;
        private final ByteBuffer full;
        private final ByteBuffer last;

        BatchFiller(ImageDataset d, int batchSize) {
            this.pixels = d.pixels();
            this.dim = d.dim();
            this.batchSize = Math.min(batchSize, d.count());
            this.scratch = new float[this.batchSize * dim];
            this.full = ByteBuffer.allocateDirect(this.batchSize * dim * Float.BYTES).order(ByteOrder.nativeOrder());
            int rem = d.count() % this.batchSize;
            this.last = rem == 0 ? null
                    : ByteBuffer.allocateDirect(rem * dim * Float.BYTES).order(ByteOrder.nativeOrder());
        }

        NDArray fill(NDManager step, int[] perm, int from, int to, SplittableRandom bits) {
            int m = to - from;
            for (int r = 0; r < m; r++) {
                int src = perm[from + r] * dim;
                int dst = r * dim;
                if (bits == null) {
                    System.arraycopy(pixels, src, scratch, dst, dim);
                } else {
                    // two 24-bit uniforms u ∈ [0, 1) per 64-bit draw; pixel → 1 with probability x
                    int j = 0;
                    for (; j + 1 < dim; j += 2) {
                        long w = bits.nextLong();
                        scratch[dst + j] = (w >>> 40) * 0x1.0p-24f < pixels[src + j] ? 1f : 0f;
                        scratch[dst + j + 1] = ((w >>> 16) & 0xFFFFFF) * 0x1.0p-24f < pixels[src + j + 1] ? 1f : 0f;
                    }
                    if (j < dim) {
                        scratch[dst + j] = bits.nextFloat() < pixels[src + j] ? 1f : 0f;
                    }
                }
            }
            ByteBuffer buf = m == batchSize ? full : last;
            buf.clear();
            buf.asFloatBuffer().put(scratch, 0, m * dim);
            return step.create(buf, new Shape(m, dim), DataType.FLOAT32);
        }
    }

    /** Per-example means over the test set of the loss, reconstruction and KL (NaN where absent), no gradients. */
    static <M extends TrainableModel> double[] evaluate(Engine engine, M model, ModelObjective<? super M> objective,
                                                        NDArray xTest, long seed) {
        Noise.seed(seed);
        long n = xTest.getShape().get(0);
        double loss = 0;
        double recon = 0;
        double kl = 0;
        boolean hasRecon = true;
        boolean hasKl = true;
        for (long from = 0; from < n; from += EVAL_BATCH) {
            long to = Math.min(n, from + EVAL_BATCH);
            try (NDManager sub = xTest.getManager().newSubManager()) {
                NDArray x = xTest.get(new NDIndex().addSliceDim(from, to));
                x.attach(sub);
                Objective.Loss l = objective.loss(model, x);
                long m = to - from;
                loss += l.value().getFloat() * (double) m;
                if (l.reconstruction() != null) {
                    recon += l.reconstruction().getFloat() * (double) m;
                } else {
                    hasRecon = false;
                }
                if (l.kl() != null) {
                    kl += l.kl().getFloat() * (double) m;
                } else {
                    hasKl = false;
                }
            }
        }
        return new double[] {loss / n, hasRecon ? recon / n : Double.NaN, hasKl ? kl / n : Double.NaN};
    }

    private Checkpoint readCompatible(ModelObjective<?> objective, ImageDataset train, ImageDataset test,
                                      TrainableModel model) {
        Checkpoint ck;
        try {
            ck = Checkpoint.read(cfg.checkpointDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint in " + cfg.checkpointDir(), e);
        }
        TrainConfig saved = Checkpoint.parseConfig(ck.config());
        List<String> diffs = new ArrayList<>();
        if (saved.seed() != cfg.seed()) diffs.add("seed " + saved.seed() + " vs " + cfg.seed());
        if (saved.batchSize() != cfg.batchSize()) diffs.add("batchSize " + saved.batchSize() + " vs " + cfg.batchSize());
        if (saved.learningRate() != cfg.learningRate()) {
            diffs.add("learningRate " + saved.learningRate() + " vs " + cfg.learningRate());
        }
        if (saved.weightDecay() != cfg.weightDecay()) {
            diffs.add("weightDecay " + saved.weightDecay() + " vs " + cfg.weightDecay());
        }
        if (saved.binarization() != cfg.binarization()) {
            diffs.add("binarization " + saved.binarization() + " vs " + cfg.binarization());
        }
        JsonObject st = ck.state();
        if (!st.get("objective").getAsString().equals(objective.name())) {
            diffs.add("objective " + st.get("objective").getAsString() + " vs " + objective.name());
        }
        if (st.get("trainCount").getAsInt() != train.count() || st.get("testCount").getAsInt() != test.count()) {
            diffs.add("data sizes " + st.get("trainCount") + "/" + st.get("testCount") + " vs " + train.count() + "/"
                    + test.count());
        }
        if (!st.get("model").equals(Checkpoint.describe(model))) {
            diffs.add("model " + st.get("model") + " vs " + Checkpoint.describe(model));
        }
        if (!diffs.isEmpty()) {
            throw new IllegalStateException("checkpoint in " + cfg.checkpointDir()
                    + " belongs to a different run (saved vs now: " + String.join(", ", diffs)
                    + "); use another checkpoint directory or delete it");
        }
        return ck;
    }

    private void writeCheckpoint(ModelObjective<?> objective, ImageDataset train, ImageDataset test, TrainableModel model,
                                 Adam adam,
                                 List<EpochRecord> history, int epoch) {
        JsonObject st = new JsonObject();
        st.addProperty("epoch", epoch);
        st.addProperty("adamStep", adam.stepCount());
        st.addProperty("objective", objective.name());
        st.addProperty("trainCount", train.count());
        st.addProperty("testCount", test.count());
        st.add("model", Checkpoint.describe(model));
        try {
            Checkpoint.write(cfg.checkpointDir(), cfg, st, history, model, adam);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint to " + cfg.checkpointDir() + " (" + e.getMessage() + ")", e);
        }
    }

    /** What happens to the checkpoint when training diverges in {@code epoch}: one clause for the error message. */
    private String keptCheckpoint(int epoch) {
        if (cfg.checkpointDir() == null) {
            return null;
        }
        return epoch > 1 && Checkpoint.exists(cfg.checkpointDir())
                ? "the checkpoint of epoch " + (epoch - 1) + " in " + cfg.checkpointDir() + " is kept"
                : "no checkpoint was written yet";
    }

    /** Fisher–Yates shuffle of 0..n−1 into {@code perm} from a SplittableRandom seeded with {@code seed}. */
    static void shuffle(int[] perm, long seed) {
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
    }

    /** A well-mixed 64-bit hash of (seed, a, b) (SplitMix64 finaliser). */
    static long mix(long seed, long a, long b) {
        long h = seed * 0x9E3779B97F4A7C15L + a;
        h = fmix(h) * 0xBF58476D1CE4E5B9L + b;
        return fmix(h);
    }

    private static long fmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
