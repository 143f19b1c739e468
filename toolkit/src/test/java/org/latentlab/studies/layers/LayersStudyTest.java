package org.latentlab.studies.layers;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.LatentLab;
import org.latentlab.data.Mnist;
import org.latentlab.studies.renyi.RenyiSweepTest;
import org.latentlab.sweep.RunState;
import org.latentlab.sweep.RunStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study's run loop on the sweep engine: every bottleneck once, reused on a re-run, resumable, guarded. */
@Tag("numeric")
class LayersStudyTest {
    static final LayersConfig TINY = new LayersConfig(1, new int[] {2, 3}, 0, 100, 2, new int[] {0, 1, 2}, 64, 1e-2,
            1e-4, 3L);

    @Test
    void trainsEveryBottleneckOnceThenReusesItsRecords(@TempDir Path dir) throws Exception {
        LatentLab.init();
        Mnist.Split data = new Mnist.Split(RenyiSweepTest.bars("train", 200, 1), RenyiSweepTest.bars("test", 120, 2));
        List<String> seen = new ArrayList<>();
        LayersStudy.Progress p = new LayersStudy.Progress() {
            @Override
            public void onRunStart(int k, int index, int total, boolean cached) {
                seen.add("K" + k + (cached ? ":cached" : ""));
            }
        };
        LayersStudy.Result first = new LayersStudy(TINY, dir, data).run(p);
        assertEquals(List.of("K2", "K3"), seen);
        assertEquals(3, first.geometry().get(2).size(), "geometry at epochs 0, 1, 2");
        assertEquals(2, first.history().get(3).size());
        assertEquals(1, first.cross().size());
        LayersStudy again = new LayersStudy(TINY, dir, data);
        seen.clear();
        LayersStudy.Result second = again.run(p);
        assertEquals(List.of("K2:cached", "K3:cached"), seen);
        assertArrayEquals(first.last(3).id(), second.last(3).id(), 0.0);
        assertArrayEquals(first.last(3).forward(), second.last(3).forward(), 0.0);
        assertEquals(first.history(), second.history());
        // the store is the engine's: each bottleneck DONE once, its checkpoint in its run folder
        RunStore store = RunStore.open(dir);
        assertEquals("layers", store.study().name());
        assertEquals(RunState.DONE, store.state(LayersStudy.runSpec(2)));
        assertEquals(1, store.attempts(LayersStudy.runSpec(3)));
        assertTrue(Files.isRegularFile(again.dir(3).resolve("geometry.json")));
        try (var m = again.load(2)) {
            assertEquals(2, m.latentDim());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new LayersStudy(new LayersConfig(1, new int[] {2, 3}, 0, 100, 3, new int[] {0, 1, 3}, 64, 1e-2,
                        1e-4, 3L), dir, data).run(null));
        assertTrue(e.getMessage().contains("another configuration (checkpointEpochs [0,1,2] vs [0,1,3], epochs 2 vs 3)"),
                e.getMessage());
    }
}
