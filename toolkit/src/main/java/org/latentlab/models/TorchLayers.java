package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Parameter creation in PyTorch layouts with PyTorch's default initialisation (weights and biases uniform in
 * ±1/√fan_in, fan_in = size(1)·k·k), drawn from a seeded {@link SplittableRandom}, for the hand-built conv models
 * ({@link HitConvVae}; {@link Ghvae} keeps its own copy of the same code until it can be switched over).
 * Each created pair is appended to {@code names} (".weight", ".bias") and {@code params}.
 */
final class TorchLayers {
    private final NDManager manager;
    private final SplittableRandom rng;
    private final List<String> names;
    private final List<NDArray> params;

    TorchLayers(NDManager manager, long seed, List<String> names, List<NDArray> params) {
        this.manager = manager;
        this.rng = new SplittableRandom(seed);
        this.names = names;
        this.params = params;
    }

    /** {@code nn.Conv2d(in, out, k)}: weight (out, in, k, k). */
    NDArray[] conv(String name, int in, int out, int k) {
        return layer(name, new Shape(out, in, k, k), out, in * k * k);
    }

    /** {@code nn.ConvTranspose2d(in, out, k)}: weight (in, out, k, k), fan_in = out·k·k as PyTorch computes it. */
    NDArray[] convT(String name, int in, int out, int k) {
        return layer(name, new Shape(in, out, k, k), out, out * k * k);
    }

    /** {@code nn.Linear(in, out)}: weight (out, in). */
    NDArray[] linear(String name, int in, int out) {
        return layer(name, new Shape(out, in), out, in);
    }

    private NDArray[] layer(String name, Shape wShape, int out, int fanIn) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        float[] w = new float[(int) wShape.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        float[] b = new float[out];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        NDArray wa = manager.create(w, wShape);
        NDArray ba = manager.create(b, new Shape(out));
        names.add(name + ".weight");
        params.add(wa);
        names.add(name + ".bias");
        params.add(ba);
        return new NDArray[] {wa, ba};
    }
}
