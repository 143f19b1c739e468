package org.latentlab.studies.renyi;

import org.latentlab.geometry.FisherRao;
import org.latentlab.geometry.Interpolations;
import org.latentlab.plots.ImageGrid;
import org.latentlab.plots.Plots;
import org.latentlab.probes.ProbeResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Line;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Figures and tables of notebook 04 (Peşte, Malagò &amp; Sârbu, Figs. 1–5), built from sweep results. */
public final class RenyiFigures {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;

    private RenyiFigures() {}

    /** α labels in plotting order: VR-max, then increasing α, then the analytic ELBO. */
    public static List<String> alphaOrder(List<RenyiResult> results) {
        return results.stream().map(RenyiResult::alphaLabel).distinct()
                .sorted(Comparator.comparingDouble((String a) -> a.equals("elbo") ? 2.0
                        : a.equals("max") ? -1e9 : Double.parseDouble(a))).collect(Collectors.toList());
    }

    private static String alphaName(String label) {
        return switch (label) {
            case "max" -> "VR-max";
            case "elbo" -> "ELBO (KL)";
            default -> "α=" + label;
        };
    }

    private static Layout layout(String title, String x, String y, boolean logY) {
        Axis.AxisBuilder ya = Axis.builder().title(y);
        if (logY) {
            ya.type(Axis.Type.LOG);
        }
        return Layout.builder().title(title).width(WIDTH).height(HEIGHT).xAxis(Axis.builder().title(x).build())
                .yAxis(ya.build()).build();
    }

    private static ScatterTrace line(double[] x, double[] y, String name, int colour, boolean dashed) {
        return ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(name)
                .marker(Marker.builder().color(Plots.PALETTE[colour % Plots.PALETTE.length]).size(5).build())
                .line(Line.builder().color(Plots.PALETTE[colour % Plots.PALETTE.length])
                        .dash(dashed ? Line.Dash.DASH : Line.Dash.SOLID).build())
                .build();
    }

    private static ScatterTrace categorical(List<String> x, double[] y, String name, int colour, boolean dashed) {
        return ScatterTrace.builder(StringColumn.create("x", x), DoubleColumn.create("y", y))
                .mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(name)
                .marker(Marker.builder().color(Plots.PALETTE[colour % Plots.PALETTE.length]).size(7).build())
                .line(Line.builder().color(Plots.PALETTE[colour % Plots.PALETTE.length])
                        .dash(dashed ? Line.Dash.DASH : Line.Dash.SOLID).build())
                .build();
    }

    /** Fig. 1: PCA eigenvalues (log scale) of the test posterior means by component, one line per α, for k. */
    public static Figure eigenvalues(List<RenyiResult> results, int k) {
        List<Trace> traces = new ArrayList<>();
        int c = 0;
        for (String a : alphaOrder(results)) {
            for (RenyiResult r : results) {
                if (r.k() == k && r.alphaLabel().equals(a)) {
                    double[] ev = r.eigenvalues();
                    double[] x = new double[ev.length];
                    double[] y = new double[ev.length];
                    for (int i = 0; i < ev.length; i++) {
                        x[i] = i + 1;
                        y[i] = Math.max(ev[i], 1e-6);
                    }
                    traces.add(line(x, y, alphaName(a), c++, a.equals("elbo")));
                }
            }
        }
        double[] thx = {1, k};
        traces.add(ScatterTrace.builder(thx, new double[]{0.01, 0.01}).mode(ScatterTrace.Mode.LINE)
                .name("threshold 0.01").line(Line.builder().color("#000000").dash(Line.Dash.DOT).build()).build());
        return new Figure(layout("Fig. 1 — PCA eigenvalues of test posterior means, k = " + k, "component",
                "eigenvalue (log scale)", true), traces.toArray(new Trace[0]));
    }

    /** Fig. 2 left: number of eigenvalues above 0.01 against α, one line per k. */
    public static Figure activeComponents(List<RenyiResult> results) {
        List<String> order = alphaOrder(results);
        List<Trace> traces = new ArrayList<>();
        int c = 0;
        for (int k : ks(results)) {
            double[] y = new double[order.size()];
            for (int i = 0; i < order.size(); i++) {
                y[i] = find(results, k, order.get(i)).activeComponents();
            }
            traces.add(categorical(order.stream().map(RenyiFigures::alphaName).toList(), y, "k = " + k, c++, false));
        }
        return new Figure(layout("Fig. 2 (left) — active components (PCA eigenvalues > 0.01) vs α", "objective",
                "active components", false), traces.toArray(new Trace[0]));
    }

    /** Fig. 2 right: VR bound L̂_{α,10} (solid) and IS log-likelihood (dashed) on test vs α, per k. */
    public static Figure bounds(List<RenyiResult> results, int vrSamples, int isSamples) {
        List<String> order = alphaOrder(results);
        List<String> names = order.stream().map(RenyiFigures::alphaName).toList();
        List<Trace> traces = new ArrayList<>();
        int c = 0;
        for (int k : ks(results)) {
            double[] vr = new double[order.size()];
            double[] is = new double[order.size()];
            for (int i = 0; i < order.size(); i++) {
                RenyiResult r = find(results, k, order.get(i));
                vr[i] = r.vrBound();
                is[i] = r.isLogLikelihood();
            }
            traces.add(categorical(names, vr, "VR bound K=" + vrSamples + ", k=" + k, c, false));
            traces.add(categorical(names, is, "IS log-lik. K=" + isSamples + ", k=" + k, c, true));
            c++;
        }
        return new Figure(layout("Fig. 2 (right) — VR bound and IS log-likelihood on test (nats)", "objective",
                "nats per image", false), traces.toArray(new Trace[0]));
    }

    /** Fig. 3: logistic-probe test accuracy over epochs for one feature set, per k, with the pixel baseline. */
    public static Figure probeAccuracy(List<RenyiResult> elboRuns, String features, ProbeResult pixels) {
        List<Trace> traces = new ArrayList<>();
        int c = 0;
        int maxEpoch = 1;
        for (RenyiResult r : elboRuns) {
            List<ProbeResult> ps = r.probes().stream().filter(p -> p.features().equals(features)
                    && p.probe().equals("logistic")).sorted(Comparator.comparingInt(ProbeResult::epoch)).toList();
            double[] x = ps.stream().mapToDouble(ProbeResult::epoch).toArray();
            double[] y = ps.stream().mapToDouble(ProbeResult::accuracy).toArray();
            maxEpoch = Math.max(maxEpoch, (int) x[x.length - 1]);
            traces.add(line(x, y, "k = " + r.k(), c++, false));
        }
        traces.add(ScatterTrace.builder(new double[]{1, maxEpoch}, new double[]{pixels.accuracy(), pixels.accuracy()})
                .mode(ScatterTrace.Mode.LINE).name("pixels (baseline)")
                .line(Line.builder().color("#000000").dash(Line.Dash.DOT).build()).build());
        return new Figure(layout("Fig. 3 — logistic probe on " + features + " (KL-trained VAE)", "VAE epoch",
                "test accuracy", false), traces.toArray(new Trace[0]));
    }

    /** Epoch × (features, k) table of logistic-probe accuracies for the ELBO runs. */
    public static Table probeTable(List<RenyiResult> elboRuns) {
        List<ProbeResult> all = new ArrayList<>();
        for (RenyiResult r : elboRuns) {
            for (ProbeResult p : r.probes()) {
                all.add(new ProbeResult(p.probe(), p.features() + " (k=" + r.k() + ")", p.epoch(), p.trainCount(),
                        p.testCount(), p.accuracy(), p.macroF1(), p.fitSeconds()));
            }
        }
        return ProbeResult.table("logistic probes during training", all);
    }

    /**
     * Fig. 4: for the {@code dims} latent dimensions whose means differ most between the endpoints, the Fisher–Rao
     * geodesic in the (μ, σ) half-plane (solid) against the straight segment (dotted).
     */
    public static Figure geodesics(Interpolations.Grid g, int dims) {
        int k = g.muA().length;
        Integer[] order = new Integer[k];
        for (int j = 0; j < k; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(j -> -Math.abs(g.muA()[j] - g.muB()[j])));
        double[] t = FisherRao.evenly(41);
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < Math.min(dims, k); i++) {
            int j = order[i];
            double[] mu = new double[t.length];
            double[] sd = new double[t.length];
            for (int s = 0; s < t.length; s++) {
                FisherRao.Point p = FisherRao.geodesic(g.muA()[j], g.sigmaA()[j], g.muB()[j], g.sigmaB()[j], t[s]);
                mu[s] = p.mu();
                sd[s] = p.sigma();
            }
            String col = Plots.PALETTE[i % Plots.PALETTE.length];
            traces.add(ScatterTrace.builder(mu, sd).mode(ScatterTrace.Mode.LINE).name("geodesic, z" + j)
                    .line(Line.builder().color(col).build()).build());
            traces.add(ScatterTrace.builder(new double[]{g.muA()[j], g.muB()[j]},
                            new double[]{g.sigmaA()[j], g.sigmaB()[j]}).mode(ScatterTrace.Mode.LINE_AND_MARKERS)
                    .name("straight, z" + j).marker(Marker.builder().color(col).size(6).build())
                    .line(Line.builder().color(col).dash(Line.Dash.DOT).build()).build());
        }
        return new Figure(layout("Fig. 4 — Fisher–Rao geodesics (solid) vs straight lines (dotted) in (μ, σ)",
                "μ", "σ", false), traces.toArray(new Trace[0]));
    }

    /** Per-dimension table for Fig. 4: endpoints, midpoint σ on the geodesic and on the line, lengths. */
    public static Table geodesicTable(Interpolations.Grid g, int dims) {
        int k = g.muA().length;
        Integer[] order = new Integer[k];
        for (int j = 0; j < k; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(j -> -Math.abs(g.muA()[j] - g.muB()[j])));
        Table t = Table.create("per-dimension geodesics (largest mean differences first)", IntColumn.create("dim"),
                DoubleColumn.create("mu_A"), DoubleColumn.create("sigma_A"), DoubleColumn.create("mu_B"),
                DoubleColumn.create("sigma_B"), DoubleColumn.create("sigma_mid_geodesic"),
                DoubleColumn.create("sigma_mid_straight"), DoubleColumn.create("d_FR"),
                DoubleColumn.create("straight_length"));
        for (int i = 0; i < Math.min(dims, k); i++) {
            int j = order[i];
            double ma = g.muA()[j];
            double sa = g.sigmaA()[j];
            double mb = g.muB()[j];
            double sb = g.sigmaB()[j];
            t.intColumn("dim").append(j);
            t.doubleColumn("mu_A").append(ma);
            t.doubleColumn("sigma_A").append(sa);
            t.doubleColumn("mu_B").append(mb);
            t.doubleColumn("sigma_B").append(sb);
            t.doubleColumn("sigma_mid_geodesic").append(FisherRao.geodesic(ma, sa, mb, sb, 0.5).sigma());
            t.doubleColumn("sigma_mid_straight").append(0.5 * (sa + sb));
            t.doubleColumn("d_FR").append(FisherRao.distance(ma, sa, mb, sb));
            t.doubleColumn("straight_length").append(FisherRao.straightLength(ma, sa, mb, sb));
        }
        return t;
    }

    /**
     * Fig. 5: the five interpolation rows as an image grid, with the class-flip column of each row framed in red.
     *
     * @param flips flip column per row (−1: none)
     */
    public static BufferedImage interpolationImage(Interpolations.Grid g, int[] flips) {
        ImageGrid grid = ImageGrid.of(g.pixels(), g.rows() * g.columns(), 28, 28).withColumns(g.columns())
                .withScale(2).withRowLabels("1 pixels", "2 linear μ", "3 linear z", "4 geodesic ~", "5 geodesic μ");
        BufferedImage img = grid.image();
        Graphics2D gr = img.createGraphics();
        gr.setColor(Color.RED);
        gr.setStroke(new BasicStroke(2f));
        for (int r = 0; r < flips.length; r++) {
            if (flips[r] >= 0) {
                gr.drawRect(grid.tileX(flips[r]) - 1, grid.tileY(r) - 1, 28 * 2 + 1, 28 * 2 + 1);
            }
        }
        gr.dispose();
        return img;
    }

    /** Rows × columns table of predicted classes, with the flip column per row. */
    public static Table classTable(int[][] classes, int[] flips) {
        Table t = Table.create("classifier's class along each path (flip = first column whose class differs from "
                + "column 0)", StringColumn.create("row"));
        int cols = classes[0].length;
        for (int c = 0; c < cols; c++) {
            t.addColumns(IntColumn.create("c" + c));
        }
        t.addColumns(IntColumn.create("flip"));
        for (int r = 0; r < classes.length; r++) {
            t.stringColumn("row").append(Interpolations.ROWS.get(r));
            for (int c = 0; c < cols; c++) {
                t.intColumn("c" + c).append(classes[r][c]);
            }
            t.intColumn("flip").append(flips[r]);
        }
        return t;
    }

    /** One row per run: k, objective, active components, active units, VR bound ± se, IS ± se, probe accuracy. */
    public static Table summary(List<RenyiResult> results) {
        Table t = Table.create("sweep results (nats; ± standard error over test images)", IntColumn.create("k"),
                StringColumn.create("objective"), IntColumn.create("active_pca"), IntColumn.create("active_units"),
                DoubleColumn.create("vr_bound"), DoubleColumn.create("vr_se"), DoubleColumn.create("is_loglik"),
                DoubleColumn.create("is_se"), DoubleColumn.create("probe_mu"), DoubleColumn.create("probe_mu_var"),
                DoubleColumn.create("probe_z"), DoubleColumn.create("train_s"));
        for (RenyiResult r : results) {
            t.intColumn("k").append(r.k());
            t.stringColumn("objective").append(r.objective());
            t.intColumn("active_pca").append(r.activeComponents());
            t.intColumn("active_units").append(r.activeUnits());
            t.doubleColumn("vr_bound").append(r.vrBound());
            t.doubleColumn("vr_se").append(r.vrBoundSe());
            t.doubleColumn("is_loglik").append(r.isLogLikelihood());
            t.doubleColumn("is_se").append(r.isLogLikelihoodSe());
            t.doubleColumn("probe_mu").append(r.finalAccuracy("logistic", "mu"));
            t.doubleColumn("probe_mu_var").append(r.finalAccuracy("logistic", "mu+var"));
            t.doubleColumn("probe_z").append(r.finalAccuracy("logistic", "z"));
            t.doubleColumn("train_s").append(r.trainSeconds());
        }
        return t;
    }

    static List<Integer> ks(List<RenyiResult> results) {
        return results.stream().map(RenyiResult::k).distinct().sorted().toList();
    }

    static RenyiResult find(List<RenyiResult> results, int k, String alphaLabel) {
        return results.stream().filter(r -> r.k() == k && r.alphaLabel().equals(alphaLabel)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no run with k=" + k + " and α=" + alphaLabel));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
