package org.latentlab.notebook;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Live progress of an epoch-based computation (training) in a notebook.
 *
 * <p>Where the kernel supports {@code update_display_data} (rapaio, IJava, JJava) one HTML output is updated in
 * place: a progress bar, the running batch loss, a small curve of the per-epoch values and the per-epoch table.
 * Batch updates are throttled to one per {@link #MIN_UPDATE_NANOS}. Where it does not, one compact text line per
 * epoch is shown instead (streamed live as the cell runs); without a kernel these lines go to the log.
 * {@link #finish()} leaves the full per-epoch table.
 */
public final class LiveProgress {
    /** Minimum time between two in-place batch updates: 0.5 s. */
    public static final long MIN_UPDATE_NANOS = 500_000_000L;
    /** Epoch rows shown while running (all rows after {@link #finish()}). */
    static final int RUNNING_ROWS = 8;

    private final Display display;
    private final String title;
    private final LongSupplier clock;
    /** Epoch number → its row; ordered by epoch whatever the order of arrival. */
    private final TreeMap<Integer, Row> rows = new TreeMap<>();
    private String displayId;
    private boolean inPlace;
    private int totalEpochs;
    private long startNanos;
    private long lastUpdateNanos;
    private int curEpoch;
    private int curBatch;
    private int curBatches;
    private double curLoss = Double.NaN;
    private boolean finished;
    /** Epochs restored from a checkpoint before this run (0: none) and where from. */
    private int resumedAfter;
    private String resumedFrom;
    /** Epochs reported through {@link #epoch} by this run. */
    private int ranEpochs;

    LiveProgress(Display display, String title, LongSupplier clock) {
        this.display = Objects.requireNonNull(display, "display");
        this.title = title == null ? "progress" : title;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Shows the progress output for a run of {@code totalEpochs} epochs (numbered 1..totalEpochs). */
    public synchronized void start(int totalEpochs) {
        if (totalEpochs < 0) {
            throw new IllegalArgumentException("totalEpochs must be >= 0, got " + totalEpochs);
        }
        this.totalEpochs = totalEpochs;
        this.startNanos = clock.getAsLong();
        this.lastUpdateNanos = startNanos;
        this.displayId = display.bridge().live() ? display.html(html()) : null;
        // Probe once: a kernel that cannot update in place gets one line per epoch instead.
        this.inPlace = displayId != null && display.updateHtml(displayId, html());
        if (!inPlace) {
            display.text(title + ": " + totalEpochs + " epochs" + (resumedAfter > 0 ? " — " + resumeNote() : ""));
        }
    }

    /**
     * Reports that the run was restored from a checkpoint ({@code from}) after {@code epochsDone} epochs; the
     * output then says so instead of counting those epochs as trained now. Call before {@link #start}.
     */
    public synchronized void resumed(int epochsDone, String from) {
        if (epochsDone < 0) {
            throw new IllegalArgumentException("epochsDone must be >= 0, got " + epochsDone);
        }
        this.resumedAfter = epochsDone;
        this.resumedFrom = from;
    }

    private String resumeNote() {
        return resumedAfter >= totalEpochs
                ? String.format(Locale.ROOT, "loaded from checkpoint %s: all %d epochs were trained earlier, "
                + "nothing to train", resumedFrom, resumedAfter)
                : String.format(Locale.ROOT, "resumed from checkpoint %s after epoch %d", resumedFrom, resumedAfter);
    }

    /** Reports a finished batch; the output is refreshed at most every 0.5 s. */
    public synchronized void batch(int epoch, int batch, int batches, double loss) {
        curEpoch = epoch;
        curBatch = batch;
        curBatches = batches;
        curLoss = loss;
        long now = clock.getAsLong();
        if (inPlace && now - lastUpdateNanos >= MIN_UPDATE_NANOS) {
            lastUpdateNanos = now;
            display.updateHtml(displayId, html());
        }
    }

    /**
     * Reports a finished epoch with its values (e.g. train loss, test loss, in nats) and its duration in seconds.
     * The first two values are drawn in the running curve.
     */
    public synchronized void epoch(int epoch, double secondsTaken, Map<String, Double> values) {
        record(epoch, secondsTaken, values);
        ranEpochs++;
        curEpoch = epoch;
        curBatch = curBatches;
        if (inPlace) {
            lastUpdateNanos = clock.getAsLong();
            display.updateHtml(displayId, html());
        } else {
            display.text(line(epoch, secondsTaken, values));
        }
    }

    /**
     * Adds (or replaces) an epoch's row without refreshing the output, e.g. for epochs restored from a checkpoint;
     * it shows with the next refresh.
     */
    public synchronized void record(int epoch, double secondsTaken, Map<String, Double> values) {
        Objects.requireNonNull(values, "values");
        rows.put(epoch, new Row(secondsTaken, new LinkedHashMap<>(values)));
    }

    private record Row(double seconds, Map<String, Double> values) {}

    /** Marks the run finished; leaves the full per-epoch table in the output. */
    public synchronized void finish() {
        finished = true;
        if (inPlace) {
            display.updateHtml(displayId, html());
        } else if (display.bridge().live()) {
            if (resumedAfter > 0) {
                display.text(title + ": " + doneNote((clock.getAsLong() - startNanos) / 1e9));
            }
            display.html(Html.table(table(), Math.max(2, rows.size())));
        }
    }

    /** True when the output is updated in place (false: line per epoch). */
    public synchronized boolean inPlace() {
        return inPlace;
    }

    /** The per-epoch values so far: columns epoch, the value names, seconds. */
    public synchronized Table table() {
        Table t = Table.create(title);
        t.addColumns(IntColumn.create("epoch", rows.keySet().stream().mapToInt(Integer::intValue).toArray()));
        for (String key : keys()) {
            double[] v = rows.values().stream().mapToDouble(r -> r.values().getOrDefault(key, Double.NaN)).toArray();
            t.addColumns(DoubleColumn.create(key, v));
        }
        t.addColumns(DoubleColumn.create("seconds", rows.values().stream().mapToDouble(Row::seconds).toArray()));
        return t;
    }

    private List<String> keys() {
        LinkedHashMap<String, Boolean> keys = new LinkedHashMap<>();
        for (Row r : rows.values()) {
            r.values().keySet().forEach(k -> keys.put(k, Boolean.TRUE));
        }
        return new ArrayList<>(keys.keySet());
    }

    static String fmt(double v) {
        return Html.number(v);
    }

    private String line(int epoch, double secondsTaken, Map<String, Double> values) {
        StringBuilder b = new StringBuilder();
        b.append(title).append(" epoch ").append(epoch).append('/').append(totalEpochs);
        values.forEach((k, v) -> b.append("  ").append(k).append(' ').append(fmt(v)));
        b.append(String.format(Locale.ROOT, "  (%.1f s)", secondsTaken));
        return b.toString();
    }

    private String html() {
        double elapsed = (clock.getAsLong() - startNanos) / 1e9;
        double done = totalEpochs == 0 ? 1.0
                : Math.min(1.0, (rows.size() + (curBatches > 0 && curEpoch > rows.size()
                ? (double) curBatch / curBatches : 0.0)) / totalEpochs);
        StringBuilder b = new StringBuilder(2048);
        b.append("<div class=\"latentlab-progress\" style=\"font-family:monospace;font-size:12px\">");
        b.append("<div><b>").append(Html.escape(title)).append("</b> — ");
        if (finished) {
            b.append(Html.escape(doneNote(elapsed)));
        } else {
            if (resumedAfter > 0) {
                b.append(Html.escape(resumeNote())).append("; ");
            }
            b.append("epoch ").append(Math.max(curEpoch, rows.size())).append('/').append(totalEpochs);
            if (curBatches > 0) {
                b.append(", batch ").append(curBatch).append('/').append(curBatches);
            }
            b.append(", loss ").append(fmt(curLoss));
            b.append(String.format(Locale.ROOT, ", %.1f s", elapsed));
            if (done > 0 && done < 1) {
                b.append(String.format(Locale.ROOT, ", ~%.0f s left", elapsed * (1 - done) / done));
            }
        }
        b.append("</div>");
        b.append("<div style=\"width:360px;height:8px;background:#ddd;margin:3px 0\"><div style=\"width:")
                .append(String.format(Locale.ROOT, "%.1f", 100 * done))
                .append("%;height:8px;background:#1f77b4\"></div></div>");
        b.append(curve());
        Table t = table();
        if (t.rowCount() > 0) {
            int max = finished ? t.rowCount() : Math.min(t.rowCount(), RUNNING_ROWS);
            Table shown = finished ? t : t.inRange(t.rowCount() - max, t.rowCount());
            shown.setName(finished ? title + ": per-epoch history" : "last epochs");
            b.append(Html.table(shown, Math.max(2, shown.rowCount())));
        }
        b.append("</div>");
        return b.toString();
    }

    /** "done: 10 epochs in 12.3 s", or what was restored from a checkpoint and what was trained now. */
    private String doneNote(double elapsed) {
        if (resumedAfter <= 0) {
            return String.format(Locale.ROOT, "done: %d epochs in %.1f s", rows.size(), elapsed);
        }
        return ranEpochs == 0 ? resumeNote()
                : String.format(Locale.ROOT, "done: %s, then %d more epochs in %.1f s", resumeNote(), ranEpochs,
                elapsed);
    }

    /** Inline SVG of the first two value series against epoch. */
    private String curve() {
        List<String> keys = keys();
        if (rows.size() < 2 || keys.isEmpty()) {
            return "";
        }
        int w = 360;
        int h = 110;
        int pad = 6;
        List<String> drawn = keys.subList(0, Math.min(2, keys.size()));
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        List<Map<String, Double>> series = rows.values().stream().map(Row::values).toList();
        for (Map<String, Double> r : series) {
            for (String k : drawn) {
                Double v = r.get(k);
                if (v != null && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            return "";
        }
        if (hi == lo) {
            hi = lo + 1;
        }
        String[] colours = {"#1f77b4", "#ff7f0e"};
        StringBuilder b = new StringBuilder();
        b.append("<svg width=\"").append(w).append("\" height=\"").append(h)
                .append("\" style=\"border:1px solid #ccc;background:#fff\">");
        int n = rows.size();
        for (int s = 0; s < drawn.size(); s++) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < n; i++) {
                Double v = series.get(i).get(drawn.get(s));
                if (v == null || !Double.isFinite(v)) {
                    continue;
                }
                double x = pad + (w - 2.0 * pad) * i / (n - 1);
                double y = pad + (h - 2.0 * pad) * (hi - v) / (hi - lo);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            b.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colours[s])
                    .append("\" points=\"").append(pts.toString().trim()).append("\"/>");
            b.append("<text x=\"").append(w - 150).append("\" y=\"").append(16 + 14 * s)
                    .append("\" font-size=\"11\" fill=\"").append(colours[s]).append("\">")
                    .append(Html.escape(drawn.get(s))).append("</text>");
        }
        b.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"14\" font-size=\"10\" fill=\"#555\">%s</text>", fmt(hi)));
        b.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>", h - 6, fmt(lo)));
        b.append("</svg>");
        return b.toString();
    }
}
