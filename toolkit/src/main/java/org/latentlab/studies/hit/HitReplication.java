package org.latentlab.studies.hit;

import org.latentlab.notebook.Replication;
import org.latentlab.notebook.Replication.Check;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.latentlab.probes.ProbeKind;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The replication table of notebook 03: each claim of SPEC §3(d) (Xiao &amp; Bamler 2023) checked against the grid's
 * numbers, with a verdict {@code reproduced}, {@code not reproduced} or {@code n/a}. Every threshold has a margin
 * (stated in the claim's text) far from what float rounding on another CPU or thread count could move.
 */
public final class HitReplication {
    public static final String REPRODUCED = "reproduced";
    public static final String NOT_REPRODUCED = "not reproduced";
    public static final String NA = "n/a";
    /** Smallest PSNR step (dB) along the diagonal that counts as a decrease. */
    static final double PSNR_STEP_DB = 0.1;
    /** Slack on the Meyen bound for the probes' finite evaluation sets and the MC estimate of Î. */
    static final double BOUND_SLACK = 0.03;
    /** β2 must move Î(z2; label) at least this many times more than β1. */
    static final double DRIVER_RATIO = 2.0;
    /** Spearman correlation that counts as "tracks". */
    static final double TRACK_RHO = 0.7;
    /** Mean accuracy gain (absolute) that counts as an improvement. */
    static final double LINEAR_GAIN = 0.01;

    private HitReplication() {}

    /** One row of the table: the paper's claim, our numbers, the verdict. */
    /** The three task-optimal models of Fig. 1: best PSNR, best IS, best probe accuracy over the grid. */
    public record Optimal(HitResult psnr, HitResult is, HitResult accuracy) {
        /** Number of distinct models among the three. */
        public int distinct() {
            Set<String> s = new LinkedHashSet<>(List.of(psnr.id(), is.id(), accuracy.id()));
            return s.size();
        }

        /** How many of the three are β-VAEs (β1 = β2). */
        public int onDiagonal() {
            int n = 0;
            for (HitResult r : List.of(psnr, is, accuracy)) {
                n += HitFigures.onDiagonal(r) ? 1 : 0;
            }
            return n;
        }
    }

    /**
     * The optimal model per task (Fig. 1, "performance landscapes"): the grid's best PSNR, best IS and best probe
     * accuracy (the best of the four probes on either latent).
     */
    public static Optimal optimal(List<HitResult> rs) {
        if (rs == null || rs.isEmpty()) {
            throw new IllegalArgumentException("optimal: no results");
        }
        return new Optimal(best(rs, HitResult::psnr), best(rs, HitResult::is), best(rs, HitResult::bestAccuracy));
    }

    private static HitResult best(List<HitResult> rs, ToDoubleFunction<HitResult> f) {
        return rs.stream().max(Comparator.comparingDouble(f)).orElseThrow();
    }

    /** The checks of SPEC §3(d) on a grid's results. */
    public static List<Check> checks(List<HitResult> rs) {
        if (rs == null || rs.size() < 4) {
            throw new IllegalArgumentException("checks: need the results of at least a 2×2 grid, got "
                    + (rs == null ? "null" : rs.size()));
        }
        List<Check> out = new ArrayList<>();
        out.add(psnrAlongDiagonal(rs));
        out.add(psnrWithRate(rs));
        out.add(betaVaeSuboptimal(rs));
        Optimal o = optimal(rs);
        String who = String.format(Locale.ROOT, "PSNR: %s, IS: %s, accuracy: %s", name(o.psnr()), name(o.is()),
                name(o.accuracy()));
        out.add(new Check("the three optimal models (PSNR, IS, accuracy) differ", who + "; " + o.distinct()
                + " distinct", o.distinct() == 3 ? REPRODUCED : NOT_REPRODUCED));
        out.add(new Check("none of the three optimal models is a β-VAE (β1 = β2)", o.onDiagonal() + " of 3 on the "
                + "diagonal", o.onDiagonal() == 0 ? REPRODUCED : NOT_REPRODUCED));
        out.add(boundHolds(rs));
        out.add(informationDriver(rs));
        out.add(expressiveTrack(rs));
        out.add(linearImprove(rs));
        out.add(bestIs(rs));
        return out;
    }

    static Check psnrAlongDiagonal(List<HitResult> rs) {
        List<HitResult> d = HitFigures.diagonal(rs);
        String claim = "PSNR decreases monotonically along the diagonal β1 = β2 = β (each step ≥ "
                + PSNR_STEP_DB + " dB)";
        if (d.size() < 2) {
            return new Check(claim, d.size() + " diagonal model(s)", NA);
        }
        StringBuilder s = new StringBuilder();
        double minDrop = Double.POSITIVE_INFINITY;
        for (int i = 0; i < d.size(); i++) {
            s.append(i == 0 ? "" : " → ").append(String.format(Locale.ROOT, "%.2f", d.get(i).psnr()));
            if (i > 0) {
                minDrop = Math.min(minDrop, d.get(i - 1).psnr() - d.get(i).psnr());
            }
        }
        s.append(String.format(Locale.ROOT, " dB for β = %s … %s; smallest drop %.2f dB",
                HitResult.fmt(d.get(0).beta1()), HitResult.fmt(d.get(d.size() - 1).beta1()), minDrop));
        return new Check(claim, s.toString(), minDrop >= PSNR_STEP_DB ? REPRODUCED : NOT_REPRODUCED);
    }

    static Check psnrWithRate(List<HitResult> rs) {
        double rho = spearman(values(rs, HitResult::totalRate), values(rs, HitResult::psnr));
        return new Check("PSNR increases with total rate (Spearman ρ ≥ " + TRACK_RHO + " over the grid)",
                String.format(Locale.ROOT, "ρ = %.3f over %d models", rho, rs.size()),
                rho >= TRACK_RHO ? REPRODUCED : NOT_REPRODUCED);
    }

    /**
     * A β-VAE (β1 = β2) is dominated when an off-diagonal model with no larger total rate has a PSNR higher by at
     * least {@link #PSNR_STEP_DB}; the claim holds when at least half of the β-VAEs are dominated.
     */
    static Check betaVaeSuboptimal(List<HitResult> rs) {
        List<HitResult> d = HitFigures.diagonal(rs);
        String claim = "at a given total rate, β-VAEs are suboptimal in PSNR: trading rate between the layers "
                + "reconstructs better (an off-diagonal model with R ≤ R(β-VAE) beats it by ≥ " + PSNR_STEP_DB
                + " dB, for at least half of the β-VAEs)";
        if (d.isEmpty()) {
            return new Check(claim, "no β-VAE in the grid", NA);
        }
        int dominated = 0;
        StringBuilder s = new StringBuilder();
        for (HitResult v : d) {
            HitResult better = rs.stream().filter(m -> !HitFigures.onDiagonal(m) && m.totalRate() <= v.totalRate())
                    .max(Comparator.comparingDouble(HitResult::psnr)).orElse(null);
            boolean dom = better != null && better.psnr() >= v.psnr() + PSNR_STEP_DB;
            dominated += dom ? 1 : 0;
            s.append(s.length() == 0 ? "" : "; ").append("β=").append(HitResult.fmt(v.beta1()))
                    .append(String.format(Locale.ROOT, " %.2f dB", v.psnr()));
            if (better != null) {
                s.append(String.format(Locale.ROOT, " vs %.2f dB at %s", better.psnr(), name(better)));
            }
        }
        return new Check(claim, dominated + " of " + d.size() + " dominated: " + s,
                2 * dominated >= d.size() ? REPRODUCED : NOT_REPRODUCED);
    }

    static Check boundHolds(List<HitResult> rs) {
        int violations = 0;
        int tested = 0;
        double worst = Double.NEGATIVE_INFINITY;
        String worstAt = "";
        for (HitResult r : rs) {
            for (boolean top : new boolean[] {true, false}) {
                double bound = HitEvaluation.bound(top ? r.miZ2() : r.miZ1(), r.labelEntropy());
                for (ProbeKind k : ProbeKind.values()) {
                    double gap = r.accuracy(k, top) - bound;
                    tested++;
                    if (gap > worst) {
                        worst = gap;
                        worstAt = name(r) + " " + k.label() + " on " + (top ? "μ2" : "μ1");
                    }
                    if (gap > BOUND_SLACK) {
                        violations++;
                    }
                }
            }
        }
        return new Check("every probe accuracy ≤ f⁻¹(Î(z; label)) (Meyen bound; slack " + BOUND_SLACK
                + " for finite evaluation sets)", String.format(Locale.ROOT, "%d of %d above bound + slack; largest "
                + "accuracy − bound %+.3f (%s)", violations, tested, worst, worstAt),
                violations == 0 ? REPRODUCED : NOT_REPRODUCED);
    }

    static Check informationDriver(List<HitResult> rs) {
        double byB2 = meanSpread(rs, true);
        double byB1 = meanSpread(rs, false);
        return new Check("Î(z2; label) is driven mainly by β2 (mean spread over β2 ≥ " + DRIVER_RATIO
                + "× the spread over β1)", String.format(Locale.ROOT, "spread over β2 %.3f nats, over β1 %.3f nats",
                byB2, byB1), byB2 >= DRIVER_RATIO * byB1 ? REPRODUCED : NOT_REPRODUCED);
    }

    /** Mean over the other β of (max − min) of Î(z2; label) when {@code overBeta2} varies (else β1 varies). */
    private static double meanSpread(List<HitResult> rs, boolean overBeta2) {
        double[] fixed = rs.stream().mapToDouble(r -> overBeta2 ? r.beta1() : r.beta2()).distinct().toArray();
        double sum = 0;
        for (double f : fixed) {
            double[] v = rs.stream().filter(r -> (overBeta2 ? r.beta1() : r.beta2()) == f)
                    .mapToDouble(HitResult::miZ2).toArray();
            sum += Arrays.stream(v).max().orElse(0) - Arrays.stream(v).min().orElse(0);
        }
        return sum / fixed.length;
    }

    static Check expressiveTrack(List<HitResult> rs) {
        double[] mi = values(rs, HitResult::miZ2);
        double rbf = spearman(mi, values(rs, r -> r.accuracy(ProbeKind.RBF_SVM, true)));
        double knn = spearman(mi, values(rs, r -> r.accuracy(ProbeKind.KNN, true)));
        return new Check("expressive probes (RBF SVM, kNN) on μ2 track Î(z2; label) (Spearman ρ ≥ " + TRACK_RHO
                + " for both)", String.format(Locale.ROOT, "ρ(Î, RBF SVM) = %.3f, ρ(Î, kNN) = %.3f", rbf, knn),
                rbf >= TRACK_RHO && knn >= TRACK_RHO ? REPRODUCED : NOT_REPRODUCED);
    }

    static Check linearImprove(List<HitResult> rs) {
        double[] b2s = rs.stream().mapToDouble(HitResult::beta2).distinct().sorted().toArray();
        double gainSum = 0;
        int up = 0;
        StringBuilder s = new StringBuilder();
        for (double b2 : b2s) {
            List<HitResult> row = rs.stream().filter(r -> r.beta2() == b2)
                    .sorted(Comparator.comparingDouble(HitResult::rateZ1GivenZ2)).toList();
            double gain = linear(row.get(row.size() - 1)) - linear(row.get(0));
            gainSum += gain;
            up += gain > 0 ? 1 : 0;
            s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "β2=%s: %+.1f pp",
                    HitResult.fmt(b2), 100 * gain));
        }
        double mean = gainSum / b2s.length;
        String claim = "linear probes (logistic, linear SVM) on μ2 improve when R(z1|z2) is raised at fixed β2 "
                + "(mean gain ≥ " + (int) (100 * LINEAR_GAIN) + " pp, most rows up)";
        return new Check(claim, "highest vs lowest R(z1|z2) per row: " + s + String.format(Locale.ROOT,
                "; mean %+.1f pp", 100 * mean), mean >= LINEAR_GAIN && 2 * up > b2s.length ? REPRODUCED
                : NOT_REPRODUCED);
    }

    private static double linear(HitResult r) {
        return 0.5 * (r.accuracy(ProbeKind.LOGISTIC, true) + r.accuracy(ProbeKind.LINEAR_SVM, true));
    }

    static Check bestIs(List<HitResult> rs) {
        HitResult b = best(rs, HitResult::is);
        return new Check("the best IS sits at high R(z1|z2) rather than high R(z2), i.e. off the diagonal with "
                + "β1 < β2 (MNIST appendix; SPEC §3(d) [inferred])", String.format(Locale.ROOT,
                "best IS %.3f at %s (R(z2) %.2f, R(z1|z2) %.2f nats)", b.is(), name(b), b.rateZ2(),
                b.rateZ1GivenZ2()), b.beta1() < b.beta2() && !HitFigures.onDiagonal(b) ? REPRODUCED : NOT_REPRODUCED);
    }

    /**
     * The closing note: the grid's key numbers (ranges of rates, PSNR, IS, Î, best accuracies, the optimal models,
     * σ-floor hits, training and evaluation time) and every verdict, as plain text.
     */
    public static String closingNote(List<HitResult> rs, List<Check> checks) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d models. R(z2) %.2f–%.2f nats, R(z1|z2) %.2f–%.2f nats, PSNR %.2f–%.2f "
                        + "dB, IS %.3f–%.3f, Î(z2; l) %.3f–%.3f nats, Î(z1; l) %.3f–%.3f nats.%n", rs.size(),
                min(rs, HitResult::rateZ2), max(rs, HitResult::rateZ2), min(rs, HitResult::rateZ1GivenZ2),
                max(rs, HitResult::rateZ1GivenZ2), min(rs, HitResult::psnr), max(rs, HitResult::psnr),
                min(rs, HitResult::is), max(rs, HitResult::is), min(rs, HitResult::miZ2), max(rs, HitResult::miZ2),
                min(rs, HitResult::miZ1), max(rs, HitResult::miZ1)));
        for (boolean top : new boolean[] {true, false}) {
            b.append("best accuracy on ").append(top ? "μ2:" : "μ1:");
            for (ProbeKind k : ProbeKind.values()) {
                b.append(String.format(Locale.ROOT, " %s %.1f %%", k.label(), 100 * max(rs, r -> r.accuracy(k, top))));
            }
            b.append(System.lineSeparator());
        }
        Optimal o = optimal(rs);
        b.append(String.format(Locale.ROOT, "optimal models: PSNR %s, IS %s, accuracy %s.%n", name(o.psnr()),
                name(o.is()), name(o.accuracy())));
        long hits = rs.stream().mapToLong(HitResult::sigmaFloorHits).sum();
        long vals = rs.stream().mapToLong(HitResult::sigmaValues).sum();
        b.append(String.format(Locale.ROOT, "σ at the 1e-6 floor: %d of %d test-set values; training %.0f s, "
                        + "evaluation %.0f s in total (wall-clock, as recorded when each model was computed, on that "
                        + "machine and load; a model resumed from its checkpoint counts only the epochs it ran then).%n",
                hits, vals, rs.stream().mapToDouble(HitResult::trainSeconds).sum(),
                rs.stream().mapToDouble(HitResult::evalSeconds).sum()));
        long ok = checks.stream().filter(c -> c.verdict().equals(REPRODUCED)).count();
        b.append(String.format(Locale.ROOT, "verdicts: %d of %d reproduced.%n", ok, checks.size()));
        for (Check c : checks) {
            b.append("- ").append(c.verdict()).append(": ").append(c.claim()).append(" — ").append(c.ours())
                    .append(System.lineSeparator());
        }
        return b.toString();
    }

    private static double min(List<HitResult> rs, ToDoubleFunction<HitResult> f) {
        return rs.stream().mapToDouble(f).min().orElse(Double.NaN);
    }

    private static double max(List<HitResult> rs, ToDoubleFunction<HitResult> f) {
        return rs.stream().mapToDouble(f).max().orElse(Double.NaN);
    }

    /** The checks as a table: paper's claim, ours, verdict. */
    /** The checks as the shared replication table (claim, ours, verdict), which the report index counts. */
    public static Replication table(List<Check> checks) {
        return new Replication("Replication check against Xiao & Bamler (SPEC §3(d))", checks);
    }

    static double spearman(double[] a, double[] b) {
        if (a.length < 3) {
            return Double.NaN;
        }
        return new SpearmansCorrelation().correlation(a, b);
    }

    private static double[] values(List<HitResult> rs, ToDoubleFunction<HitResult> f) {
        return rs.stream().mapToDouble(f).toArray();
    }

    private static String name(HitResult r) {
        return "(β1, β2) = (" + HitResult.fmt(r.beta1()) + ", " + HitResult.fmt(r.beta2()) + ")";
    }
}
