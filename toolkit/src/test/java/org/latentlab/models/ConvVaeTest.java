package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.latentlab.LatentLab;
import org.latentlab.data.Npy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class ConvVaeTest {
    /** SPEC §1(b) / §H.4: the paper's model (S = 32, C = 1) has exactly these trainable parameter counts. */
    @Test
    void hasTheSpecParameterCounts() {
        long[][] want = {{2, 3_422_597}, {16, 3_465_633}, {128, 3_809_921}};
        for (long[] w : want) {
            try (ConvVae m = ConvVae.create(1, 32, (int) w[0], 0)) {
                assertEquals(w[1], m.parameterCount(), "K = " + w[0]);
                assertEquals(m.parameters().size(), m.parameterNames().size());
            }
        }
        // C = 3: +4,098 (first conv 3 input channels, last ConvT 3 outputs)
        try (ConvVae m = ConvVae.create(3, 32, 2, 0)) {
            assertEquals(3_422_597 + 4_098, m.parameterCount());
        }
    }

    static float[] images(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[n * 1024];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.2 ? (float) rng.nextDouble() : 0f;
        }
        return x;
    }

    /** Eleven recorded layers with the SPEC's widths (scaled by S), l5 the sampled z, μ last; eval mode is restored. */
    @Test
    void activationsHaveTheLayerWidthsAndAreDeterministicPerSeed() {
        int s = 2;
        int k = 3;
        try (ConvVae m = ConvVae.create(1, s, k, 4)) {
            float[] x = images(7, 1);
            m.setTraining(true);
            ConvVae.Activations a = m.activations(x, 7, 9);
            assertTrue(m.isTraining(), "the model's mode is restored");
            int[] widths = {1024, 2 * s * 256, 4 * s * 64, 8 * s * 16, 8 * s * 4, k, 8 * s * 4, 8 * s * 16,
                    4 * s * 64, 2 * s * 256, 1024, k};
            assertEquals(ConvVae.LAYERS.size(), a.layers().length);
            for (int i = 0; i < widths.length; i++) {
                assertEquals(widths[i], a.dim(i), ConvVae.LAYERS.get(i));
            }
            assertArrayEquals(x, a.layers()[0]);
            for (float v : a.layers()[10]) {
                assertTrue(v >= 0f && v <= 1f, "l10 is a sigmoid output");
            }
            assertFalse(java.util.Arrays.equals(a.layers()[5], a.layers()[11]), "l5 is sampled, not μ");
            ConvVae.Activations b = m.activations(x, 7, 9);
            for (int i = 0; i < widths.length; i++) {
                assertArrayEquals(a.layers()[i], b.layers()[i], ConvVae.LAYERS.get(i));
            }
        }
    }

    /** Training mode normalises with batch statistics and moves the running ones; eval mode uses the running ones. */
    @Test
    void trainingModeUpdatesRunningStatisticsAndChangesOutputs() {
        try (ConvVae m = ConvVae.create(1, 1, 2, 5); NDManager mgr = LatentLab.init().newBaseManager()) {
            assertEquals(16, m.buffers().size(), "8 BatchNorm layers × (running mean, running var)");
            assertEquals("encoder.bn1.running_mean", m.bufferNames().get(0));
            NDArray x = mgr.create(images(16, 2), new Shape(16, 1024));
            float[] evalMu = m.encode(x).mu().toFloatArray();
            float[] before = m.buffers().get(0).toFloatArray();
            assertArrayEquals(new float[before.length], before, 0f);
            m.setTraining(true);
            float[] trainMu = m.encode(x).mu().toFloatArray();
            float[] after = m.buffers().get(0).toFloatArray();
            assertFalse(java.util.Arrays.equals(before, after), "running mean moved in training mode");
            m.setTraining(false);
            float[] stillAfter = m.buffers().get(0).toFloatArray();
            m.encode(x);
            assertArrayEquals(stillAfter, m.buffers().get(0).toFloatArray(), 0f, "eval mode leaves them");
            assertFalse(java.util.Arrays.equals(evalMu, trainMu));
        }
    }

    @Test
    void exportsLayersAsNpyForDadapy(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (ConvVae m = ConvVae.create(1, 1, 2, 6)) {
            ConvVae.Activations a = m.activations(images(5, 3), 5, 1);
            a.writeNpy(dir);
            for (int i = 0; i < ConvVae.LAYERS.size(); i++) {
                Npy.NpyArray r = Npy.read(dir.resolve(ConvVae.LAYERS.get(i) + ".npy"));
                assertArrayEquals(new long[] {5, a.dim(i)}, r.shape());
                assertArrayEquals(a.layers()[i], (float[]) r.data());
            }
            try (var files = Files.list(dir)) {
                assertEquals(ConvVae.LAYERS.size(), files.count(), "no temporary files left");
            }
        }
    }

    @Test
    void rejectsBadSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConvVae.create(1, 0, 2, 0));
        assertTrue(e.getMessage().contains("S=0"), e.getMessage());
        try (ConvVae m = ConvVae.create(1, 1, 2, 0)) {
            e = assertThrows(IllegalArgumentException.class, () -> m.activations(new float[100], 1, 0));
            assertTrue(e.getMessage().contains("1024"), e.getMessage());
        }
    }

    /**
     * A forward and backward pass leaves nothing in the model's own manager: arrays derived from the weights (the
     * flipped, split kernels of the transposed convolutions) belong to the batch's manager and die with it.
     */
    @Test
    void stepsDoNotAccumulateArraysInTheModelsManager() {
        ai.djl.engine.Engine engine = LatentLab.init();
        try (ConvVae m = ConvVae.create(1, 1, 2, 8)) {
            int before = ((ai.djl.ndarray.BaseNDManager) m.manager()).getManagedArrays().size();
            m.setTraining(true);
            for (int i = 0; i < 3; i++) {
                try (NDManager step = m.manager().newSubManager();
                     ai.djl.training.GradientCollector gc = engine.newGradientCollector()) {
                    NDArray x = step.create(images(4, i), new Shape(4, 1024));
                    gc.backward(new org.latentlab.objectives.Elbo().loss(m, x).value());
                }
            }
            m.activations(images(3, 5), 3, 1);
            assertEquals(before, ((ai.djl.ndarray.BaseNDManager) m.manager()).getManagedArrays().size());
        }
    }
}
