package org.latentlab;

import org.slf4j.Logger;

import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Progress of a long evaluation (IS log-likelihood, VR bounds, mutual information, probes): {@code done} of
 * {@code total} units of a named task are finished. Estimators take one as an optional last argument; the
 * notebook shows it in place ({@code org.latentlab.notebook.Notebook.taskProgress()}), the command line logs it on
 * stderr ({@link #log}). May be called from several threads at once; implementations must be thread-safe.
 */
@FunctionalInterface
public interface Progress {
    /** Reports nothing. */
    Progress NONE = (task, done, total) -> { };

    /**
     * {@code done} of {@code total} units of {@code task} are finished (0 ≤ done ≤ total; done = total last).
     */
    void update(String task, long done, long total);

    /** {@code p}, or {@link #NONE} for null. */
    static Progress orNone(Progress p) {
        return p == null ? NONE : p;
    }

    /**
     * Logs at INFO, at most once every {@code minSeconds} per task plus the task's first and last update:
     * "IS log-likelihood K=500: 300/1000 (30 %), 12.1 s, ~28 s left". The command line's logger writes to stderr.
     */
    static Progress log(Logger log, double minSeconds) {
        return new Throttled(System::nanoTime, minSeconds, log::info);
    }

    /** Throttled text lines for {@link #log}: one per task start, its end, and at most one per interval between. */
    final class Throttled implements Progress {
        private final LongSupplier clock;
        private final long minNanos;
        private final java.util.function.Consumer<String> sink;
        private String task;
        private long startNanos;
        private long lastNanos;
        private long lastDone;

        /** Passes one line per throttled update to {@code sink}; {@code clock} in nanoseconds. */
        public Throttled(LongSupplier clock, double minSeconds, java.util.function.Consumer<String> sink) {
            if (!(minSeconds >= 0)) {
                throw new IllegalArgumentException("minSeconds must be >= 0, got " + minSeconds);
            }
            this.clock = Objects.requireNonNull(clock, "clock");
            this.minNanos = (long) (minSeconds * 1e9);
            this.sink = Objects.requireNonNull(sink, "sink");
        }

        @Override
        public synchronized void update(String task, long done, long total) {
            long now = clock.getAsLong();
            // a new task, or the same task started over (e.g. the next model of a sweep)
            boolean first = !Objects.equals(task, this.task) || done < lastDone;
            lastDone = done;
            if (first) {
                this.task = task;
                this.startNanos = now;
            } else if (done < total && now - lastNanos < minNanos) {
                return;
            }
            lastNanos = now;
            sink.accept(line(task, done, total, (now - startNanos) / 1e9));
        }

        /** "task: done/total (pct %), s s, ~s s left" (no estimate before the first unit or after the last). */
        public static String line(String task, long done, long total, double seconds) {
            StringBuilder b = new StringBuilder(task).append(": ").append(done).append('/').append(total);
            if (total > 0) {
                b.append(String.format(Locale.ROOT, " (%.0f %%)", 100.0 * done / total));
            }
            b.append(String.format(Locale.ROOT, ", %.1f s", seconds));
            if (done > 0 && done < total) {
                b.append(String.format(Locale.ROOT, ", ~%.0f s left", seconds * (total - done) / done));
            } else if (done >= total) {
                b.append(", done");
            }
            return b.toString();
        }
    }
}
