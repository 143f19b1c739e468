package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import org.latentlab.LatentLab;
import org.latentlab.data.Npy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A fully connected VAE (Kingma &amp; Welling 2014, appendix C): encoder {@code inputDim → hidden[0] → … →
 * hidden[n−1]} with ReLU, then linear heads for μ and log σ² (log σ² clamped to [−12, 8], SPEC §2(b)); decoder
 * {@code k → hidden[n−1] → … → hidden[0] → inputDim} with ReLU, giving Bernoulli logits.
 *
 * <p>Weights are stored as (out, in) matrices like PyTorch's {@code nn.Linear} (a saved model's entries match a
 * {@code state_dict}), and a layer is one fused {@code linear} call; initialisation follows
 * PyTorch's {@code nn.Linear} (weights and biases uniform in ±1/√fan_in) from a seeded {@link SplittableRandom}, so
 * the same seed gives the same model. {@link #save(Path)} writes an {@code .npz}-compatible zip (entries
 * {@code <name>.npy} plus {@code model.json}); {@link #load(Path)} restores it exactly.
 */
public final class MlpVae implements Vae {
    /** Clamp range for log σ² (SPEC §2(b)). */
    public static final float LOG_VAR_MIN = -12f;
    public static final float LOG_VAR_MAX = 8f;

    private final NDManager manager;
    private final int inputDim;
    private final int[] hidden;
    private final int latentDim;
    private final NDArray[] encW;
    private final NDArray[] encB;
    private final NDArray muW;
    private final NDArray muB;
    private final NDArray lvW;
    private final NDArray lvB;
    private final NDArray[] decW;
    private final NDArray[] decB;
    private final NDArray outW;
    private final NDArray outB;
    private final NDList params;
    private final List<String> names;

    private MlpVae(int inputDim, int[] hidden, int latentDim, long seed) {
        if (inputDim < 1) {
            throw new IllegalArgumentException("MlpVae: inputDim must be >= 1, got " + inputDim);
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("MlpVae: latentDim must be >= 1, got " + latentDim);
        }
        if (hidden == null) {
            throw new IllegalArgumentException("MlpVae: hidden sizes must not be null (use an empty array for none)");
        }
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("MlpVae: hidden sizes must be >= 1, got " + Arrays.toString(hidden));
            }
        }
        this.inputDim = inputDim;
        this.hidden = hidden.clone();
        this.latentDim = latentDim;
        this.manager = LatentLab.init().newBaseManager();
        SplittableRandom rng = new SplittableRandom(seed);
        List<NDArray> p = new ArrayList<>();
        List<String> n = new ArrayList<>();
        int L = hidden.length;
        encW = new NDArray[L];
        encB = new NDArray[L];
        int in = inputDim;
        for (int i = 0; i < L; i++) {
            encW[i] = linearWeight(rng, in, hidden[i]);
            encB[i] = linearBias(rng, in, hidden[i]);
            add(p, n, "enc." + i, encW[i], encB[i]);
            in = hidden[i];
        }
        muW = linearWeight(rng, in, latentDim);
        muB = linearBias(rng, in, latentDim);
        add(p, n, "mu", muW, muB);
        lvW = linearWeight(rng, in, latentDim);
        lvB = linearBias(rng, in, latentDim);
        add(p, n, "logvar", lvW, lvB);
        decW = new NDArray[L];
        decB = new NDArray[L];
        in = latentDim;
        for (int i = 0; i < L; i++) {
            int out = hidden[L - 1 - i];
            decW[i] = linearWeight(rng, in, out);
            decB[i] = linearBias(rng, in, out);
            add(p, n, "dec." + i, decW[i], decB[i]);
            in = out;
        }
        outW = linearWeight(rng, in, inputDim);
        outB = linearBias(rng, in, inputDim);
        add(p, n, "out", outW, outB);
        for (NDArray a : p) {
            a.setRequiresGradient(true);
        }
        this.params = new NDList(p);
        this.names = Collections.unmodifiableList(n);
    }

    /**
     * A new model with seeded PyTorch-style initialisation.
     *
     * @param inputDim  values per image (784 for MNIST)
     * @param hidden    encoder hidden sizes, e.g. {200, 200}; the decoder mirrors them
     * @param latentDim latent dimension k
     * @param seed      initialisation seed
     */
    public static MlpVae create(int inputDim, int[] hidden, int latentDim, long seed) {
        return new MlpVae(inputDim, hidden, latentDim, seed);
    }

    private static void add(List<NDArray> p, List<String> n, String name, NDArray w, NDArray b) {
        p.add(w);
        n.add(name + ".weight");
        p.add(b);
        n.add(name + ".bias");
    }

    private NDArray linearWeight(SplittableRandom rng, int in, int out) {
        float bound = (float) (1.0 / Math.sqrt(in));
        // Values are drawn in (in, out) row-major order and stored transposed as (out, in), so a given seed gives
        // the same function as the first version of this class (which stored (in, out)).
        float[] w = new float[in * out];
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                w[o * in + i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
        }
        return TensorMemory.owned(manager, w, new Shape(out, in));
    }

    private NDArray linearBias(SplittableRandom rng, int in, int out) {
        float bound = (float) (1.0 / Math.sqrt(in));
        float[] b = new float[out];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return TensorMemory.owned(manager, b, new Shape(out));
    }

    @Override
    public int inputDim() {
        return inputDim;
    }

    @Override
    public int latentDim() {
        return latentDim;
    }

    /** Encoder hidden sizes (the decoder uses them in reverse). */
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public Posterior encode(NDArray x) {
        NDArray h = x;
        for (int i = 0; i < encW.length; i++) {
            h = Activation.relu(linear(h, encW[i], encB[i]));
        }
        NDArray mu = linear(h, muW, muB);
        NDArray logVar = linear(h, lvW, lvB).clip(LOG_VAR_MIN, LOG_VAR_MAX);
        return new Posterior(mu, logVar);
    }

    @Override
    public NDArray decodeLogits(NDArray z) {
        NDArray h = z;
        for (int i = 0; i < decW.length; i++) {
            h = Activation.relu(linear(h, decW[i], decB[i]));
        }
        return linear(h, outW, outB);
    }

    /** y = x Wᵀ + b as one fused libtorch call (addmm); the result belongs to x's manager. */
    private static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
    }

    @Override
    public NDList parameters() {
        return params;
    }

    /** Parameter names in the order of {@link #parameters()}, e.g. {@code enc.0.weight}, {@code mu.bias}. */
    public List<String> parameterNames() {
        return names;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    /** Architecture as JSON: {@code {"type":"mlp-vae","inputDim":..,"hidden":[..],"latentDim":..}}. */
    public JsonObject architecture() {
        JsonObject o = new JsonObject();
        o.addProperty("type", "mlp-vae");
        o.addProperty("inputDim", inputDim);
        o.add("hidden", new Gson().toJsonTree(hidden));
        o.addProperty("latentDim", latentDim);
        return o;
    }

    /** Saves architecture and parameters to a zip ({@code .npz}-compatible), atomically. */
    public void save(Path file) throws IOException {
        ParameterIO.saveArchive(file, architecture(), names, params);
    }

    /** Loads a model written by {@link #save(Path)}; parameters are restored bit-exactly. */
    public static MlpVae load(Path file) throws IOException {
        ParameterIO.Archive archive = ParameterIO.readArchive(file, "mlp-vae");
        JsonObject o = archive.description();
        int[] hid = new Gson().fromJson(o.get("hidden"), int[].class);
        MlpVae m = create(o.get("inputDim").getAsInt(), hid, o.get("latentDim").getAsInt(), 0L);
        try {
            ParameterIO.copyInto(archive.entries(), "", m.names, m.params, "model file " + file);
        } catch (IOException | RuntimeException ex) {
            m.close();
            throw ex;
        }
        return m;
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "MlpVae(" + inputDim + "-" + Arrays.toString(hidden) + "-" + latentDim + ")";
    }
}
