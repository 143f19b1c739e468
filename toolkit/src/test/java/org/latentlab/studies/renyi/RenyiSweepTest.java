package org.latentlab.studies.renyi;

import org.junit.jupiter.api.Tag;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunState;
import org.latentlab.sweep.SweepListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.LatentLab;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.probes.ProbeConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("numeric")
public class RenyiSweepTest {
    /** Three classes of 28×28 images: a bright bar in one of three bands, plus noise. */
    public static ImageDataset bars(String name, int n, long seed) {
        Random r = new Random(seed);
        float[] px = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int row = 0; row < 28; row++) {
                for (int col = 0; col < 28; col++) {
                    boolean on = row / 9 == y[i] && col > 3 && col < 24;
                    px[i * 784 + row * 28 + col] = on ? 0.9f : 0.05f * r.nextFloat();
                }
            }
        }
        return new ImageDataset(name, px, y, n, 1, 28, 28);
    }

    private static RenyiSweepConfig tiny() {
        return new RenyiSweepConfig(new int[]{4}, new double[]{0}, true, 300, 150, 3, 3, 50, 2e-3,
                new int[]{1, 3}, 150, 5, 200, 60, 5L);
    }

    @Test
    void sweepTrainsMeasuresCachesAndReuses(@TempDir Path dir) throws Exception {
        LatentLab.init();
        Mnist.Split data = new Mnist.Split(bars("train", 300, 1), bars("test", 150, 2));
        List<String> events = new ArrayList<>();
        SweepListener recorder = new SweepListener() {
            @Override
            public void onRunStart(int index, int total, RunSpec spec, RunState state) {
                events.add(spec.name() + ":" + state.label());
            }
        };
        RenyiSweep sweep = new RenyiSweep(tiny(), dir, ProbeConfig.defaults(), data);
        List<RenyiResult> first = sweep.run(recorder);
        assertEquals(List.of("k4-elbo:pending", "k4-vr0:pending"), events);
        assertEquals(2, first.size());
        RenyiResult elbo = first.get(0);
        assertEquals(4, elbo.eigenvalues().length);
        assertTrue(elbo.activeComponents() >= 1, "a trained model uses at least one latent component");
        // probes at epochs 1 and 3, three feature sets each; bars are easy: accuracy high at the end
        assertEquals(6, elbo.probes().size());
        assertTrue(elbo.finalAccuracy("logistic", "mu") > 0.9, "probe accuracy " + elbo.finalAccuracy("logistic", "mu"));
        // IWAE estimate (K = 200) above the MC ELBO (K = 5) on the trained model
        assertTrue(elbo.isLogLikelihood() > elbo.vrBound(),
                "IS " + elbo.isLogLikelihood() + " must exceed the ELBO " + elbo.vrBound());
        assertEquals(3, elbo.history().size());
        RunSpec vr0 = sweep.runSpec(new RenyiSweep.Spec(4, "0"));
        Path vr0Dir = dir.resolve("runs").resolve(vr0.id());
        assertTrue(Files.isRegularFile(vr0Dir.resolve("model.npz")));
        assertEquals(vr0Dir, sweep.store().runDir(vr0));

        events.clear();
        List<RenyiResult> second = new RenyiSweep(tiny(), dir, ProbeConfig.defaults(), data).run(recorder);
        assertEquals(List.of("k4-elbo:done", "k4-vr0:done"), events);
        assertEquals(first.get(1).isLogLikelihood(), second.get(1).isLogLikelihood(), 0.0);
        assertEquals(first.get(0).probes(), second.get(0).probes());

        // an interrupted run (result and model gone, checkpoint kept) resumes without retraining epochs
        Files.delete(vr0Dir.resolve("result.json"));
        Files.delete(vr0Dir.resolve("model.npz"));
        events.clear();
        List<RenyiResult> third = new RenyiSweep(tiny(), dir, ProbeConfig.defaults(), data).run(recorder);
        assertEquals(List.of("k4-elbo:done", "k4-vr0:partial"), events);
        assertEquals(2, sweep.store().attempts(vr0), "the interrupted run was started twice");
        assertEquals(first.get(1).history(), third.get(1).history(), "resumed history equals the original");
        assertEquals(first.get(1).isLogLikelihood(), third.get(1).isLogLikelihood(), 1e-9);

        // another configuration in the same directory is refused
        RenyiSweep other = new RenyiSweep(tiny().withSeed(6), dir, ProbeConfig.defaults(), data);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.run(null));
        assertTrue(e.getMessage().contains("another configuration (sweep.seed 5 vs 6)"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(first.get(1).objective().isEmpty());
    }

    @Test
    void configRejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> tiny().withAlphas(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> tiny().withLatentDims());
        assertThrows(IllegalArgumentException.class, () -> tiny().withSizes(300, 150, 151, 60));
        assertEquals(List.of(new RenyiSweep.Spec(30, "elbo"), new RenyiSweep.Spec(30, "1"),
                        new RenyiSweep.Spec(30, "0.5"), new RenyiSweep.Spec(30, "0"), new RenyiSweep.Spec(30, "max")),
                new RenyiSweep(RenyiSweepConfig.quick(), Path.of("unused")).plan());
    }
}
