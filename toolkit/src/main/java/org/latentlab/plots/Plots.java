package org.latentlab.plots;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Factories for the Tablesaw/Plotly figures the notebooks show. Show them with
 * {@code org.latentlab.notebook.Notebook.show(figure)} (offline plotly bundle).
 */
public final class Plots {
    /** Default figure width in pixels. */
    public static final int WIDTH = 640;
    /** Default figure height in pixels. */
    public static final int HEIGHT = 420;
    /** Plotly's default qualitative palette ("D3 category10"): one colour per digit class. */
    public static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

    private Plots() {}

    private static Layout layout(String title, String xTitle, String yTitle) {
        return Layout.builder().title(title).width(WIDTH).height(HEIGHT)
                .xAxis(Axis.builder().title(xTitle).build())
                .yAxis(Axis.builder().title(yTitle).build())
                .build();
    }

    private static NumericColumn<?> numeric(Table t, String name) {
        if (!t.columnNames().contains(name)) {
            throw new IllegalArgumentException("table '" + t.name() + "' has no column '" + name
                    + "'; it has " + t.columnNames());
        }
        Column<?> c = t.column(name);
        if (!(c instanceof NumericColumn<?> n)) {
            throw new IllegalArgumentException("column '" + name + "' of table '" + t.name()
                    + "' must be numeric, is " + c.type().name());
        }
        return n;
    }

    /**
     * Line chart of several numeric columns of {@code t} against column {@code x}, one line (with markers) per
     * column, e.g. a training history: {@code lines("Loss", history, "epoch", "train_loss", "test_loss")}.
     */
    public static Figure lines(String title, Table t, String x, String... ys) {
        return lines(title, ys != null && ys.length == 1 ? ys[0] : "value", t, x, ys);
    }

    /** As {@link #lines(String, Table, String, String...)} with the y axis titled {@code yTitle}. */
    public static Figure lines(String title, String yTitle, Table t, String x, String... ys) {
        if (ys == null || ys.length == 0) {
            throw new IllegalArgumentException("lines: give at least one y column");
        }
        double[] xs = numeric(t, x).asDoubleArray();
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < ys.length; i++) {
            traces.add(ScatterTrace.builder(xs, numeric(t, ys[i]).asDoubleArray())
                    .mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(ys[i])
                    .marker(Marker.builder().color(PALETTE[i % PALETTE.length]).size(5).build())
                    .build());
        }
        return new Figure(layout(title, x, yTitle), traces.toArray(new Trace[0]));
    }

    /**
     * Training history figure: train and test loss (nats per example) against epoch, from a history table with
     * columns {@code epoch}, {@code train_loss}, {@code test_loss} (as {@code TrainResult.historyTable()} gives).
     */
    public static Figure history(String title, Table history) {
        return lines(title, "loss (nats per example)", history, "epoch", "train_loss", "test_loss");
    }

    /**
     * Scatter of 2-D points coloured by integer label: {@code xy} is row-major N×2 (e.g. posterior means of a
     * k = 2 VAE), one trace per label so the legend names the classes.
     */
    public static Figure latentScatter(String title, float[] xy, int[] labels) {
        if (xy == null || labels == null) {
            throw new IllegalArgumentException("latentScatter: xy and labels must not be null");
        }
        if (xy.length != 2 * labels.length) {
            throw new IllegalArgumentException("latentScatter: xy has " + xy.length + " values, expected 2 × "
                    + labels.length + " labels = " + 2 * labels.length);
        }
        TreeMap<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byLabel.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        List<Trace> traces = new ArrayList<>();
        for (var e : byLabel.entrySet()) {
            List<Integer> idx = e.getValue();
            double[] x = new double[idx.size()];
            double[] y = new double[idx.size()];
            for (int j = 0; j < idx.size(); j++) {
                x[j] = xy[2 * idx.get(j)];
                y[j] = xy[2 * idx.get(j) + 1];
            }
            String colour = PALETTE[Math.floorMod(e.getKey(), PALETTE.length)];
            traces.add(ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS).name(String.valueOf(e.getKey()))
                    .marker(Marker.builder().color(colour).size(4).opacity(0.7).build()).build());
        }
        Layout l = Layout.builder().title(title).width(WIDTH).height(WIDTH)
                .xAxis(Axis.builder().title("z1").build()).yAxis(Axis.builder().title("z2").build()).build();
        return new Figure(l, traces.toArray(new Trace[0]));
    }

    /** Vertical bar chart of {@code values} over {@code categories}. */
    public static Figure bar(String title, String[] categories, double[] values, String yTitle) {
        if (categories == null || values == null || categories.length != values.length) {
            throw new IllegalArgumentException("bar: categories and values must have the same length, got "
                    + (categories == null ? "null" : categories.length) + " and "
                    + (values == null ? "null" : values.length));
        }
        Trace t = BarTrace.builder(categories, values).orientation(BarTrace.Orientation.VERTICAL)
                .marker(Marker.builder().color(PALETTE[0]).build()).build();
        return new Figure(layout(title, "", yTitle), t);
    }

    /** Vertical bar chart of numeric column {@code y} over the values of column {@code x} of {@code t}. */
    public static Figure bar(String title, Table t, String x, String y) {
        if (!t.columnNames().contains(x)) {
            throw new IllegalArgumentException("table '" + t.name() + "' has no column '" + x + "'");
        }
        Column<?> cx = t.column(x);
        String[] cats = new String[t.rowCount()];
        for (int i = 0; i < cats.length; i++) {
            cats[i] = cx.getString(i);
        }
        Figure f = bar(title, cats, numeric(t, y).asDoubleArray(), y);
        f.setLayout(layout(title, x, y));
        return f;
    }
}
