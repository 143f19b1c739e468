package org.latentlab.notebook;

import org.junit.jupiter.api.Test;
import org.latentlab.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskProgressTest {
    @Test
    void oneOutputPerTaskUpdatedInPlaceAtMostEveryHalfSecond() {
        RecordingBridge rec = new RecordingBridge(true);
        AtomicLong clock = new AtomicLong();
        TaskProgress p = new TaskProgress(new Display(rec), clock::get);
        p.update("IS log-likelihood K=500", 0, 1000);
        assertTrue(p.inPlace());
        int afterStart = rec.of("update").size();
        for (int done = 100; done <= 1000; done += 100) {
            clock.addAndGet(200_000_000L); // 0.2 s per 100 examples
            p.update("IS log-likelihood K=500", done, 1000);
        }
        // 2 s in 0.2 s steps: at most one update per 0.5 s, plus the last one
        int updates = rec.of("update").size() - afterStart;
        assertTrue(updates >= 4 && updates <= 5, "updates " + updates);
        String last = (String) rec.of("update").get(rec.of("update").size() - 1).data();
        assertTrue(last.contains("IS log-likelihood K=500: 1000/1000 (100 %), 2.0 s, done"), last);
        assertEquals(1, rec.of("display").size());

        p.update("IS log-likelihood K=500", 0, 1000); // the next model: the same task starts over
        p.update("mutual information I(z; label)", 0, 50);
        assertEquals(3, rec.of("display").size(), "a new output per task run");
    }

    @Test
    void withoutInPlaceUpdatesTextLinesAreSparse() {
        RecordingBridge rec = new RecordingBridge(false);
        AtomicLong clock = new AtomicLong();
        TaskProgress p = new TaskProgress(new Display(rec), clock::get);
        for (int done = 0; done <= 100; done++) {
            clock.addAndGet(1_000_000_000L); // 1 s per unit: a line at most every 10 s
            p.update("probes on mu", done, 100);
        }
        assertFalse(p.inPlace());
        List<Object> texts = new ArrayList<>();
        rec.of("display").stream().filter(o -> o.mime().equals(KernelBridge.TEXT)).forEach(o -> texts.add(o.data()));
        assertTrue(texts.size() >= 10 && texts.size() <= 12, "lines " + texts.size());
        assertTrue(String.valueOf(texts.get(texts.size() - 1)).endsWith(", done"), texts.toString());
    }

    @Test
    void logLinesAreThrottledAndWorded() {
        List<String> lines = new ArrayList<>();
        AtomicLong clock = new AtomicLong();
        Progress log = new Progress.Throttled(clock::get, 5, lines::add);
        for (int done = 0; done <= 20; done++) {
            log.update("bound vr(0), K=10", done, 20);
            clock.addAndGet(1_000_000_000L);
        }
        assertEquals(List.of("bound vr(0), K=10: 0/20 (0 %), 0.0 s", "bound vr(0), K=10: 5/20 (25 %), 5.0 s, ~15 s left",
                "bound vr(0), K=10: 10/20 (50 %), 10.0 s, ~10 s left", "bound vr(0), K=10: 15/20 (75 %), 15.0 s, ~5 s left",
                "bound vr(0), K=10: 20/20 (100 %), 20.0 s, done"), lines);
        assertThrows(IllegalArgumentException.class, () -> new Progress.Throttled(clock::get, -1, lines::add));
        assertEquals(Progress.NONE, Progress.orNone(null));
    }
}
