package org.latentlab.studies.hit;

import org.latentlab.metrics.UpperHull;
import org.latentlab.plots.ImageGrid;
import org.latentlab.plots.Plots;
import org.latentlab.probes.ProbeKind;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.ColorBar;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.components.Symbol;
import tech.tablesaw.plotly.traces.Scatter3DTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Figures and tables of notebook 03 (Xiao &amp; Bamler 2023, Figs. 1, 3, 4, 6, 7 and Table 1) from grid results.
 * Every figure is 2-D Plotly (drawn as SVG, so headless browser checks see it), except {@link #surface3d}.
 */
public final class HitFigures {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 460;
    /** Colour bars sit in the lower right, below the legend. */
    private static final ColorBar COLOUR_BAR = ColorBar.builder().x(1.02).y(0.3).len(0.6).thickness(18).build();

    private HitFigures() {}

    private static Layout layout(String title, String x, String y, boolean logX) {
        Axis.AxisBuilder xa = Axis.builder().title(x);
        if (logX) {
            xa.type(Axis.Type.LOG);
        }
        return Layout.builder().title(title).width(WIDTH).height(HEIGHT).xAxis(xa.build())
                .yAxis(Axis.builder().title(y).build()).build();
    }

    private static String[] labels(List<HitResult> rs) {
        return rs.stream().map(r -> "β1=" + HitResult.fmt(r.beta1()) + ", β2=" + HitResult.fmt(r.beta2()))
                .toArray(String[]::new);
    }

    private static double[] values(List<HitResult> rs, ToDoubleFunction<HitResult> f) {
        return rs.stream().mapToDouble(f).toArray();
    }

    /** A scatter of all models coloured by {@code colour}, with a colour bar titled {@code colourTitle}. */
    private static ScatterTrace coloured(List<HitResult> rs, double[] x, double[] y, double[] colour,
                                         String colourTitle, int size) {
        return ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS).name("models (colour: " + colourTitle + ")")
                .text(labels(rs))
                .marker(Marker.builder().color(colour).colorScale(Marker.Palette.VIRIDIS).showScale(true).size(size)
                        .colorBar(COLOUR_BAR).build())
                .build();
    }

    private static ScatterTrace highlight(List<HitResult> sel, double[] x, double[] y, String name, String colour,
                                          Symbol symbol, boolean lines) {
        return ScatterTrace.builder(x, y).mode(lines ? ScatterTrace.Mode.LINE_AND_MARKERS : ScatterTrace.Mode.MARKERS)
                .name(name).text(labels(sel))
                .marker(Marker.builder().color(colour).symbol(symbol).size(lines ? 9 : 13).build())
                .line(Line.builder().color(colour).dash(Line.Dash.DASH).width(1.5).build()).build();
    }

    /** The β1 = β2 models (β-VAEs) sorted by β. */
    public static List<HitResult> diagonal(List<HitResult> rs) {
        return rs.stream().filter(HitFigures::onDiagonal).sorted(Comparator.comparingDouble(HitResult::beta1))
                .toList();
    }

    /** Whether a model is a β-VAE (β1 = β2). */
    public static boolean onDiagonal(HitResult r) {
        return Math.abs(r.beta1() - r.beta2()) <= 1e-9 * Math.max(1, r.beta1());
    }

    /** Fig. 3(a): the models in the (R(z2), R(z1|z2)) plane, coloured by PSNR. */
    public static Figure psnrPlane(List<HitResult> rs) {
        Trace t = coloured(rs, values(rs, HitResult::rateZ2), values(rs, HitResult::rateZ1GivenZ2),
                values(rs, HitResult::psnr), "PSNR (dB)", 14);
        return new Figure(layout("Fig. 3(a) — PSNR over the layer-wise rates", "R(z2) (nats)", "R(z1|z2) (nats)",
                false), t);
    }

    /**
     * Fig. 3(b) and Fig. 6's style for any metric: the metric against total rate R(z2) + R(z1|z2), all models
     * coloured by R(z2)/R, the upper convex hull (M13, purple) and the β-VAE diagonal (red, dashed).
     */
    public static Figure metricVsRate(List<HitResult> rs, ToDoubleFunction<HitResult> metric, String metricName,
                                      String title) {
        double[] rate = values(rs, HitResult::totalRate);
        double[] m = values(rs, metric);
        double[] share = values(rs, r -> r.rateZ2() / Math.max(1e-12, r.totalRate()));
        List<Trace> traces = new ArrayList<>();
        traces.add(coloured(rs, rate, m, share, "R(z2)/R", 9));
        UpperHull.Result hull = UpperHull.of(rate, m);
        List<HitResult> hv = Arrays.stream(hull.vertices()).mapToObj(rs::get).toList();
        traces.add(highlight(hv, hull.x(), hull.y(), "upper hull (optimal for its rate)", "#9467bd",
                Symbol.CIRCLE_X, false));
        List<HitResult> d = diagonal(rs);
        traces.add(highlight(d, values(d, HitResult::totalRate), values(d, metric), "β1 = β2 (β-VAE)", "#d62728",
                Symbol.DIAMOND, true));
        return new Figure(layout(title, "total rate R(z2) + R(z1|z2) (nats)", metricName, false),
                traces.toArray(new Trace[0]));
    }

    /**
     * A metric over the (β1, β2) grid (Fig. 6 style): one square marker per model at (β1, β2) on log axes,
     * coloured by the metric; the best model is ringed.
     */
    public static Figure overGrid(List<HitResult> rs, ToDoubleFunction<HitResult> metric, String metricName,
                                  String title) {
        double[] v = values(rs, metric);
        ScatterTrace all = ScatterTrace.builder(values(rs, HitResult::beta1), values(rs, HitResult::beta2))
                .mode(ScatterTrace.Mode.MARKERS).name(metricName).text(labels(rs))
                .marker(Marker.builder().color(v).colorScale(Marker.Palette.VIRIDIS).showScale(true).symbol(Symbol.SQUARE)
                        .colorBar(COLOUR_BAR)
                        .size(rs.size() > 100 ? 14 : 34).build())
                .build();
        HitResult best = rs.get(argMax(v));
        ScatterTrace b = highlight(List.of(best), new double[] {best.beta1()}, new double[] {best.beta2()},
                "best: " + String.format(Locale.ROOT, "%.3g", metric.applyAsDouble(best)), "#d62728",
                Symbol.CIRCLE_X, false);
        Layout l = Layout.builder().title(title).width(WIDTH).height(HEIGHT)
                .xAxis(Axis.builder().title("β1 (weight of R(z1|z2))").type(Axis.Type.LOG).build())
                .yAxis(Axis.builder().title("β2 (weight of R(z2))").type(Axis.Type.LOG).build()).build();
        return new Figure(l, all, b);
    }

    /**
     * Fig. 7 (first column): Î(z2; label) against R(z2), with the data-processing bound Î ≤ min(R(z2), H(label)).
     */
    public static Figure informationVsRate(List<HitResult> rs) {
        double[] r2 = values(rs, HitResult::rateZ2);
        double h = rs.stream().mapToDouble(HitResult::labelEntropy).max().orElse(Math.log(10));
        double max = Arrays.stream(r2).max().orElse(1);
        double[] bx = {0, Math.min(h, max), Math.max(max, h)};
        double[] by = {0, Math.min(h, max), h};
        List<Trace> traces = new ArrayList<>();
        traces.add(coloured(rs, r2, values(rs, HitResult::miZ2), values(rs, r -> Math.log10(r.beta2())),
                "log10 β2", 10));
        traces.add(ScatterTrace.builder(bx, by).mode(ScatterTrace.Mode.LINE).name("min(R(z2), H(label))")
                .line(Line.builder().color("#000000").dash(Line.Dash.DOT).build()).build());
        return new Figure(layout("Fig. 7 (left) — Î(z2; label) against R(z2)", "R(z2) (nats)",
                "Î(z2; label) (nats)", false), traces.toArray(new Trace[0]));
    }

    /**
     * Fig. 7 (columns 2–5) in one panel: the four probe accuracies on μ2 against R(z2), under the Meyen bound
     * f⁻¹(min(R(z2), H)) (M12, curve) and with each model's f⁻¹(Î(z2; label)) (crosses).
     */
    public static Figure accuracyVsRate(List<HitResult> rs) {
        double[] r2 = values(rs, HitResult::rateZ2);
        double h = rs.stream().mapToDouble(HitResult::labelEntropy).max().orElse(Math.log(10));
        double max = Math.max(Arrays.stream(r2).max().orElse(1), 1e-3);
        int steps = 80;
        double[] cx = new double[steps + 1];
        double[] cy = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            cx[i] = max * i / steps;
            cy[i] = HitEvaluation.bound(cx[i], h);
        }
        List<Trace> traces = new ArrayList<>();
        traces.add(ScatterTrace.builder(cx, cy).mode(ScatterTrace.Mode.LINE).name("bound f⁻¹(min(R(z2), H))")
                .line(Line.builder().color("#000000").dash(Line.Dash.DOT).build()).build());
        traces.add(ScatterTrace.builder(r2, values(rs, r -> HitEvaluation.bound(r.miZ2(), r.labelEntropy())))
                .mode(ScatterTrace.Mode.MARKERS).name("bound f⁻¹(Î(z2; label))").text(labels(rs))
                .marker(Marker.builder().color("#000000").symbol(Symbol.X).size(7).build()).build());
        int c = 0;
        for (ProbeKind k : ProbeKind.values()) {
            traces.add(ScatterTrace.builder(r2, values(rs, r -> r.accuracy(k, true))).mode(ScatterTrace.Mode.MARKERS)
                    .name(k.label() + " on μ2").text(labels(rs))
                    .marker(Marker.builder().color(Plots.PALETTE[c++]).size(8).opacity(0.85).build()).build());
        }
        return new Figure(layout("Fig. 7 — probe accuracy on μ2 against R(z2), under the Meyen bound",
                "R(z2) (nats)", "accuracy", false), traces.toArray(new Trace[0]));
    }

    /** Table 1's analogue: the best accuracy over the grid per probe and latent, with the model that reached it. */
    public static Table bestAccuracyTable(List<HitResult> rs) {
        StringColumn latent = StringColumn.create("latent");
        List<DoubleColumn> acc = new ArrayList<>();
        List<StringColumn> at = new ArrayList<>();
        for (ProbeKind k : ProbeKind.values()) {
            acc.add(DoubleColumn.create(k.label() + " %"));
            at.add(StringColumn.create(k.label() + " at"));
        }
        for (boolean top : new boolean[] {true, false}) {
            latent.append(top ? "z2 (μ2)" : "z1 (μ1, mean chain)");
            for (ProbeKind k : ProbeKind.values()) {
                double[] v = values(rs, r -> r.accuracy(k, top));
                int i = argMax(v);
                acc.get(k.ordinal()).append(Math.round(v[i] * 10000) / 100.0);
                at.get(k.ordinal()).append("β1=" + HitResult.fmt(rs.get(i).beta1()) + ", β2="
                        + HitResult.fmt(rs.get(i).beta2()));
            }
        }
        Table t = Table.create("Table 1 analogue — best accuracy over the grid (MNIST)", latent);
        for (int i = 0; i < acc.size(); i++) {
            t.addColumns(acc.get(i), at.get(i));
        }
        return t;
    }

    /** One row per model: β1, β2, rates, distortion, PSNR, IS, Div, Sharp, Î, best accuracies, σ-floor hits. */
    public static Table summary(List<HitResult> rs) {
        Table t = Table.create("the grid (test set; nats, dB, accuracy in %)",
                DoubleColumn.create("β1"), DoubleColumn.create("β2"), DoubleColumn.create("R(z2)"),
                DoubleColumn.create("R(z1|z2)"), DoubleColumn.create("distortion"), DoubleColumn.create("PSNR"),
                DoubleColumn.create("IS"), DoubleColumn.create("Div"), DoubleColumn.create("Sharp"),
                DoubleColumn.create("Î(z2;l)"), DoubleColumn.create("Î(z1;l)"), DoubleColumn.create("best acc z2"),
                DoubleColumn.create("best acc z1"), DoubleColumn.create("σ at floor"));
        for (HitResult r : rs) {
            double[] row = {r.beta1(), r.beta2(), r.rateZ2(), r.rateZ1GivenZ2(), r.distortion(), r.psnr(), r.is(),
                    r.diversity(), r.sharpness(), r.miZ2(), r.miZ1(), 100 * max(r.accZ2()), 100 * max(r.accZ1()),
                    r.sigmaFloorHits()};
            for (int i = 0; i < row.length; i++) {
                t.doubleColumn(i).append(i < 2 ? row[i] : Math.round(row[i] * 1000) / 1000.0);
            }
        }
        return t;
    }

    /** The optimal models of Fig. 1 (see {@link HitReplication#optimal}) as a table. */
    public static Table optimalTable(List<HitResult> rs) {
        HitReplication.Optimal o = HitReplication.optimal(rs);
        Table t = Table.create("the optimal model per task over the grid",
                StringColumn.create("task"), StringColumn.create("model"), DoubleColumn.create("value"),
                DoubleColumn.create("total rate"), StringColumn.create("β-VAE?"));
        String[] tasks = {"reconstruction (PSNR, dB)", "generation (IS)", "representation (best probe accuracy)"};
        HitResult[] m = {o.psnr(), o.is(), o.accuracy()};
        double[] v = {o.psnr().psnr(), o.is().is(), o.accuracy().bestAccuracy()};
        for (int i = 0; i < 3; i++) {
            t.stringColumn(0).append(tasks[i]);
            t.stringColumn(1).append("β1=" + HitResult.fmt(m[i].beta1()) + ", β2=" + HitResult.fmt(m[i].beta2()));
            t.doubleColumn(2).append(Math.round(v[i] * 1000) / 1000.0);
            t.doubleColumn(3).append(Math.round(m[i].totalRate() * 100) / 100.0);
            t.stringColumn(4).append(onDiagonal(m[i]) ? "yes" : "no");
        }
        return t;
    }

    /**
     * Fig. 1 in two dimensions: PSNR against IS for every model, coloured by the best probe accuracy, with the three
     * optimal models marked.
     */
    public static Figure tradeOff(List<HitResult> rs) {
        HitReplication.Optimal o = HitReplication.optimal(rs);
        List<Trace> traces = new ArrayList<>();
        traces.add(coloured(rs, values(rs, HitResult::psnr), values(rs, HitResult::is),
                values(rs, HitResult::bestAccuracy), "best accuracy", 10));
        String[] names = {"best PSNR", "best IS", "best accuracy"};
        HitResult[] m = {o.psnr(), o.is(), o.accuracy()};
        Symbol[] sym = {Symbol.CIRCLE_X, Symbol.SQUARE_X, Symbol.DIAMOND_X};
        for (int i = 0; i < 3; i++) {
            traces.add(highlight(List.of(m[i]), new double[] {m[i].psnr()}, new double[] {m[i].is()},
                    names[i], Plots.PALETTE[i + 1],
                    sym[i], false));
        }
        List<HitResult> d = diagonal(rs);
        traces.add(highlight(d, values(d, HitResult::psnr), values(d, HitResult::is), "β1 = β2 (β-VAE)", "#d62728",
                Symbol.DIAMOND, true));
        return new Figure(layout("Fig. 1 (2-D view) — reconstruction vs generation vs representation", "PSNR (dB)",
                "inception score", false), traces.toArray(new Trace[0]));
    }

    /**
     * Fig. 1 as a Plotly 3-D scatter (PSNR, IS, best accuracy). Drawn by WebGL, which headless browser checks that
     * look for SVG traces do not see.
     */
    public static Figure surface3d(List<HitResult> rs) {
        Trace t = Scatter3DTrace.builder(values(rs, HitResult::psnr), values(rs, HitResult::is),
                        values(rs, HitResult::bestAccuracy)).mode(Scatter3DTrace.Mode.MARKERS).text(labels(rs))
                .marker(Marker.builder().color(values(rs, HitResult::totalRate)).colorScale(Marker.Palette.VIRIDIS)
                        .size(5).build()).build();
        return new Figure(Layout.builder().title("Fig. 1 — PSNR × IS × accuracy").width(WIDTH).height(HEIGHT).build(),
                t);
    }

    /**
     * Fig. 4's analogue: for the grid's four corners and the β = (1, 1) model (if in the grid), {@code n} ancestral
     * samples (seeded) and the mode reconstructions of the first {@code n} test images, one row per model.
     */
    public static BufferedImage gallery(HitGrid grid, int n, long seed) {
        double[] b = grid.config().betas();
        double lo = b[0];
        double hi = b[b.length - 1];
        List<double[]> cells = new ArrayList<>(List.of(new double[] {lo, lo}, new double[] {lo, hi},
                new double[] {hi, lo}, new double[] {hi, hi}));
        if (Arrays.stream(b).anyMatch(v -> v == 1.0)) {
            cells.add(new double[] {1, 1});
        }
        var test = org.latentlab.data.Datasets.head(grid.testData(), n);
        List<String> names = new ArrayList<>();
        List<float[]> samples = new ArrayList<>();
        List<float[]> recs = new ArrayList<>();
        for (double[] c : cells) {
            try (var m = grid.model(c[0], c[1])) {
                names.add("b1=" + HitResult.fmt(c[0]) + " b2=" + HitResult.fmt(c[1]));
                samples.add(HitEvaluation.samples(m, n, seed));
                recs.add(HitEvaluation.meanChain(m, test).reconstructions());
            }
        }
        return sampleAndReconstructionGrid(names, samples, recs, test.pixels(), n);
    }

    /**
     * Samples (left block) and mode reconstructions of the first {@code n} test images (right block) of the given
     * models, one row per model; the first row holds the test images themselves on the right.
     */
    public static BufferedImage sampleAndReconstructionGrid(List<String> names, List<float[]> samples,
                                                            List<float[]> reconstructions, float[] originals, int n) {
        int rows = names.size() + 1;
        float[][] r = new float[rows][];
        String[] lab = new String[rows];
        float[] blank = new float[n * 784];
        Arrays.fill(blank, 1f);
        lab[0] = "test images";
        r[0] = concat(blank, Arrays.copyOf(originals, n * 784));
        for (int i = 0; i < names.size(); i++) {
            lab[i + 1] = names.get(i);
            r[i + 1] = concat(Arrays.copyOf(samples.get(i), n * 784), Arrays.copyOf(reconstructions.get(i), n * 784));
        }
        return ImageGrid.ofRows(28, 28, r).withRowLabels(lab).withScale(2).image();
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int argMax(double[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[b]) {
                b = i;
            }
        }
        return b;
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
