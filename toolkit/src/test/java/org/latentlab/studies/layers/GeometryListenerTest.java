package org.latentlab.studies.layers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.data.Binarization;
import org.latentlab.data.ImageDataset;
import org.latentlab.models.ConvVae;
import org.latentlab.objectives.Elbo;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.VaeTrainer;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** A short real training of a small ConvVae with the geometry listener: records, BatchNorm state, resume. */
class GeometryListenerTest {
    static final LayersConfig CFG = new LayersConfig(1, new int[] {2, 3}, 0, 100, 2, new int[] {0, 1, 2}, 64, 1e-2,
            1e-4, 5L);

    /** Blurry random strokes on 32×32: enough structure for a VAE to learn in two epochs. */
    static ImageDataset images(String name, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] px = new float[n * 1024];
        for (int i = 0; i < n; i++) {
            int r0 = 4 + rng.nextInt(20);
            int c0 = 4 + rng.nextInt(20);
            boolean vertical = rng.nextBoolean();
            for (int t = 0; t < 8; t++) {
                int r = vertical ? r0 + t : r0;
                int c = vertical ? c0 : c0 + t;
                px[i * 1024 + r * 32 + c] = 1f;
                px[i * 1024 + Math.min(31, r + 1) * 32 + Math.min(31, c + 1)] = 0.5f;
            }
        }
        return new ImageDataset(name, px, new int[n], n, 1, 32, 32);
    }

    static TrainConfig train(Path dir, int epochs) {
        return new TrainConfig(epochs, CFG.batchSize(), CFG.learningRate(), CFG.seed(), Binarization.NONE, dir,
                CFG.weightDecay());
    }

    static List<LayerGeometry> run(Path dir, int epochs, ImageDataset tr, ImageDataset ev) {
        GeometryListener gl = new GeometryListener(ev, CFG, dir, null);
        try (ConvVae m = ConvVae.create(1, CFG.width(), 3, 7)) {
            new VaeTrainer(train(dir, epochs)).train(m, new Elbo(), tr, ev, gl);
        }
        return gl.records();
    }

    @Test
    void recordsCheckpointEpochsTrainsAndResumesIdentically(@TempDir Path tmp) {
        ImageDataset tr = images("train", 512, 1);
        ImageDataset ev = images("eval", 100, 2);
        List<LayerGeometry> straight = run(tmp.resolve("a"), 2, tr, ev);
        assertEquals(List.of(0, 1, 2), straight.stream().map(LayerGeometry::epoch).toList());
        LayerGeometry g0 = straight.get(0);
        LayerGeometry g2 = straight.get(2);
        LayerGeometry g1 = straight.get(1);
        assertTrue(g1.testBce() < g0.testBce() && g2.testBce() < g1.testBce(), "training lowers the test BCE: "
                + g0.testBce() + " → " + g1.testBce() + " → " + g2.testBce());
        assertEquals(2.0 / 100, g2.toInput()[0], 1e-15, "Δ(l0→l0) = 2/N");
        assertEquals(2.0 / 100, g2.toOutput()[10], 1e-15, "Δ(l10→l10) = 2/N");
        assertEquals(12, g2.id().length);
        assertEquals(10, g2.rho().length);
        for (double d : g2.toInput()) {
            assertTrue(d > 0 && d < 1.5, "Δ in (0, 1.5): " + d);
        }

        // interrupted after epoch 1, then resumed: the same records as the uninterrupted run
        Path b = tmp.resolve("b");
        assertEquals(List.of(0, 1), run(b, 1, tr, ev).stream().map(LayerGeometry::epoch).toList());
        List<LayerGeometry> resumed = run(b, 2, tr, ev);
        assertEquals(List.of(0, 1, 2), resumed.stream().map(LayerGeometry::epoch).toList());
        assertEquals(g2.testBce(), resumed.get(2).testBce(), 1e-9);
        assertArrayEquals(g2.id(), resumed.get(2).id(), 1e-9);
        assertArrayEquals(g2.toInput(), resumed.get(2).toInput(), 1e-12);

        // a record lost between the checkpoint and the record file: measured when training (re)starts
        GeometryListener.write(b.resolve(GeometryListener.FILE), 100, resumed.subList(0, 2));
        List<LayerGeometry> repaired = run(b, 2, tr, ev);
        assertEquals(List.of(0, 1, 2), repaired.stream().map(LayerGeometry::epoch).toList());
        assertArrayEquals(g2.id(), repaired.get(2).id(), 1e-9, "the restored model (BatchNorm statistics included)");
    }

    @Test
    void refusesRecordsOfAnotherN(@TempDir Path tmp) {
        GeometryListener.write(tmp.resolve(GeometryListener.FILE), 200, List.of());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new GeometryListener(images("eval", 100, 2), CFG, tmp, null));
        assertTrue(e.getMessage().contains("N = 200"), e.getMessage());
    }
}
