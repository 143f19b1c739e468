package org.latentlab.notebook;

import org.latentlab.Progress;

import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A {@link Progress} shown in the notebook: per task one output with a bar and "task: done/total (pct), s, ~s
 * left", updated in place at most every {@link LiveProgress#MIN_UPDATE_NANOS} where the kernel allows; elsewhere
 * one text line at the start, every {@link #TEXT_INTERVAL_NANOS} and at the end. A new task name, or the same
 * task starting over, begins a new output.
 */
public final class TaskProgress implements Progress {
    /** Minimum time between two text lines where outputs cannot be updated in place: 10 s. */
    public static final long TEXT_INTERVAL_NANOS = 10_000_000_000L;

    private final Display display;
    private final LongSupplier clock;
    private String task;
    private String displayId;
    private boolean inPlace;
    private long startNanos;
    private long lastNanos;
    private long lastDone;

    TaskProgress(Display display, LongSupplier clock) {
        this.display = Objects.requireNonNull(display, "display");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void update(String task, long done, long total) {
        long now = clock.getAsLong();
        if (!Objects.equals(task, this.task) || done < lastDone) {
            this.task = task;
            this.startNanos = now;
            this.lastNanos = now;
            this.lastDone = done;
            String line = Progress.Throttled.line(task, done, total, 0);
            displayId = display.bridge().live() ? display.html(html(line, done, total)) : null;
            inPlace = displayId != null && display.updateHtml(displayId, html(line, done, total));
            if (!inPlace) {
                display.text(line);
            }
            return;
        }
        lastDone = done;
        if (done < total && now - lastNanos < (inPlace ? LiveProgress.MIN_UPDATE_NANOS : TEXT_INTERVAL_NANOS)) {
            return;
        }
        lastNanos = now;
        String line = Progress.Throttled.line(task, done, total, (now - startNanos) / 1e9);
        if (inPlace) {
            display.updateHtml(displayId, html(line, done, total));
        } else {
            display.text(line);
        }
    }

    /** True when the current task's output is updated in place. */
    public synchronized boolean inPlace() {
        return inPlace;
    }

    private static String html(String line, long done, long total) {
        double f = total <= 0 ? 1 : Math.min(1, (double) done / total);
        return "<div class=\"latentlab-progress\" style=\"font-family:monospace;font-size:12px\"><div>"
                + Html.escape(line) + "</div><div style=\"width:360px;height:6px;background:#ddd;margin:3px 0\">"
                + "<div style=\"width:" + String.format(Locale.ROOT, "%.1f", 100 * f)
                + "%;height:6px;background:#1f77b4\"></div></div></div>";
    }
}
