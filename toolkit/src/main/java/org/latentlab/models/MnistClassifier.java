package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import com.google.gson.JsonObject;
import org.latentlab.LatentLab;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The MNIST image classifier behind inception scores (SPEC §M6) and the class-flip column of interpolations (SPEC §4
 * E3.4): a small CNN, conv 1→32 (3×3, pad 1) · ReLU · max-pool 2 → conv 32→64 (3×3, pad 1) · ReLU · max-pool 2 →
 * FC 3136→128 · ReLU → FC 128→10 (logits), with HIT's dropout (0.25, 0.5) in training; 421,642 parameters, about
 * 4.3 M multiply-adds per image. Grey-level
 * inputs in [0, 1] (generated images are fed as Bernoulli probabilities, never binarized).
 *
 * <p>Why not SPEC's MLP 784-512-256-10: its test accuracy sits at 97.9–98.1 % depending on the CPU (AVX2 vs AVX-512)
 * and thread count, on both sides of the 98 % gate; this CNN reaches ≥ 99 % with a margin (README, "What is
 * reproducible"). HIT's own CNN (9216-wide FC, 12 M multiply-adds per image, 14 Adadelta epochs) is the same family at
 * three times the cost. Training lives in {@code training.ClassifierTrainer}; this class is the model: parameters,
 * forward pass, predictions, save/load. Parameter layouts are PyTorch's ({@code nn.Conv2d} (out, in, k, k),
 * {@code nn.Linear} (out, in)), initialised like PyTorch's defaults from a seeded {@code SplittableRandom} ({@link LayerInit}).
 */
public final class MnistClassifier implements AutoCloseable {
    /** Test accuracy a trained classifier must reach to be used (SPEC §M6). */
    public static final double ACCURACY_GATE = 0.98;
    public static final int INPUT = 784;
    public static final int CLASSES = 10;
    /** Archive type written in {@code model.json}. */
    static final String TYPE = "mnist-cnn-classifier";
    private static final int C1 = 32;
    private static final int C2 = 64;
    private static final int HIDDEN = 128;

    private final NDManager manager;
    private final List<String> names = new ArrayList<>();
    private final NDList params;
    private final NDArray[] conv1;
    private final NDArray[] conv2;
    private final NDArray[] fc1;
    private final NDArray[] fc2;
    private double testAccuracy = Double.NaN;

    private MnistClassifier(long seed) {
        manager = LatentLab.init().newBaseManager();
        LayerInit init = new LayerInit(manager, seed);
        conv1 = init.conv("conv1", 1, C1, 3);
        conv2 = init.conv("conv2", C1, C2, 3);
        fc1 = init.linear("fc1", C2 * 49, HIDDEN);
        fc2 = init.linear("fc2", HIDDEN, CLASSES);
        names.addAll(init.parameterNames());
        params = init.parameters();
    }

    /** An untrained classifier with seeded PyTorch-style initialisation. */
    public static MnistClassifier create(long seed) {
        return new MnistClassifier(seed);
    }

    /** Class logits (B, 10) for images x of shape (B, 784) with values in [0, 1] (evaluation: no dropout). */
    public NDArray logits(NDArray x) {
        return logits(x, false);
    }

    /**
     * Class logits (B, 10); with {@code training}, dropout (HIT's classifier: p = 0.25 on the pooled features, 0.5 on
     * the hidden layer, kept units scaled by 1/(1 − p)) draws its masks from the thread's {@link Noise} stream, which the
     * trainer seeds per step.
     */
    public NDArray logits(NDArray x, boolean training) {
        long b = x.getShape().get(0);
        NDArray h = x.reshape(b, 1, 28, 28);
        h = pool(Activation.relu(ConvOps.conv2d(h, conv1[0], conv1[1], 1, 1)));
        h = pool(Activation.relu(ConvOps.conv2d(h, conv2[0], conv2[1], 1, 1)));
        h = h.reshape(b, C2 * 49);
        h = dropout(h, DROP_FEATURES, training);
        h = dropout(Activation.relu(linear(h, fc1)), DROP_HIDDEN, training);
        return linear(h, fc2);
    }

    private static final float DROP_FEATURES = 0.25f;
    private static final float DROP_HIDDEN = 0.5f;

    /** Inverted dropout; the mask is built outside autograd (no gradient flows into it). */
    private static NDArray dropout(NDArray h, float p, boolean training) {
        if (!training) {
            return h;
        }
        NDArray keep = Noise.uniform(h.getManager(), h.getShape()).gte(p)
                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mul(1f / (1f - p));
        return h.mul(keep);
    }

    private static NDArray pool(NDArray h) {
        return Pool.maxPool2d(h, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    private static NDArray linear(NDArray x, NDArray[] wb) {
        return x.getNDArrayInternal().linear(x, wb[0], wb[1]).singletonOrThrow();
    }

    /** The trainable parameters (gradients attached), in the order of {@link #parameterNames()}. */
    public NDList parameters() {
        return params;
    }

    /** Parameter names, PyTorch {@code state_dict} style. */
    public List<String> parameterNames() {
        return Collections.unmodifiableList(names);
    }

    /** Total number of scalar parameters (421,642). */
    public long parameterCount() {
        long n = 0;
        for (NDArray p : params) {
            n += p.getShape().size();
        }
        return n;
    }

    /** The manager that owns the parameters. */
    public NDManager manager() {
        return manager;
    }

    /** Class probabilities p(y|x), count × 10 row-major, for images in [0, 1] (count × 784). */
    public double[] probabilities(float[] pixels, int count) {
        if ((long) count * INPUT != pixels.length) {
            throw new IllegalArgumentException("pixels has " + pixels.length + " values, expected count*784 = "
                    + (long) count * INPUT);
        }
        double[] out = new double[count * CLASSES];
        int batch = 500;
        for (int from = 0; from < count; from += batch) {
            int bs = Math.min(batch, count - from);
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(java.nio.FloatBuffer.wrap(pixels, from * INPUT, bs * INPUT),
                        new Shape(bs, INPUT));
                float[] p = logits(x).softmax(1).toFloatArray();
                for (int i = 0; i < p.length; i++) {
                    out[from * CLASSES + i] = p[i];
                }
            }
        }
        return out;
    }

    /** Most probable class per image (ties → smallest class). */
    public int[] predict(float[] pixels, int count) {
        double[] p = probabilities(pixels, count);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            int arg = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (p[i * CLASSES + c] > p[i * CLASSES + arg]) {
                    arg = c;
                }
            }
            out[i] = arg;
        }
        return out;
    }

    /** Fraction of {@code data} classified correctly. */
    public double accuracy(ImageDataset data) {
        check(data);
        int[] pred = predict(data.pixels(), data.count());
        int ok = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == data.labels()[i]) {
                ok++;
            }
        }
        return ok / (double) data.count();
    }

    /** Test accuracy recorded after training or stored with the model (NaN if never measured). */
    public double testAccuracy() {
        return testAccuracy;
    }

    /** Records the measured test accuracy (saved with the model). */
    public void recordTestAccuracy(double accuracy) {
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("test accuracy must be in [0, 1], got " + accuracy);
        }
        this.testAccuracy = accuracy;
    }

    /** Writes the parameters ({@code .npz} layout) and {@code model.json} atomically. */
    public void save(Path file) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("type", TYPE);
        o.addProperty("layers", "conv32-pool-conv64-pool-fc128-fc10");
        o.addProperty("testAccuracy", testAccuracy);
        ParameterIO.saveArchive(file, o, names, params);
    }

    /** Loads a classifier written by {@link #save}; a file of another model type is an IOException naming it. */
    public static MnistClassifier load(Path file) throws IOException {
        ParameterIO.Archive archive = ParameterIO.readArchive(file, TYPE);
        MnistClassifier c = create(0L);
        try {
            ParameterIO.copyInto(archive.entries(), "", c.names, c.params, "classifier file " + file);
        } catch (IOException | RuntimeException ex) {
            c.close();
            throw ex;
        }
        c.testAccuracy = archive.description().get("testAccuracy").getAsDouble();
        return c;
    }

    /** Default cache location: {@code <data cache>/../models/mnist-classifier/cnn-classifier.npz}. */
    public static Path defaultFile() {
        return Mnist.cacheDir().toAbsolutePath().getParent().resolve("models").resolve("mnist-classifier")
                .resolve("cnn-classifier.npz");
    }

    /** Throws if {@code d} is not 28×28 single-channel images. */
    public static void check(ImageDataset d) {
        if (d.dim() != INPUT) {
            throw new IllegalArgumentException("data '" + d.name() + "' has " + d.dim()
                    + " values per image, the classifier expects 784 (28x28 MNIST)");
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
