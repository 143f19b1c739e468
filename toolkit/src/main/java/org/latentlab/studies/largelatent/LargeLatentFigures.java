package org.latentlab.studies.largelatent;

import org.latentlab.plots.ImageGrid;
import org.latentlab.plots.Plots;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Tables and figures of notebook 02 (SPEC §2(c)); curves use seed 0, tables list every run. */
public final class LargeLatentFigures {
    private LargeLatentFigures() {}

    /** One row per run: the headline numbers of every measurement (nats, classes, dB). */
    public static Table summary(List<LatentRun> runs) {
        List<LatentRun> rs = sorted(runs);
        return Table.create("Study 2 — one row per model (test set unless stated)",
                StringColumn.create("arm", rs.stream().map(LatentRun::arm).toList()),
                IntColumn.create("d", rs.stream().mapToInt(LatentRun::d).toArray()),
                IntColumn.create("seed", rs.stream().mapToInt(LatentRun::seed).toArray()),
                col("beta", rs, LatentRun::beta),
                IntColumn.create("AU", rs.stream().mapToInt(LatentRun::auBurda).toArray()),
                IntColumn.create("AU_pca", rs.stream().mapToInt(LatentRun::auPca).toArray()),
                col("total_KL", rs, LatentRun::totalKl),
                col("KL_per_dim", rs, LatentRun::meanKlPerDim),
                col("test_BCE", rs, r -> r.recon().testBce()),
                col("test_ELBO", rs, r -> r.recon().testElbo()),
                col("test_IWAE", rs, r -> r.recon().testIwae()),
                col("PSNR_dB", rs, r -> r.recon().psnr()),
                col("IS_prior", rs, r -> LargeLatentReplication.is(r, LatentSources.PRIOR)),
                col("IS_aggregate", rs, r -> LargeLatentReplication.is(r, LatentSources.AGGREGATE)),
                col("train_s", rs, LatentRun::trainSeconds));
    }

    /** Aggregate posterior vs prior per run (nats; C2ST accuracies; coverage share). */
    public static Table mismatchTable(List<LatentRun> runs) {
        List<LatentRun> rs = sorted(runs);
        return Table.create("Aggregate posterior q(z) (M components) vs prior N(0, I)",
                StringColumn.create("arm", rs.stream().map(LatentRun::arm).toList()),
                IntColumn.create("d", rs.stream().mapToInt(LatentRun::d).toArray()),
                IntColumn.create("AU", rs.stream().mapToInt(LatentRun::auBurda).toArray()),
                col("gaussian_fit_KL", rs, r -> r.mismatch().gaussianFitKl()),
                col("mean_KL_q(z|x)", rs, r -> r.mismatch().surgeryMeanKl()),
                col("I_q(x;z)", rs, r -> r.mismatch().surgeryMi()),
                col("marginal_KL", rs, r -> r.mismatch().surgeryMarginalKl()),
                col("cap_logM", rs, r -> r.mismatch().surgeryCap()),
                col("KL(p||q)", rs, r -> r.mismatch().holeScore()),
                col("KL(p||q)_se", rs, r -> r.mismatch().holeScoreSe()),
                col("C2ST_logistic", rs, r -> r.mismatch().c2stLogistic()),
                col("C2ST_knn", rs, r -> r.mismatch().c2stKnn()),
                col("C2ST_band_high", rs, r -> r.mismatch().c2stBandHigh()),
                col("coverage", rs, r -> r.mismatch().coverage()));
    }

    /** Sample quality per run and latent source. */
    public static Table sourcesTable(List<LatentRun> runs) {
        List<String> arm = new ArrayList<>();
        List<Integer> d = new ArrayList<>();
        List<LatentRun.SourceQuality> qs = new ArrayList<>();
        for (LatentRun r : sorted(runs)) {
            for (LatentRun.SourceQuality q : r.sources()) {
                arm.add(r.arm());
                d.add(r.d());
                qs.add(q);
            }
        }
        return Table.create("Sample quality per latent source (MNIST classifier; IS ± sd over 5 splits)",
                StringColumn.create("arm", arm), IntColumn.create("d", d.stream().mapToInt(i -> i).toArray()),
                StringColumn.create("source", qs.stream().map(LatentRun.SourceQuality::source).toList()),
                qcol("IS", qs, LatentRun.SourceQuality::is), qcol("IS_sd", qs, LatentRun.SourceQuality::isSd),
                qcol("diversity", qs, LatentRun.SourceQuality::diversity),
                qcol("sharpness", qs, LatentRun.SourceQuality::sharpness),
                qcol("mean_max_softmax", qs, LatentRun.SourceQuality::meanMaxSoftmax),
                qcol("share_conf>0.9", qs, LatentRun.SourceQuality::confident),
                qcol("class_agreement", qs, LatentRun.SourceQuality::agreement),
                StringColumn.create("note", qs.stream().map(LatentRun.SourceQuality::note).toList()));
    }

    /** Norm statistics per run against chi_d and, on the active subspace, chi_|𝒜|. */
    public static Table normsTable(List<LatentRun> runs) {
        List<LatentRun> rs = sorted(runs);
        return Table.create("‖z‖ against the chi shells",
                StringColumn.create("arm", rs.stream().map(LatentRun::arm).toList()),
                IntColumn.create("d", rs.stream().mapToInt(LatentRun::d).toArray()),
                col("posterior", rs, r -> r.norms().posteriorMean()), col("mu", rs, r -> r.norms().muMean()),
                col("prior", rs, r -> r.norms().priorMean()), col("chi_d", rs, r -> r.norms().chiMean()),
                col("chi_d_sd", rs, r -> r.norms().chiSd()),
                IntColumn.create("|A|", rs.stream().mapToInt(r -> r.activeDims().length).toArray()),
                col("posterior_on_A", rs, r -> r.norms().activePosteriorMean()),
                col("prior_on_A", rs, r -> r.norms().activePriorMean()),
                col("chi_|A|", rs, r -> r.norms().activeChiMean()),
                col("mean_v_j_inactive", rs, LargeLatentFigures::inactiveVariance));
    }

    /** Nearest training images of samples and the memorization gaps at the last epoch. */
    public static Table memorizationTable(List<LatentRun> runs) {
        List<LatentRun> rs = sorted(runs);
        return Table.create("Memorization: last-epoch gaps (nats) and nearest training images (pixel L2)",
                StringColumn.create("arm", rs.stream().map(LatentRun::arm).toList()),
                IntColumn.create("d", rs.stream().mapToInt(LatentRun::d).toArray()),
                col("train-test_ELBO", rs, r -> last(r).trainElbo() - last(r).testElbo()),
                col("train-test_IWAE", rs, r -> r.recon().trainIwae() - r.recon().testIwae()),
                col("prior_nn_dist", rs, r -> r.nearest().get(0).meanDistance()),
                col("prior_nn_ratio", rs, r -> r.nearest().get(0).meanRatio()),
                col("posterior_nn_dist", rs, r -> r.nearest().get(1).meanDistance()),
                col("posterior_nn_ratio", rs, r -> r.nearest().get(1).meanRatio()));
    }

    /** Sorted per-dimension KL_j profile (largest first) of every d of one arm; log y axis. */
    public static Figure klProfile(List<LatentRun> runs, Arm arm) {
        List<Trace> t = new ArrayList<>();
        int i = 0;
        for (LatentRun r : seed0(runs, arm)) {
            double[] kl = r.klPerDim().clone();
            Arrays.sort(kl);
            double[] y = new double[kl.length];
            double[] x = new double[kl.length];
            for (int j = 0; j < kl.length; j++) {
                x[j] = j + 1;
                y[j] = Math.max(kl[kl.length - 1 - j], 1e-5);
            }
            t.add(line("d = " + r.d(), x, y, i++));
        }
        return figure("Per-dimension KL_j, sorted (" + arm.label() + ")", "rank j (log)", "KL_j (nats, log)", t,
                true, true);
    }

    /** Mean ‖z‖ of posterior samples, of μ and of prior draws against the chi_d mean, over d (log–log). */
    public static Figure norms(List<LatentRun> runs, Arm arm) {
        List<LatentRun> rs = seed0(runs, arm);
        double[] d = rs.stream().mapToDouble(LatentRun::d).toArray();
        List<Trace> t = List.of(line("posterior z", d, vals(rs, r -> r.norms().posteriorMean()), 0),
                line("mu(x)", d, vals(rs, r -> r.norms().muMean()), 1),
                line("prior z", d, vals(rs, r -> r.norms().priorMean()), 2),
                line("chi_d mean", d, vals(rs, r -> r.norms().chiMean()), 3),
                line("posterior z on A", d, vals(rs, r -> r.norms().activePosteriorMean()), 4),
                line("chi_|A| mean", d, vals(rs, r -> r.norms().activeChiMean()), 5));
        return figure("‖z‖ against the chi shells (" + arm.label() + ")", "d (log)", "mean norm (log)", t, true,
                true);
    }

    /** One mismatch statistic against d, one curve per arm. */
    public static Figure mismatch(List<LatentRun> runs, String title, String yTitle,
                                  ToDoubleFunction<LatentRun> stat, boolean logY) {
        List<Trace> t = new ArrayList<>();
        for (Arm a : Arm.values()) {
            List<LatentRun> rs = seed0(runs, a);
            t.add(line(a.label(), rs.stream().mapToDouble(LatentRun::d).toArray(), vals(rs, stat), a.ordinal()));
        }
        return figure(title, "d (log)", yTitle, t, true, logY);
    }

    /** Test IWAE (nats) against prior-sample IS, one curve per arm (points ordered by d). */
    public static Figure reconstructionVsGeneration(List<LatentRun> runs) {
        List<Trace> t = new ArrayList<>();
        for (Arm a : Arm.values()) {
            List<LatentRun> rs = seed0(runs, a);
            ScatterTrace tr = ScatterTrace.builder(vals(rs, r -> LargeLatentReplication.is(r, LatentSources.PRIOR)),
                            vals(rs, r -> r.recon().testIwae()))
                    .mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(a.label())
                    .text(rs.stream().map(r -> "d = " + r.d()).toArray(String[]::new))
                    .marker(Marker.builder().color(Plots.PALETTE[a.ordinal()]).size(7).build()).build();
            t.add(tr);
        }
        return figure("Reconstruction vs generation across d", "prior-sample IS", "test IWAE log p(x) (nats)", t,
                false, false);
    }

    /** Train − test β = 1 ELBO gap over epochs for every d of one arm. */
    public static Figure memorization(List<LatentRun> runs, Arm arm) {
        List<Trace> t = new ArrayList<>();
        int i = 0;
        for (LatentRun r : seed0(runs, arm)) {
            double[] x = r.gaps().stream().mapToDouble(LatentRun.GapPoint::epoch).toArray();
            double[] y = r.gaps().stream().mapToDouble(g -> g.trainIwae() - g.testIwae()).toArray();
            t.add(line("d = " + r.d(), x, y, i++));
        }
        return figure("Train − test IWAE gap over epochs (" + arm.label() + ")", "epoch", "gap (nats)", t, false,
                false);
    }

    /** Decoded images (rows: the five latent sources) of one run, from its grid.npy. */
    public static BufferedImage sampleGrid(LargeLatentSweep sweep, LargeLatentSweep.Spec spec) {
        return ImageGrid.ofRows(28, 28, sweep.grid(spec)).withRowLabels(LatentSources.ALL).image();
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    static double inactiveVariance(LatentRun r) {
        boolean[] act = new boolean[r.d()];
        for (int j : r.activeDims()) {
            act[j] = true;
        }
        double s = 0;
        int n = 0;
        for (int j = 0; j < r.d(); j++) {
            if (!act[j]) {
                s += r.aggregateVariance()[j];
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    private static LatentRun.GapPoint last(LatentRun r) {
        return r.gaps().isEmpty() ? new LatentRun.GapPoint(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                : r.gaps().get(r.gaps().size() - 1);
    }

    private static List<LatentRun> sorted(List<LatentRun> runs) {
        return runs.stream().sorted(Comparator.comparing(LatentRun::arm).reversed()
                .thenComparingInt(LatentRun::d).thenComparingInt(LatentRun::seed)).toList();
    }

    private static List<LatentRun> seed0(List<LatentRun> runs, Arm arm) {
        return runs.stream().filter(r -> r.arm().equals(arm.id()) && r.seed() == 0)
                .sorted(Comparator.comparingInt(LatentRun::d)).toList();
    }

    private static double[] vals(List<LatentRun> rs, ToDoubleFunction<LatentRun> f) {
        return rs.stream().mapToDouble(f).toArray();
    }

    private static DoubleColumn col(String name, List<LatentRun> rs, ToDoubleFunction<LatentRun> f) {
        return DoubleColumn.create(name, rs.stream().mapToDouble(f).map(LargeLatentFigures::round).toArray());
    }

    private static DoubleColumn qcol(String name, List<LatentRun.SourceQuality> qs,
                                     ToDoubleFunction<LatentRun.SourceQuality> f) {
        return DoubleColumn.create(name, qs.stream().mapToDouble(f).map(LargeLatentFigures::round).toArray());
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
    }

    private static ScatterTrace line(String name, double[] x, double[] y, int colour) {
        return ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).name(name)
                .marker(Marker.builder().color(Plots.PALETTE[colour % Plots.PALETTE.length]).size(5).build()).build();
    }

    private static Figure figure(String title, String xTitle, String yTitle, List<Trace> traces, boolean logX,
                                 boolean logY) {
        Layout l = Layout.builder().title(title).width(Plots.WIDTH).height(Plots.HEIGHT)
                .xAxis(Axis.builder().title(xTitle).type(logX ? Axis.Type.LOG : Axis.Type.LINEAR).build())
                .yAxis(Axis.builder().title(yTitle).type(logY ? Axis.Type.LOG : Axis.Type.LINEAR).build()).build();
        return new Figure(l, traces.toArray(new Trace[0]));
    }
}
