package org.latentlab.studies.largelatent;

import org.latentlab.notebook.Replication;
import org.latentlab.notebook.Replication.Check;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * The verdict table of study 2: SPEC §2(d)'s predictions and decisive contrasts applied to the measured runs. Every
 * threshold is a ratio or a difference with a wide margin, decisions over several d use the median (factors of 1.2–4, 2 nats, 3 standard errors), and where
 * a number falls between the "yes" and the "no" margin the verdict is {@code n/a} (undecided) rather than a coin flip
 * of float rounding. Values are seed means per (arm, d). Verdicts are exactly {@code reproduced},
 * {@code not reproduced} or {@code n/a}.
 */
public final class LargeLatentReplication {
    private LargeLatentReplication() {}

    /** One row of the verdict table. */
    public static final String YES = "reproduced";
    public static final String NO = "not reproduced";
    public static final String NA = "n/a";

    /** Prior samples "fail" when their IS is below this share of the aggregate-posterior samples' IS. */
    static final double FAIL_RATIO = 0.75;
    /** ... and are "fine" above this share; in between the verdict is undecided. */
    static final double OK_RATIO = 0.9;

    /** All checks for the given runs. */
    public static List<Check> checks(List<LatentRun> runs) {
        List<Check> out = new ArrayList<>();
        Grid sum = new Grid(runs, Arm.SUM);
        Grid mean = new Grid(runs, Arm.MEAN);
        out.add(activeUnitsSaturate(sum));
        out.add(inactiveMatchPrior(sum));
        out.add(normTestBlind(sum));
        out.add(mismatchPresent(sum));
        out.add(mismatchFollowsActive(sum));
        out.add(priorIsMildDecline(sum));
        out.add(meanArmLowLatentLoss(sum, mean));
        for (Grid g : List.of(sum, mean)) {
            out.add(gaussianFitRecovers(g));
        }
        for (Grid g : List.of(sum, mean)) {
            out.add(overfitting(g));
        }
        out.add(confounder(sum, mean));
        out.add(decoderIgnores(sum));
        out.add(new Check("E1.2 conv arm 8×8×C (C = 1 … 1024; C = 1024 is the asker's case)",
                "not run: the toolkit has no convolutional VAE yet", NA));
        return out;
    }

    /** The table (claim, ours, verdict). */
    /** The checks as the shared replication table (claim, ours, verdict), which the report index counts. */
    public static Replication table(List<Check> checks) {
        return new Replication("Replication check (SPEC §2(d))", checks);
    }

    /**
     * One paragraph answering the asker, assembled from the decisive verdicts (prior/aggregate-posterior mismatch,
     * overfitting, loss-reduction confounder) and their numbers.
     */
    public static String answer(List<LatentRun> runs, List<Check> checks) {
        Grid sum = new Grid(runs, Arm.SUM);
        Grid mean = new Grid(runs, Arm.MEAN);
        StringBuilder b = new StringBuilder();
        int dmax = sum.dmax();
        b.append(String.format(Locale.ROOT, "Across d = %s, the β = 1 (sum-reduced) VAE has %s active units by Burda's Var μ_j > 0.01 and %s by "
                        + "the PCA count; "
                        + "at d = %d its prior samples reach IS %.2f against %.2f for samples of the aggregate "
                        + "posterior. ", sum.dims(), sum.series(r -> r.auBurda()), sum.series(r -> r.auPca()), dmax,
                sum.at(dmax, r -> is(r, LatentSources.PRIOR)), sum.at(dmax, r -> is(r, LatentSources.AGGREGATE))));
        Check fitSum = find(checks, "Gaussian fit", Arm.SUM);
        Check fitMean = find(checks, "Gaussian fit", Arm.MEAN);
        Check exists = find(checks, "the mismatch exists", Arm.SUM);
        Check overSum = find(checks, "overfitting", Arm.SUM);
        Check overMean = find(checks, "overfitting", Arm.MEAN);
        Check conf = find(checks, "confounder", null);
        b.append("Prior and aggregate posterior do differ for β = 1 (").append(exists.verdict()).append(": ")
                .append(exists.ours()).append("). The decisive contrast for the asker's picture — does sampling a "
                        + "Gaussian fit N(m, S) of q(z) instead of N(0, I) recover most of the IS the prior loses? — is ")
                .append(phrase(fitSum)).append(String.format(Locale.ROOT, " for β = 1 (median recovered share %.2f; "
                        + "a 10-component GMM: %.2f) and ", medianShare(sum, LatentSources.GAUSSIAN_FIT),
                        medianShare(sum, LatentSources.GMM))).append(phrase(fitMean))
                .append(String.format(Locale.ROOT, " for the mean-normalized arm (%.2f; GMM %.2f). ",
                        medianShare(mean, LatentSources.GAUSSIAN_FIT), medianShare(mean, LatentSources.GMM)));
        b.append("Overfitting (the accepted answer) is ").append(phrase(overSum)).append(" for β = 1 (")
                .append(overSum.ours()).append(") and ").append(phrase(overMean))
                .append(" for the mean-normalized arm (").append(overMean.ours()).append("). ");
        b.append("The loss-reduction confounder (β_eff = 784/d) is ").append(phrase(conf)).append(" (")
                .append(conf.ours()).append(").");
        if (mean.dims().stream().noneMatch(d -> d > 784)) {
            b.append(" In this grid every mean-normalized model has β_eff = 784/d ≥ ")
                    .append(String.format(Locale.ROOT, "%.2f", 784.0 / mean.dmax()))
                    .append(", i.e. it is regularised more strongly than the β = 1 arm, so the asker's regime "
                            + "(d = 65 536, β_eff ≈ 0.012) is only reached by full mode's d = 1024 and beyond.");
        }
        return b.toString();
    }

    private static String phrase(Check c) {
        return switch (c.verdict()) {
            case YES -> "supported";
            case NO -> "not supported";
            default -> "undecided";
        };
    }

    private static Check find(List<Check> checks, String key, Arm arm) {
        return checks.stream().filter(c -> c.claim().contains(key) && (arm == null || c.claim().contains(
                "[" + arm.id() + "]"))).findFirst().orElseThrow();
    }

    // ---- individual checks ----------------------------------------------------------------------------------

    static Check activeUnitsSaturate(Grid g) {
        String claim = "[sum] β = 1: active units saturate (≈ 10–25 for the MLP) while d grows";
        String ours = "at d = " + g.dims() + ": AU (Var μ_j > 0.01) " + g.series(r -> r.auBurda())
                + ", PCA count " + g.series(r -> r.auPca());
        if (g.dims().size() < 3) {
            return new Check(claim, ours, NA);
        }
        boolean burda = saturates(g, r -> r.auBurda());
        boolean pca = saturates(g, r -> r.auPca());
        if (burda != pca) {
            return new Check(claim, ours + "; the two definitions disagree (" + (pca ? "PCA" : "Burda")
                    + " saturates)", NA);
        }
        return new Check(claim, ours, burda ? YES : NO);
    }

    /** count(dmax) &lt; dmax/4 and at most 1.5 × count(previous d) + 2. */
    private static boolean saturates(Grid g, ToDoubleFunction<LatentRun> count) {
        int dmax = g.dmax();
        int dprev = g.dims().get(g.dims().size() - 2);
        double au = g.at(dmax, count);
        return au < dmax / 4.0 && au <= 1.5 * g.at(dprev, count) + 2;
    }

    static Check inactiveMatchPrior(Grid g) {
        int dmax = g.dmax();
        String claim = "[sum] β = 1: inactive dims have KL_j ≈ 0 and v_j ≈ 1";
        LatentRun r = g.first(dmax);
        boolean[] act = new boolean[r.d()];
        for (int j : r.activeDims()) {
            act[j] = true;
        }
        double kl = 0;
        double dv = 0;
        int n = 0;
        for (int j = 0; j < r.d(); j++) {
            if (!act[j]) {
                kl += r.klPerDim()[j];
                dv += Math.abs(r.aggregateVariance()[j] - 1);
                n++;
            }
        }
        if (n == 0) {
            return new Check(claim, "d = " + dmax + ": no inactive dimension", NA);
        }
        kl /= n;
        dv /= n;
        String ours = String.format(Locale.ROOT, "d = %d, %d inactive dims: mean KL_j = %.4f nats, mean |v_j − 1| = "
                + "%.4f", dmax, n, kl, dv);
        return new Check(claim, ours, kl < 0.05 && dv < 0.1 ? YES : kl > 0.2 || dv > 0.3 ? NO : NA);
    }

    static Check normTestBlind(Grid g) {
        int dmax = g.dmax();
        LatentRun r = g.first(dmax);
        String claim = "[sum] β = 1: posterior ‖z‖ matches chi_d, so the norm test alone cannot see the mismatch";
        double diff = r.norms().posteriorMean() - r.norms().chiMean();
        String ours = String.format(Locale.ROOT, "d = %d: mean ‖z‖ %.3f vs chi_d %.3f ± %.3f (|Δ| = %.2f sd); "
                        + "C2ST logistic %.3f (null band ≤ %.3f)", dmax, r.norms().posteriorMean(),
                r.norms().chiMean(), r.norms().chiSd(), Math.abs(diff) / r.norms().chiSd(),
                r.mismatch().c2stLogistic(), r.mismatch().c2stBandHigh());
        double z = Math.abs(diff) / r.norms().chiSd();
        return new Check(claim, ours, z < 1.5 ? YES : z > 3 ? NO : NA);
    }

    static Check mismatchPresent(Grid g) {
        int dmax = g.dmax();
        LatentRun r = g.first(dmax);
        LatentRun.Mismatch m = r.mismatch();
        String claim = "[sum] β = 1: the mismatch exists (C2ST > 0.5, KL(p‖q) > 0, coverage < 1)";
        double c2 = Math.max(m.c2stLogistic(), m.c2stKnn());
        String ours = String.format(Locale.ROOT, "d = %d: C2ST logistic %.3f / kNN %.3f (band ≤ %.3f), KL(p‖q) = %.2f "
                + "± %.2f nats, coverage %.3f", dmax, m.c2stLogistic(), m.c2stKnn(), m.c2stBandHigh(), m.holeScore(),
                m.holeScoreSe(), m.coverage());
        boolean yes = c2 > m.c2stBandHigh() + 0.02 && m.holeScore() > 3 * m.holeScoreSe() && m.coverage() < 1;
        boolean no = c2 <= m.c2stBandHigh() && m.holeScore() < 2 * m.holeScoreSe();
        return new Check(claim, ours, yes ? YES : no ? NO : NA);
    }

    static Check mismatchFollowsActive(Grid g) {
        String claim = "[sum] β = 1: the mismatch grows with |𝒜|, not with d";
        int dmax = g.dmax();
        double auMax = g.at(dmax, r -> r.auBurda());
        int d1 = g.dims().stream().filter(d -> g.at(d, r -> r.auBurda()) >= 0.8 * auMax).findFirst().orElse(dmax);
        String ours = "KL(p‖q) (nats) at d = " + g.dims() + ": " + g.series(r -> r.mismatch().holeScore())
                + "; AU " + g.series(r -> r.auBurda());
        if (d1 == dmax) {
            return new Check(claim, ours + " (AU not yet saturated below the largest d)", NA);
        }
        double growth = g.at(dmax, r -> r.mismatch().holeScore()) / g.at(d1, r -> r.mismatch().holeScore());
        double ratio = (double) dmax / d1;
        ours += String.format(Locale.ROOT, "; from d = %d (AU saturated) to %d: ×%.2f while d grew ×%.0f", d1, dmax,
                growth, ratio);
        return new Check(claim, ours, growth < ratio / 4 ? YES : growth >= ratio / 2 ? NO : NA);
    }

    static Check priorIsMildDecline(Grid g) {
        String claim = "[sum] β = 1: prior-sample IS declines only mildly beyond saturation";
        int dmax = g.dmax();
        double auMax = g.at(dmax, r -> r.auBurda());
        int d1 = g.dims().stream().filter(d -> g.at(d, r -> r.auBurda()) >= 0.8 * auMax).findFirst().orElse(dmax);
        String ours = "prior IS at d = " + g.dims() + ": " + g.series(r -> is(r, LatentSources.PRIOR));
        if (d1 == dmax) {
            return new Check(claim, ours, NA);
        }
        double ratio = g.at(dmax, r -> is(r, LatentSources.PRIOR)) / g.at(d1, r -> is(r, LatentSources.PRIOR));
        ours += String.format(Locale.ROOT, "; IS(d = %d) / IS(d = %d) = %.2f", dmax, d1, ratio);
        return new Check(claim, ours, ratio >= 0.85 ? YES : ratio < 0.7 ? NO : NA);
    }

    static Check meanArmLowLatentLoss(Grid sum, Grid mean) {
        String claim = "[mean] β_eff = 784/d < 1: AU ≫ 25 and total KL large, yet mean KL per dim small";
        OptionalDouble big = mean.dims().stream().filter(d -> d > 784).mapToDouble(Integer::doubleValue).max();
        String ours = "mean arm AU at d = " + mean.dims() + ": " + mean.series(r -> r.auBurda()) + "; total KL "
                + mean.series(r -> r.totalKl()) + " nats; mean KL/dim " + mean.series(LatentRun::meanKlPerDim);
        if (big.isEmpty()) {
            return new Check(claim, ours + " (no d > 784 in this grid: β_eff ≥ " + String.format(Locale.ROOT, "%.2f",
                    784.0 / mean.dmax()) + ")", NA);
        }
        int d = (int) big.getAsDouble();
        double au = mean.at(d, r -> r.auBurda());
        double kl = mean.at(d, r -> r.totalKl());
        double perDim = mean.at(d, LatentRun::meanKlPerDim);
        double klSum = sum.has(d) ? sum.at(d, r -> r.totalKl()) : Double.NaN;
        boolean yes = au > 50 && kl > 1.2 * klSum && perDim < 0.5;
        boolean no = au < 30 || kl <= klSum;
        return new Check(claim, ours, yes ? YES : no ? NO : NA);
    }

    /** Median over d of (IS_source − IS_prior)/(IS_aggregate − IS_prior), over the d where the prior loses ≥ 10 %. */
    static double medianShare(Grid g, String source) {
        double[] v = g.dims().stream().mapToDouble(d -> {
            double a = g.at(d, r -> is(r, LatentSources.PRIOR));
            double b = g.at(d, r -> is(r, LatentSources.AGGREGATE));
            double x = g.at(d, r -> is(r, source));
            return b - a >= 0.1 * b && Double.isFinite(x) ? (x - a) / (b - a) : Double.NaN;
        }).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }

    static Check gaussianFitRecovers(Grid g) {
        String claim = "[" + g.arm.id() + "] decisive: the Gaussian fit (d) recovers most of the IS the prior (a) "
                + "loses → prior/aggregate-posterior mismatch";
        List<Double> shares = new ArrayList<>();
        StringBuilder ours = new StringBuilder("recovered share (IS_d − IS_a)/(IS_b − IS_a) per d [GMM (e) share]: ");
        for (int d : g.dims()) {
            double a = g.at(d, r -> is(r, LatentSources.PRIOR));
            double b = g.at(d, r -> is(r, LatentSources.AGGREGATE));
            double fit = g.at(d, r -> is(r, LatentSources.GAUSSIAN_FIT));
            double gmm = g.at(d, r -> is(r, LatentSources.GMM));
            double lost = b - a;
            if (!Double.isFinite(lost) || !Double.isFinite(fit) || lost < 0.1 * b) {
                ours.append(String.format(Locale.ROOT, "%d: prior loses < 10 %% of IS %.2f; ", d, b));
                continue;
            }
            shares.add((fit - a) / lost);
            ours.append(String.format(Locale.ROOT, "%d: %.2f [%.2f] (IS a %.2f, b %.2f); ", d, (fit - a) / lost,
                    (gmm - a) / lost, a, b));
        }
        if (shares.isEmpty()) {
            return new Check(claim, ours.toString().trim(), NA);
        }
        double median = medianShare(g, LatentSources.GAUSSIAN_FIT);
        ours.append(String.format(Locale.ROOT, "median %.2f", median));
        return new Check(claim, ours.toString(), median >= 0.6 ? YES : median <= 0.4 ? NO : NA);
    }

    static Check overfitting(Grid g) {
        int dmax = g.dmax();
        int dmin = g.dims().get(0);
        String claim = "[" + g.arm.id() + "] decisive: only (b) samples are good and test reconstructions degrade "
                + "→ overfitting";
        double b = g.at(dmax, r -> is(r, LatentSources.AGGREGATE));
        double others = Math.max(g.at(dmax, r -> is(r, LatentSources.PRIOR)), Math.max(
                g.at(dmax, r -> is(r, LatentSources.ASKER)), g.at(dmax, r -> is(r, LatentSources.GAUSSIAN_FIT))));
        ToDoubleFunction<LatentRun> gap = r -> r.recon().trainIwae() - r.recon().testIwae();
        double gapMax = g.at(dmax, gap);
        double gapMin = g.at(dmin, gap);
        double bce = g.at(dmax, r -> r.recon().testBce());
        double bceBest = g.dims().stream().mapToDouble(d -> g.at(d, r -> r.recon().testBce())).min().orElse(bce);
        boolean onlyB = b >= 1.2 * others;
        boolean degrade = gapMax > gapMin + 2 && bce > bceBest + 2;
        String ours = String.format(Locale.ROOT, "d = %d: IS (b) %.2f vs best of (a), (c), (d) %.2f; train − test "
                        + "IWAE gap %.2f nats (d = %d: %.2f); test BCE %.2f vs best over d %.2f", dmax, b, others,
                gapMax, dmin, gapMin, bce, bceBest);
        return new Check(claim, ours, onlyB && degrade ? YES : NO);
    }

    static Check confounder(Grid sum, Grid mean) {
        String claim = "decisive: the mean-normalized arm alone produces the failure → loss-reduction confounder";
        StringBuilder ours = new StringBuilder("IS(prior)/IS(aggregate posterior) per d, sum | mean: ");
        String verdict = NA;
        boolean any = false;
        for (int d : mean.dims()) {
            if (!sum.has(d)) {
                continue;
            }
            double rs = sum.at(d, LargeLatentReplication::priorRatio);
            double rm = mean.at(d, LargeLatentReplication::priorRatio);
            ours.append(String.format(Locale.ROOT, "%d: %.2f | %.2f; ", d, rs, rm));
            if (d > 784) {
                any = true;
                if (rm < FAIL_RATIO && rs > OK_RATIO) {
                    verdict = YES;
                } else if (!verdict.equals(YES) && (rm > OK_RATIO || rs < FAIL_RATIO)) {
                    verdict = NO;
                }
            }
        }
        if (!any) {
            ours.append("no d > 784 in this grid, so β_eff = 784/d ≥ 1 everywhere");
        }
        return new Check(claim, ours.toString().trim(), any ? verdict : NA);
    }

    static Check decoderIgnores(Grid g) {
        int dmax = g.dmax();
        String claim = "[sum] high class agreement of (c) N(μ(x), I) shows the decoder ignores most dimensions";
        double c = g.at(dmax, r -> agreement(r, LatentSources.ASKER));
        double b = g.at(dmax, r -> agreement(r, LatentSources.AGGREGATE));
        double frac = g.at(dmax, r -> r.auBurda()) / dmax;
        String ours = String.format(Locale.ROOT, "d = %d: agreement (c) %.3f vs (b) %.3f; active share |𝒜|/d = %.3f",
                dmax, c, b, frac);
        boolean yes = c >= 0.8 * b && frac < 0.25;
        boolean no = c < 0.5 * b;
        return new Check(claim, ours, yes ? YES : no ? NO : NA);
    }

    static double priorRatio(LatentRun r) {
        return is(r, LatentSources.PRIOR) / is(r, LatentSources.AGGREGATE);
    }

    static double is(LatentRun r, String source) {
        LatentRun.SourceQuality q = r.source(source);
        return q == null ? Double.NaN : q.is();
    }

    static double agreement(LatentRun r, String source) {
        LatentRun.SourceQuality q = r.source(source);
        return q == null ? Double.NaN : q.agreement();
    }

    /** The runs of one arm, seed means per d. */
    static final class Grid {
        final Arm arm;
        final List<LatentRun> runs;

        Grid(List<LatentRun> all, Arm arm) {
            this.arm = arm;
            this.runs = all.stream().filter(r -> r.arm().equals(arm.id()))
                    .sorted(Comparator.comparingInt(LatentRun::d)).toList();
            if (runs.isEmpty()) {
                throw new IllegalArgumentException("runs: no run of arm '" + arm.id() + "'; expected both arms");
            }
        }

        List<Integer> dims() {
            return runs.stream().map(LatentRun::d).distinct().toList();
        }

        int dmax() {
            return dims().get(dims().size() - 1);
        }

        boolean has(int d) {
            return dims().contains(d);
        }

        LatentRun first(int d) {
            return runs.stream().filter(r -> r.d() == d).findFirst().orElseThrow();
        }

        double at(int d, ToDoubleFunction<LatentRun> f) {
            return runs.stream().filter(r -> r.d() == d).mapToDouble(f).average().orElse(Double.NaN);
        }

        String series(ToDoubleFunction<LatentRun> f) {
            List<String> s = new ArrayList<>();
            for (int d : dims()) {
                double v = at(d, f);
                s.add(Math.abs(v - Math.rint(v)) < 1e-9 && Math.abs(v) < 1e6 ? String.valueOf((long) Math.rint(v))
                        : String.format(Locale.ROOT, "%.2f", v));
            }
            return s.toString();
        }
    }
}
