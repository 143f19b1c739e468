package org.latentlab.notebook;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class LiveProgressTest {
    private static Map<String, Double> values(double train, double test) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train loss", train);
        m.put("test loss", test);
        return m;
    }

    @Test
    void updatesOneOutputInPlaceWithThrottledBatchesAndEndsWithFullTable() {
        RecordingBridge rec = new RecordingBridge(true);
        AtomicLong clock = new AtomicLong();
        LiveProgress p = new LiveProgress(new Display(rec), "k = 2", clock::get);
        p.start(3);
        assertTrue(p.inPlace());
        assertEquals(1, rec.of("display").size());
        String id = rec.of("display").get(0).id();
        int updatesAfterStart = rec.of("update").size();

        // 10 batches 0.1 s apart: at most one update per 0.5 s
        for (int b = 1; b <= 10; b++) {
            clock.addAndGet(100_000_000L);
            p.batch(1, b, 10, 200.0 - b);
        }
        assertEquals(2, rec.of("update").size() - updatesAfterStart);
        for (int e = 1; e <= 3; e++) {
            p.epoch(e, 1.25, values(150.0 / e, 160.0 / e));
        }
        p.finish();
        assertEquals(1, rec.of("display").size(), "still one output");
        assertTrue(rec.of("update").stream().allMatch(o -> o.id().equals(id)));
        String last = (String) rec.of("update").get(rec.of("update").size() - 1).data();
        assertTrue(last.contains("done: 3 epochs"));
        assertTrue(last.contains("per-epoch history"));
        assertTrue(last.contains("<polyline"), "running curve drawn");
        assertTrue(last.contains(">53.333<"), "test loss of epoch 3 = 160/3");

        Table t = p.table();
        assertEquals(3, t.rowCount());
        assertEquals(java.util.List.of("epoch", "train loss", "test loss", "seconds"), t.columnNames());
        assertEquals(75.0, t.doubleColumn("train loss").get(1), 1e-12);
    }

    @Test
    void kernelWithoutUpdatesGetsOneLinePerEpochThenATable() {
        RecordingBridge rec = new RecordingBridge(false);
        LiveProgress p = new LiveProgress(new Display(rec), "run", System::nanoTime);
        p.start(2);
        assertFalse(p.inPlace());
        p.batch(1, 1, 5, 9.0);
        p.epoch(1, 0.5, values(2.0, 2.5));
        p.epoch(2, 0.5, values(1.0, 1.5));
        p.finish();
        var lines = rec.outputs.stream().filter(o -> o.mime().equals("text/plain"))
                .map(o -> (String) o.data()).toList();
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).startsWith("run epoch 1/2  train loss 2  test loss 2.5  (0.5 s)"));
        var last = rec.outputs.get(rec.outputs.size() - 1);
        assertEquals("text/html", last.mime());
        assertTrue(((String) last.data()).contains(">1.5<"));
    }

    @Test
    void negativeEpochCountIsRejected() {
        LiveProgress p = new LiveProgress(new Display(new RecordingBridge(true)), "x", System::nanoTime);
        assertThrows(IllegalArgumentException.class, () -> p.start(-1));
    }

    @Test
    void aRunLoadedFromItsCheckpointSaysSoInsteadOfDone() {
        RecordingBridge rec = new RecordingBridge(true);
        AtomicLong clock = new AtomicLong();
        LiveProgress p = new LiveProgress(new Display(rec), "cached", clock::get);
        p.resumed(10, "runs/x/checkpoint");
        p.start(10);
        for (int e = 1; e <= 10; e++) {
            p.record(e, 1.0, values(100, 110));
        }
        clock.addAndGet(200_000_000L);
        p.finish();
        String last = (String) rec.of("update").get(rec.of("update").size() - 1).data();
        assertTrue(last.contains("loaded from checkpoint runs/x/checkpoint: all 10 epochs were trained earlier, nothing to train"),
                last);
        assertFalse(last.contains("done: 10 epochs"), last);

        RecordingBridge rec2 = new RecordingBridge(true);
        LiveProgress q = new LiveProgress(new Display(rec2), "half", clock::get);
        q.resumed(4, "ck");
        q.start(6);
        q.epoch(5, 1.0, values(100, 110));
        q.epoch(6, 1.0, values(99, 109));
        q.finish();
        String end = (String) rec2.of("update").get(rec2.of("update").size() - 1).data();
        assertTrue(end.contains("resumed from checkpoint ck after epoch 4, then 2 more epochs in"), end);

        RecordingBridge rec3 = new RecordingBridge(false);
        LiveProgress t = new LiveProgress(new Display(rec3), "text", clock::get);
        t.resumed(3, "ck");
        t.start(3);
        t.finish();
        assertTrue(rec3.of("display").stream().anyMatch(o -> String.valueOf(o.data()).contains(
                "loaded from checkpoint ck: all 3 epochs were trained earlier")), "text kernels are told too");
    }
}
