package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import com.google.gson.JsonObject;
import org.latentlab.LatentLab;
import org.latentlab.data.Npy;
import org.latentlab.objectives.Elbo;
import org.latentlab.objectives.Scalars;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The convolutional VAE of Camboulin, Doimo &amp; Glielmo (SPEC §1(b), the authors' code) for C×32×32 images, with
 * widths h = [2, 4, 8, 8]·S:
 * <pre>
 *   encoder  4 × [Conv(k4, s2, p1) → BatchNorm2d → LeakyReLU(0.2)]   32 → 16 → 8 → 4 → 2, flatten 8S·2·2 = 32S
 *            μ = Linear(32S → K), log σ² = Linear(32S → K)
 *   decoder  Linear(K → 32S) → BatchNorm1d → LeakyReLU(0.2), reshape (8S, 2, 2)
 *            3 × [ConvT(k4, s2, p1) → BatchNorm2d → LeakyReLU(0.2)]  8S → 8S → 4S → 2S,   ConvT 2S → C, sigmoid
 * </pre>
 * S = 32, C = 1 has 3,422,597 / 3,465,633 / 3,809,921 parameters for K = 2 / 16 / 128 (BN γ, β counted; running
 * statistics are {@link #buffers()}). Inputs are flat batches (B, C·1024) in [0, 1]; the decoder returns logits and the
 * sigmoid output is their image (the ELBO's Bernoulli term uses the logit form, equal to BCE on the sigmoid).
 * log σ² is clamped to [−12, 8] like every LatentLab encoder (the authors' code has no clamp; it binds only at
 * σ &lt; 0.0025 or σ &gt; 55).
 *
 * <p>BatchNorm follows PyTorch exactly ({@link ConvOps#batchNorm}): after {@link #setTraining}(true) batch
 * statistics and running-statistic updates, after {@code setTraining(false)} (the initial mode) the running
 * statistics. Parameters use PyTorch layouts, names and default initialisation ({@link LayerInit}).
 *
 * <p>{@link #activations} records the eleven layers l0 … l10 of the paper (flattened, after the activation; l5 the
 * sampled z) and μ from one evaluation-mode forward pass.
 */
public final class ConvVae implements Vae {
    /** Image side the architecture needs (four stride-2 layers down to 2×2). */
    public static final int SIDE = 32;
    /** LeakyReLU slope. */
    public static final float SLOPE = 0.2f;
    /** Names of the recorded layers, l0 … l10, then μ. */
    public static final List<String> LAYERS = List.of("l0", "l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8", "l9",
            "l10", "mu");

    private final int channels;
    private final int width;
    private final int latentDim;
    private final long seed;
    private final NDManager manager;
    private final NDList params;
    private final List<String> names;
    private final NDList buffers;
    private final List<String> bufferNames;
    private final NDArray[][] encConv = new NDArray[4][];
    private final NDArray[][] encBn = new NDArray[4][];
    private final NDArray[] fcMu;
    private final NDArray[] fcLogVar;
    private final NDArray[] decFc;
    private final NDArray[] decBn0;
    private final NDArray[][] decConvT = new NDArray[4][];
    private final NDArray[][] decBn = new NDArray[3][];
    private volatile boolean training;

    private ConvVae(int channels, int width, int latentDim, long seed) {
        this.channels = channels;
        this.width = width;
        this.latentDim = latentDim;
        this.seed = seed;
        this.manager = LatentLab.init().newBaseManager();
        int[] h = {2 * width, 4 * width, 8 * width, 8 * width};
        LayerInit init = new LayerInit(manager, seed);
        int in = channels;
        for (int i = 0; i < 4; i++) {
            encConv[i] = init.conv("encoder.conv" + (i + 1), in, h[i], 4);
            encBn[i] = init.batchNorm("encoder.bn" + (i + 1), h[i]);
            in = h[i];
        }
        int flat = h[3] * 4;
        fcMu = init.linear("fc_mu", flat, latentDim);
        fcLogVar = init.linear("fc_logvar", flat, latentDim);
        decFc = init.linear("decoder.fc", latentDim, flat);
        decBn0 = init.batchNorm("decoder.bn0", flat);
        int[] dOut = {h[3], h[1], h[0], channels};
        in = h[3];
        for (int i = 0; i < 4; i++) {
            decConvT[i] = init.convT("decoder.convt" + (i + 1), in, dOut[i], 4);
            if (i < 3) {
                decBn[i] = init.batchNorm("decoder.bn" + (i + 1), dOut[i]);
            }
            in = dOut[i];
        }
        params = init.parameters();
        names = init.parameterNames();
        buffers = init.buffers();
        bufferNames = init.bufferNames();
    }

    /**
     * A new model with seeded PyTorch-style initialisation, in evaluation mode.
     *
     * @param channels  image channels C (1 for MNIST, 3 for CIFAR-10)
     * @param width     the width multiplier S (32 in the paper)
     * @param latentDim the bottleneck K ≥ 1
     */
    public static ConvVae create(int channels, int width, int latentDim, long seed) {
        if (channels < 1 || width < 1 || latentDim < 1) {
            throw new IllegalArgumentException("ConvVae: channels, width and latentDim must be >= 1, got C="
                    + channels + ", S=" + width + ", K=" + latentDim);
        }
        return new ConvVae(channels, width, latentDim, seed);
    }

    @Override
    public int inputDim() {
        return channels * SIDE * SIDE;
    }

    @Override
    public int latentDim() {
        return latentDim;
    }

    /** Image channels C. */
    public int channels() {
        return channels;
    }

    /** Width multiplier S. */
    public int width() {
        return width;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    /** True in training mode (BatchNorm on batch statistics). */
    public boolean isTraining() {
        return training;
    }

    @Override
    public Posterior encode(NDArray x) {
        List<NDArray> keep = new ArrayList<>(4);
        return encode(x, keep);
    }

    private Posterior encode(NDArray x, List<NDArray> layers) {
        NDArray h = x.reshape(x.getShape().get(0), channels, SIDE, SIDE);
        for (int i = 0; i < 4; i++) {
            h = bnAct(ConvOps.conv2d(h, encConv[i][0], encConv[i][1], 2, 1), encBn[i]);
            layers.add(h);
        }
        h = h.reshape(h.getShape().get(0), -1);
        NDArray mu = ConvOps.linear(h, fcMu[0], fcMu[1]);
        NDArray logVar = ConvOps.linear(h, fcLogVar[0], fcLogVar[1]).clip(MlpVae.LOG_VAR_MIN, MlpVae.LOG_VAR_MAX);
        return new Posterior(mu, logVar);
    }

    @Override
    public NDArray decodeLogits(NDArray z) {
        return decodeLogits(z, new ArrayList<>(4));
    }

    private NDArray decodeLogits(NDArray z, List<NDArray> layers) {
        long b = z.getShape().get(0);
        NDArray h = bnAct(ConvOps.linear(z, decFc[0], decFc[1]), decBn0);
        layers.add(h);
        h = h.reshape(b, 8L * width, 2, 2);
        for (int i = 0; i < 3; i++) {
            h = bnAct(ConvOps.convTranspose2d(h, decConvT[i][0], decConvT[i][1], 2, 1), decBn[i]);
            layers.add(h);
        }
        return ConvOps.convTranspose2d(h, decConvT[3][0], decConvT[3][1], 2, 1).reshape(b, inputDim());
    }

    private NDArray bnAct(NDArray x, NDArray[] bn) {
        NDArray y = ConvOps.batchNorm(x, bn[0], bn[1], bn[2], bn[3], training);
        return Activation.leakyRelu(y, SLOPE);
    }

    /**
     * Layer activations of N images from one evaluation-mode forward pass (the model's mode is restored after),
     * float32, row-major (N, dim): {@code layers[0..10]} = l0 … l10 (l0 the input, l5 the sampled
     * z = μ + σ·ε with ε from the thread's {@link Noise} stream seeded with {@code seed}, l10 the sigmoid output), {@code layers[11]} = μ.
     */
    public record Activations(int n, float[][] layers) {
        /** Width of layer i. */
        public int dim(int i) {
            return layers[i].length / n;
        }

        /**
         * Writes every layer as {@code <name>.npy} (float32, shape (N, dim); names l0 … l10, mu) into {@code dir},
         * each atomically, for DADApy: {@code np.load("l3.npy")}.
         */
        public void writeNpy(Path dir) throws IOException {
            Files.createDirectories(dir);
            for (int i = 0; i < layers.length; i++) {
                Path target = dir.resolve(LAYERS.get(i) + ".npy");
                Path tmp = Files.createTempFile(dir, "." + LAYERS.get(i), ".tmp");
                try {
                    Npy.write(tmp, layers[i], n, dim(i));
                    Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }

    /**
     * The recorded layers for {@code n} images given as flat pixels (n × C·1024, values in [0, 1]), computed in
     * batches of 500 in evaluation mode without gradients.
     */
    public Activations activations(float[] pixels, int n, long seed) {
        if (n < 1 || pixels.length != (long) n * inputDim()) {
            throw new IllegalArgumentException("ConvVae.activations: pixels has " + pixels.length + " values, expected "
                    + n + " × " + inputDim());
        }
        boolean was = training;
        training = false;
        Noise.seed(seed);
        float[][] out = new float[LAYERS.size()][];
        int batch = 500;
        try (NDManager sub = manager.newSubManager()) {
            for (int from = 0; from < n; from += batch) {
                int m = Math.min(batch, n - from);
                try (NDManager step = sub.newSubManager()) {
                    float[] chunk = java.util.Arrays.copyOfRange(pixels, from * inputDim(), (from + m) * inputDim());
                    NDArray x = step.create(chunk, new Shape(m, inputDim()));
                    List<NDArray> layers = new ArrayList<>(12);
                    layers.add(x);
                    Posterior q = encode(x, layers);
                    NDArray z = Elbo.reparameterize(q);
                    layers.add(z);
                    NDArray logits = decodeLogits(z, layers);
                    layers.add(Activation.sigmoid(logits));
                    layers.add(q.mu());
                    for (int i = 0; i < layers.size(); i++) {
                        float[] v = layers.get(i).toType(DataType.FLOAT32, false).toFloatArray();
                        int d = v.length / m;
                        if (out[i] == null) {
                            out[i] = new float[n * d];
                        }
                        System.arraycopy(v, 0, out[i], from * d, v.length);
                    }
                }
            }
        } finally {
            training = was;
        }
        return new Activations(n, out);
    }

    @Override
    public NDList parameters() {
        return params;
    }

    /** Parameter names in the order of {@link #parameters()}, PyTorch {@code state_dict} style. */
    public List<String> parameterNames() {
        return names;
    }

    @Override
    public NDList buffers() {
        return buffers;
    }

    /** Buffer names (BatchNorm running statistics) in the order of {@link #buffers()}. */
    public List<String> bufferNames() {
        return bufferNames;
    }

    /** Architecture description (saved in checkpoints; a resume checks it). */
    public JsonObject architecture() {
        JsonObject o = new JsonObject();
        o.addProperty("type", "ConvVae");
        o.addProperty("channels", channels);
        o.addProperty("width", width);
        o.addProperty("latentDim", latentDim);
        o.addProperty("side", SIDE);
        return o;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "ConvVae(C=" + channels + ", S=" + width + ", K=" + latentDim + ", seed=" + seed + ")";
    }
}
