package org.latentlab.studies.largelatent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.LatentLab;
import org.latentlab.data.Mnist;
import org.latentlab.models.MnistClassifier;
import org.latentlab.studies.renyi.RenyiSweepTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LargeLatentSweepTest {
    static LargeLatentConfig tiny() {
        return new LargeLatentConfig(new int[]{2, 6}, 1, 300, 2, 50, 2e-3, 100, 120, 100, 100, 100, 5, 50, 50, 3, 10,
                3, 4, 5L);
    }

    @Test
    void sweepTrainsBothArmsMeasuresAndReusesItsCache(@TempDir Path dir) throws Exception {
        LatentLab.init();
        Mnist.Split data = new Mnist.Split(RenyiSweepTest.bars("train", 300, 1), RenyiSweepTest.bars("test", 150, 2));
        List<String> events = new ArrayList<>();
        LargeLatentSweep.Listener rec = new LargeLatentSweep.Listener() {
            @Override
            public void onRunStart(int index, int total, String id, boolean cached) {
                events.add(id + (cached ? ":cached" : ":new"));
            }
        };
        try (MnistClassifier cls = MnistClassifier.create(3)) {
            LargeLatentSweep sweep = new LargeLatentSweep(tiny(), dir, data);
            List<LatentRun> runs = sweep.run(cls, rec);
            assertEquals(List.of("sum-d2-s0:new", "sum-d6-s0:new", "mean-d2-s0:new", "mean-d6-s0:new"), events);
            for (LatentRun r : runs) {
                assertEquals(r.d(), r.klPerDim().length);
                assertEquals(Arrays.stream(r.klPerDim()).sum(), r.totalKl(), 1e-9 * Math.max(1, r.totalKl()));
                assertTrue(r.auBurda() >= 0 && r.auBurda() <= r.d() && r.activeDims().length == r.auBurda());
                assertEquals(r.arm().equals("sum") ? 1.0 : 784.0 / r.d(), r.beta(), 1e-12);
                LatentRun.Mismatch m = r.mismatch();
                assertEquals(m.surgeryMeanKl(), m.surgeryMi() + m.surgeryMarginalKl(), 1e-9);
                assertTrue(m.surgeryMi() <= m.surgeryCap() + 1e-9, "Î_q ≤ log M");
                assertEquals(Math.log(120), m.surgeryCap(), 1e-12);
                assertTrue(m.coverage() >= 0 && m.coverage() <= 1);
                assertTrue(m.c2stLogistic() >= 0 && m.c2stLogistic() <= 1 && m.c2stBandHigh() > 0.5);
                assertEquals(LatentSources.ALL.length, r.sources().size());
                for (LatentRun.SourceQuality q : r.sources()) {
                    if (Double.isFinite(q.is())) {
                        assertTrue(q.is() >= 1 - 1e-9 && q.is() <= 10 + 1e-9, q.toString());
                        assertTrue(q.confident() >= 0 && q.confident() <= 1);
                    } else {
                        assertTrue(!q.note().isEmpty(), "a missing source says why: " + q);
                    }
                }
                assertTrue(Double.isNaN(r.source(LatentSources.PRIOR).agreement()), "the prior has no source image");
                assertTrue(r.source(LatentSources.AGGREGATE).agreement() >= 0);
                assertEquals(2, r.gaps().size(), "one gap point per epoch");
                assertEquals(2, r.nearest().size());
                assertTrue(r.nearest().get(0).meanRatio() > 0 && r.nearest().get(0).meanRatio() <= 1);
                assertTrue(r.recon().testIwae() >= r.recon().testElbo() - 5, "IWAE (K = 5) is not far below the ELBO");
                assertTrue(Files.isRegularFile(sweep.store().runDir(sweep.store().plan().stream()
                        .filter(p -> p.name().equals(r.id())).findFirst().orElseThrow()).resolve("grid.npy")));
            }
            float[][] grid = sweep.grid(new LargeLatentSweep.Spec(Arm.MEAN, 6, 0));
            assertEquals(LatentSources.ALL.length, grid.length);
            assertEquals(LargeLatentSweep.GRID_IMAGES * 784, grid[0].length);

            events.clear();
            List<LatentRun> again = new LargeLatentSweep(tiny(), dir, data).run(cls, rec);
            assertEquals(List.of("sum-d2-s0:cached", "sum-d6-s0:cached", "mean-d2-s0:cached", "mean-d6-s0:cached"),
                    events);
            assertEquals(runs.get(3).mismatch(), again.get(3).mismatch());

            List<org.latentlab.notebook.Replication.Check> checks = LargeLatentReplication.checks(runs);
            for (org.latentlab.notebook.Replication.Check c : checks) {
                assertTrue(Set.of("reproduced", "not reproduced", "n/a").contains(c.verdict()), c.toString());
            }
            assertTrue(LargeLatentReplication.answer(runs, checks).contains("confounder"));
            assertEquals(checks.size(), LargeLatentReplication.table(checks).table().rowCount());
            assertEquals(runs.size(), LargeLatentFigures.summary(runs).rowCount());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new LargeLatentSweep(tiny().withLatentDims(3), dir, data));
        assertTrue(e.getMessage().contains("another configuration (latentDims [2,6] vs [3])"), e.getMessage());
    }

    @Test
    void meanArmIsTheBetaVaeWithBeta784OverD() {
        assertEquals(1.0, Arm.SUM.beta(784, 65_536), 0.0);
        assertEquals(784.0 / 65_536, Arm.MEAN.beta(784, 65_536), 1e-15);
        assertEquals(784.0 / 512, Arm.MEAN.objective(784, 512).beta(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Arm.MEAN.beta(784, 0));
    }

    @Test
    void configRefusesBadBudgetsWithTheirNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LargeLatentConfig(
                new int[]{2}, 1, 300, 2, 50, 2e-3, 100, 120, 100, 100, 101, 5, 50, 50, 3, 10, 3, 4, 5L));
        assertTrue(e.getMessage().startsWith("sampleCount"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tiny().withLatentDims());
        assertTrue(e.getMessage().startsWith("latentDims"), e.getMessage());
        // d = 1024 > 784: the mean-normalized arm reaches β_eff < 1, so quick mode can decide the confounder
        assertEquals(List.of(2, 8, 32, 128, 512, 1024), Arrays.stream(LargeLatentConfig.quick().latentDims()).boxed()
                .toList());
    }
}
