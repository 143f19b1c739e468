package org.latentlab.studies.layers;

import org.latentlab.plots.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Figures and tables of notebook 01 (Camboulin, Doimo &amp; Glielmo, Figs. 1–3, A1, A2) from a study result. */
public final class LayersFigures {
    private static final int WIDTH = 700;
    private static final int HEIGHT = 400;

    private LayersFigures() {}

    /** One named line of a figure. */
    private record Series(String name, double[] x, double[] y, boolean dashed) {}

    private static Figure figure(String title, String xTitle, String yTitle, boolean logX, List<Series> series) {
        Axis.AxisBuilder xa = Axis.builder().title(xTitle);
        if (logX) {
            xa.type(Axis.Type.LOG);
        }
        Layout layout = Layout.builder().title(title).width(WIDTH).height(HEIGHT).xAxis(xa.build())
                .yAxis(Axis.builder().title(yTitle).build()).build();
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = Plots.PALETTE[i % Plots.PALETTE.length];
            traces.add(ScatterTrace.builder(s.x(), s.y()).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(s.name())
                    .marker(Marker.builder().color(colour).size(5).build())
                    .line(Line.builder().color(colour).dash(s.dashed() ? Line.Dash.DASH : Line.Dash.SOLID).build())
                    .build());
        }
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    private static double[] layers(int n, double offset) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + offset;
        }
        return x;
    }

    private static double[] epochs(List<LayerGeometry> gs) {
        return gs.stream().mapToDouble(LayerGeometry::epoch).toArray();
    }

    private static double[] ks(LayersStudy.Result r) {
        return java.util.Arrays.stream(r.config().latentDims()).asDoubleStream().toArray();
    }

    private static double[] firstLayers(double[] v) {
        return java.util.Arrays.copyOf(v, LayerGeometry.LAYERS);
    }

    /** Fig. 1 left: the TwoNN ID of l0 … l10 at the final epoch, one line per K. */
    public static Figure idProfiles(LayersStudy.Result r) {
        List<Series> s = new ArrayList<>();
        for (int k : r.config().latentDims()) {
            s.add(new Series("K=" + k, layers(LayerGeometry.LAYERS, 0), firstLayers(r.last(k).id()), false));
        }
        return figure("Fig. 1 (left): intrinsic dimension by layer, epoch " + r.config().epochs(), "layer l",
                "TwoNN ID", false, s);
    }

    /** Fig. 1 centre: Δ(l → l0) at the final epoch, one line per K. */
    public static Figure imbalanceToInput(LayersStudy.Result r) {
        List<Series> s = new ArrayList<>();
        for (int k : r.config().latentDims()) {
            s.add(new Series("K=" + k, layers(LayerGeometry.LAYERS, 0), r.last(k).toInput(), false));
        }
        return figure("Fig. 1 (centre): Δ(l → l0), epoch " + r.config().epochs(), "layer l", "Δ(l → l0)", false, s);
    }

    /** Fig. 1 right: ρ_l between consecutive layers at l + 0.5, one line per K (negative = compression). */
    public static Figure relativeDifferences(LayersStudy.Result r) {
        List<Series> s = new ArrayList<>();
        for (int k : r.config().latentDims()) {
            s.add(new Series("K=" + k, layers(LayerGeometry.LAYERS - 1, 0.5), r.last(k).rho(), false));
        }
        return figure("Fig. 1 (right): relative II difference ρ_l, epoch " + r.config().epochs(), "layer l + 0.5",
                "ρ_l", false, s);
    }

    /** Fig. 2: one quantity (test BCE, test KL or Δ(l10 → l0)) against the checkpoint epochs, one line per K. */
    public static Figure dynamics(LayersStudy.Result r, String what) {
        ToDoubleFunction<LayerGeometry> f = switch (what) {
            case "bce" -> LayerGeometry::testBce;
            case "kl" -> LayerGeometry::testKl;
            case "delta" -> LayerGeometry::outputToInput;
            default -> throw new IllegalArgumentException("dynamics: what must be bce, kl or delta, got '" + what + "'");
        };
        String label = switch (what) {
            case "bce" -> "test BCE (nats per image)";
            case "kl" -> "test KL (nats per image)";
            default -> "Δ(l10 → l0)";
        };
        List<Series> s = new ArrayList<>();
        for (int k : r.config().latentDims()) {
            List<LayerGeometry> gs = r.geometry().get(k);
            s.add(new Series("K=" + k, epochs(gs), gs.stream().mapToDouble(f).toArray(), false));
        }
        return figure("Fig. 2: " + label + " during training", "epoch", label, false, s);
    }

    /** Fig. 3: the ID profile at every checkpoint epoch for bottleneck k. */
    public static Figure idOverEpochs(LayersStudy.Result r, int k) {
        List<Series> s = new ArrayList<>();
        for (LayerGeometry g : r.geometry().get(k)) {
            s.add(new Series("epoch " + g.epoch(), layers(LayerGeometry.LAYERS, 0), firstLayers(g.id()), false));
        }
        return figure("Fig. 3: ID profile during training, K=" + k, "layer l", "TwoNN ID", false, s);
    }

    /** Fig. A2: Δ(l → l0) at every checkpoint epoch for bottleneck k. */
    public static Figure imbalanceOverEpochs(LayersStudy.Result r, int k) {
        List<Series> s = new ArrayList<>();
        for (LayerGeometry g : r.geometry().get(k)) {
            s.add(new Series("epoch " + g.epoch(), layers(LayerGeometry.LAYERS, 0), g.toInput(), false));
        }
        return figure("Fig. A2: Δ(l → l0) during training, K=" + k, "layer l", "Δ(l → l0)", false, s);
    }

    /** Fig. A1 left: Δ(l10 → l0) and Δ(l5 → l0) against K (log axis), final epoch. */
    public static Figure transition(LayersStudy.Result r) {
        int[] k = r.config().latentDims();
        double[] out = new double[k.length];
        double[] mid = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            out[i] = r.last(k[i]).outputToInput();
            mid[i] = r.last(k[i]).toInput()[5];
        }
        return figure("Fig. A1 (left): Δ(l → l0) against the bottleneck, epoch " + r.config().epochs(), "K",
                "Δ", true, List.of(new Series("Δ(l10 → l0)", ks(r), out, false),
                        new Series("Δ(l5 → l0)", ks(r), mid, true)));
    }

    /** Fig. A1 left (second axis in the paper): test BCE against K (log axis), final epoch. */
    public static Figure reconstruction(LayersStudy.Result r) {
        int[] k = r.config().latentDims();
        double[] bce = new double[k.length];
        for (int i = 0; i < k.length; i++) {
            bce[i] = r.last(k[i]).testBce();
        }
        return figure("Fig. A1 (left): test BCE against the bottleneck", "K", "test BCE (nats per image)", true,
                List.of(new Series("test BCE", ks(r), bce, false)));
    }

    /** Fig. A1 centre/right: Δ(K → 2K) and Δ(2K → K) at layer l (5 or 10) against K. */
    public static Figure crossArchitecture(LayersStudy.Result r, int layer) {
        List<LayersStudy.Cross> c = r.cross();
        double[] x = new double[c.size()];
        double[] f = new double[c.size()];
        double[] b = new double[c.size()];
        for (int i = 0; i < c.size(); i++) {
            x[i] = c.get(i).k();
            f[i] = c.get(i).forward()[layer][layer];
            b[i] = c.get(i).backward()[layer][layer];
        }
        return figure("Fig. A1: cross-architecture imbalance at l" + layer, "K", "Δ", true,
                List.of(new Series("Δ(K → K') at l" + layer, x, f, false),
                        new Series("Δ(K' → K) at l" + layer, x, b, true)));
    }

    /** Final-epoch summary: K, ID of l0 … l10 and μ, Δ(l10 → l0), Δ(l5 → l0), test BCE and KL. */
    public static Table summary(LayersStudy.Result r) {
        Table t = Table.create("final epoch " + r.config().epochs());
        int[] ks = r.config().latentDims();
        t.addColumns(IntColumn.create("K", ks));
        for (int l = 0; l <= LayerGeometry.LAYERS; l++) {
            String name = l < LayerGeometry.LAYERS ? "ID l" + l : "ID mu";
            double[] v = new double[ks.length];
            for (int i = 0; i < ks.length; i++) {
                v[i] = round(r.last(ks[i]).id()[l], 1);
            }
            t.addColumns(DoubleColumn.create(name, v));
        }
        t.addColumns(DoubleColumn.create("Δ(l10→l0)", map(r, g -> round(g.outputToInput(), 4))),
                DoubleColumn.create("Δ(l5→l0)", map(r, g -> round(g.toInput()[5], 4))),
                DoubleColumn.create("test BCE", map(r, g -> round(g.testBce(), 1))),
                DoubleColumn.create("test KL", map(r, g -> round(g.testKl(), 2))));
        return t;
    }

    /** Run times: per K the seconds of training (epochs incl. test evaluation) and of the geometry records. */
    public static Table timings(LayersStudy.Result r) {
        int[] ks = r.config().latentDims();
        double[] train = new double[ks.length];
        double[] geo = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            train[i] = round(r.history().get(ks[i]).stream().mapToDouble(e -> e.seconds()).sum(), 1);
            geo[i] = round(r.geometry().get(ks[i]).stream().mapToDouble(LayerGeometry::seconds).sum(), 1);
        }
        double[] per = new double[ks.length];
        for (int i = 0; i < ks.length; i++) {
            per[i] = round(geo[i] / r.geometry().get(ks[i]).size(), 2);
        }
        return Table.create("run times (s, wall clock, as recorded when each K ran)", IntColumn.create("K", ks),
                DoubleColumn.create("training", train), DoubleColumn.create("geometry", geo),
                DoubleColumn.create("geometry per checkpoint", per));
    }

    private static double[] map(LayersStudy.Result r, ToDoubleFunction<LayerGeometry> f) {
        return java.util.Arrays.stream(r.config().latentDims()).mapToDouble(k -> f.applyAsDouble(r.last(k))).toArray();
    }

    private static double round(double v, int digits) {
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }
}
