package org.latentlab.studies.hit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.models.Ghvae;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The grid driver on synthetic 28×28 data: a 2×2 grid, one epoch of two steps per model (the GHVAE's autograd path;
 * see issue 9 for its intermittent NaN on some CPUs), evaluated with a fixed stand-in classifier.
 */
class HitGridTest {
    /** Class probabilities that depend on the image (its mean brightness picks the favoured class). */
    static final BiFunction<float[], Integer, double[]> CLASSIFIER = (px, n) -> {
        double[] p = new double[n * 10];
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (int j = 0; j < 784; j++) {
                mean += px[i * 784 + j];
            }
            int c = (int) Math.min(9, Math.floor(mean / 784 * 40));
            Arrays.fill(p, i * 10, i * 10 + 10, 0.02);
            p[i * 10 + c] = 0.82;
        }
        return p;
    };

    static HitConfig tiny() {
        return HitConfig.quick().withBetas(0.5, 2).withSizes(64, 60).withEpochs(1)
                .withEvaluation(50, 5, 40, 50).withBatch(32);
    }

    @Test
    void trainsEvaluatesCachesAndRefusesAnotherConfiguration(@TempDir Path dir) throws Exception {
        HitGrid g = new HitGrid(tiny(), dir, HitTestData.split(64, 60));
        assertEquals(4, g.plan().size());
        List<String> seen = new ArrayList<>();
        List<HitResult> rs = g.run(CLASSIFIER, new HitGrid.Listener() {
            @Override
            public void onCellStart(int index, int total, String id, boolean cached) {
                seen.add(id + (cached ? ":cached" : ""));
            }
        });
        assertEquals(List.of("b1-0.5_b2-0.5", "b1-2_b2-0.5", "b1-0.5_b2-2", "b1-2_b2-2"), seen);
        for (HitResult r : rs) {
            assertTrue(Files.isRegularFile(g.store().runDir(HitStudy.runSpec(r.beta1(), r.beta2()))
                    .resolve("result.json")));
            assertTrue(r.rateZ2() > 0 && r.rateZ1GivenZ2() > 0 && r.distortion() > 0, r.toString());
            assertTrue(r.psnr() > 0 && r.is() >= 1 && r.is() <= 10, r.toString());
            assertEquals(60L * (20 + 256 + 256), r.sigmaValues());
            assertTrue(Double.isFinite(r.finalTestLoss()));
        }
        // a re-run reads every cell back, identical
        seen.clear();
        List<HitResult> again = new HitGrid(tiny(), dir, HitTestData.split(64, 60)).run(CLASSIFIER,
                new HitGrid.Listener() {
                    @Override
                    public void onCellStart(int index, int total, String id, boolean cached) {
                        seen.add(id + (cached ? ":cached" : ""));
                    }
                });
        assertTrue(seen.stream().allMatch(s -> s.endsWith(":cached")), seen.toString());
        for (int i = 0; i < rs.size(); i++) {
            assertEquals(rs.get(i).psnr(), again.get(i).psnr(), 0.0);
            assertArrayEquals(rs.get(i).accZ1(), again.get(i).accZ1(), 0.0);
        }
        // the trained model comes back from its checkpoint and reproduces the cached PSNR's reconstructions
        try (Ghvae m = g.model(0.5, 2)) {
            float[] rec = HitEvaluation.meanChain(m, g.testData()).reconstructions();
            assertEquals(rs.get(2).psnr(), org.latentlab.metrics.Psnr.of(rec, g.testData().pixels()), 1e-9);
        }
        var e = assertThrows(IllegalStateException.class, () -> g.model(3, 3));
        assertTrue(e.getMessage().contains("b1-3_b2-3") && e.getMessage().contains("run the grid first"));
        var other = new HitGrid(tiny().withEpochs(2), dir, HitTestData.split(64, 60));
        e = assertThrows(IllegalStateException.class, () -> other.run(CLASSIFIER, null));
        assertTrue(e.getMessage().contains("another configuration (epochs 1 vs 2)"), e.getMessage());
        // a gallery of the corners
        var img = HitFigures.gallery(g, 3, 1);
        assertTrue(img.getWidth() > 6 * 28 && img.getHeight() > 5 * 28);
    }

    @Test
    void aCorruptResultFileIsNamed(@TempDir Path dir) throws Exception {
        HitGrid g = new HitGrid(tiny(), dir, HitTestData.split(64, 60));
        Path f = g.store().runDir(HitStudy.runSpec(0.5, 0.5)).resolve("result.json");  // the first cell
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\"beta1\": 1, \"accZ2\": [1, 2]}");
        var e = assertThrows(IllegalStateException.class, () -> g.run(CLASSIFIER, null));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("delete it"), e.getMessage());
    }
}
