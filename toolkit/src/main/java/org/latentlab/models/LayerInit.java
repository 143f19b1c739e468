package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Creates a model's layers with PyTorch's default initialisation from one seeded {@link SplittableRandom}, in
 * PyTorch layouts, and keeps their names ({@code state_dict} style) and arrays in creation order: weights and biases
 * uniform ±1/√fan_in ({@code nn.Linear} (out, in), fan_in = in; {@code nn.Conv2d} (out, in, k, k), fan_in = in·k·k;
 * {@code nn.ConvTranspose2d} (in, out, k, k), fan_in = size(1)·k·k = out·k·k); BatchNorm γ = 1, β = 0 (trainable),
 * running mean 0 and variance 1 (buffers, not trainable).
 */
final class LayerInit {
    private final NDManager manager;
    private final SplittableRandom rng;
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> params = new ArrayList<>();
    private final List<String> bufferNames = new ArrayList<>();
    private final List<NDArray> buffers = new ArrayList<>();

    LayerInit(NDManager manager, long seed) {
        this.manager = manager;
        this.rng = new SplittableRandom(seed);
    }

    /** {@code nn.Conv2d(in, out, k)}: {weight, bias}. */
    NDArray[] conv(String name, int in, int out, int k) {
        return uniform(name, new Shape(out, in, k, k), out, in * k * k);
    }

    /** {@code nn.ConvTranspose2d(in, out, k)}: {weight, bias}. */
    NDArray[] convT(String name, int in, int out, int k) {
        return uniform(name, new Shape(in, out, k, k), out, out * k * k);
    }

    /** {@code nn.Linear(in, out)}: {weight, bias}. */
    NDArray[] linear(String name, int in, int out) {
        return uniform(name, new Shape(out, in), out, in);
    }

    /** {@code nn.BatchNorm1d/2d(c)}: {weight γ, bias β, running_mean, running_var}; the last two are buffers. */
    NDArray[] batchNorm(String name, int c) {
        NDArray g = manager.ones(new Shape(c));
        NDArray b = manager.zeros(new Shape(c));
        NDArray rm = manager.zeros(new Shape(c));
        NDArray rv = manager.ones(new Shape(c));
        names.add(name + ".weight");
        params.add(g);
        names.add(name + ".bias");
        params.add(b);
        bufferNames.add(name + ".running_mean");
        buffers.add(rm);
        bufferNames.add(name + ".running_var");
        buffers.add(rv);
        return new NDArray[] {g, b, rm, rv};
    }

    private NDArray[] uniform(String name, Shape wShape, int out, int fanIn) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        float[] w = new float[(int) wShape.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        float[] b = new float[out];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        NDArray wa = TensorMemory.owned(manager, w, wShape);     // libtorch memory, see TensorMemory
        NDArray ba = TensorMemory.owned(manager, b, new Shape(out));
        names.add(name + ".weight");
        params.add(wa);
        names.add(name + ".bias");
        params.add(ba);
        return new NDArray[] {wa, ba};
    }

    /** The trainable arrays in creation order, with gradients attached. */
    NDList parameters() {
        for (NDArray a : params) {
            a.setRequiresGradient(true);
        }
        return new NDList(params);
    }

    List<String> parameterNames() {
        return Collections.unmodifiableList(new ArrayList<>(names));
    }

    /** The non-trainable state (BatchNorm running statistics) in creation order. */
    NDList buffers() {
        return new NDList(buffers);
    }

    List<String> bufferNames() {
        return Collections.unmodifiableList(new ArrayList<>(bufferNames));
    }
}
