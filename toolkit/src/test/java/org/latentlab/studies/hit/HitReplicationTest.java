package org.latentlab.studies.hit;

import org.latentlab.notebook.Replication;
import org.junit.jupiter.api.Test;
import org.latentlab.probes.ProbeKind;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class HitReplicationTest {
    private static final double[] B = {0.1, 1, 10};

    /**
     * A 3×3 grid shaped like the paper's claims: R(z2) set by β2, R(z1|z2) by β1, PSNR rising with the total rate,
     * Î(z2) following R(z2), expressive accuracies following Î and linear ones following R(z1|z2), the best IS at
     * (β1, β2) = (0.1, 10), and, within the (1, 1) model's rate budget, three different off-diagonal optima.
     */
    static List<HitResult> paperLike() {
        List<HitResult> rs = new ArrayList<>();
        for (double b2 : B) {
            for (double b1 : B) {
                double r2 = 12 / (1 + 4 * b2);
                double r1 = 30 / (1 + 4 * b1);
                double mi = Math.min(2.2, 0.6 * r2);
                double bound = HitEvaluation.bound(mi, Math.log(10));
                double psnr = 8 + 0.3 * (r1 + r2);
                double is = (b1 == 0.1 && b2 == 10) ? 6 : 2 + 0.01 * r1;
                double[] acc = new double[4];
                acc[ProbeKind.RBF_SVM.ordinal()] = bound - 0.05;
                acc[ProbeKind.KNN.ordinal()] = bound - 0.06;
                acc[ProbeKind.LOGISTIC.ordinal()] = Math.min(bound - 0.02, 0.2 + 0.01 * r1);
                acc[ProbeKind.LINEAR_SVM.ordinal()] = Math.min(bound - 0.02, 0.2 + 0.01 * r1);
                rs.add(new HitResult(b1, b2, r2, r1, 100 - psnr, psnr, is, 0.1, 3, is / 3, mi, mi, Math.log(10), acc,
                        acc.clone(), 0, 100, 90, 1, 1));
            }
        }
        // the optima: best PSNR at (0.1, 1), best IS at (0.1, 10) [set above], best accuracy at (10, 0.1); (1, 10)
        // reconstructs better than the (1, 1) β-VAE at a lower total rate
        return rs.stream().map(r -> {
            if (r.beta1() == 0.1 && r.beta2() == 1) {
                return with(r, 30, r.is(), r.accZ2());
            }
            if (r.beta1() == 1 && r.beta2() == 10) {
                return with(r, 11, r.is(), r.accZ2());
            }
            if (r.beta1() == 10 && r.beta2() == 0.1) {
                double[] a = r.accZ2();
                a[ProbeKind.KNN.ordinal()] = HitEvaluation.bound(r.miZ2(), Math.log(10)) - 0.001;
                return with(r, r.psnr(), r.is(), a);
            }
            return r;
        }).collect(Collectors.toList());
    }

    static HitResult with(HitResult r, double psnr, double is, double[] acc) {
        return new HitResult(r.beta1(), r.beta2(), r.rateZ2(), r.rateZ1GivenZ2(), r.distortion(), psnr, is, r.isSd(),
                r.diversity(), r.sharpness(), r.miZ2(), r.miZ1(), r.labelEntropy(), acc, acc, 0, 100, 90, 1, 1);
    }

    private static Map<String, String> verdicts(List<Replication.Check> cs) {
        return cs.stream().collect(Collectors.toMap(c -> c.claim().split(" \\(")[0], Replication.Check::verdict,
                (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void aPaperLikeGridReproducesEveryClaim() {
        List<HitResult> rs = paperLike();
        HitReplication.Optimal o = HitReplication.optimal(rs);
        assertEquals("b1-0.1_b2-1", o.psnr().id());
        assertEquals("b1-0.1_b2-10", o.is().id());
        assertEquals("b1-10_b2-0.1", o.accuracy().id());
        assertEquals(3, o.distinct());
        assertEquals(0, o.onDiagonal());
        List<Replication.Check> cs = HitReplication.checks(rs);
        assertEquals(10, cs.size());
        for (Replication.Check c : cs) {
            assertEquals(HitReplication.REPRODUCED, c.verdict(), c.toString());
        }
        String note = HitReplication.closingNote(rs, cs);
        assertTrue(note.contains("9 models") && note.contains("verdicts: 10 of 10 reproduced"), note);
        for (Replication.Check c : cs) {
            assertTrue(note.contains(c.claim()));
        }
        Table t = HitReplication.table(cs).table();
        assertEquals(10, t.rowCount());
        assertEquals(Set.of("reproduced"), Set.copyOf(t.stringColumn("verdict").asList()));
    }

    @Test
    void eachClaimFailsWhenItsNumbersContradictIt() {
        List<HitResult> base = paperLike();
        // PSNR flat along the diagonal (0.05 dB steps) → not reproduced
        assertEquals(HitReplication.NOT_REPRODUCED, HitReplication.psnrAlongDiagonal(map(base, r ->
                HitFigures.onDiagonal(r) ? with(r, 10 - 0.05 * Math.log10(r.beta1()), r.is(), r.accZ2()) : r))
                .verdict());
        // an accuracy 0.05 above its bound → not reproduced; 0.02 above (within the slack) → reproduced
        for (double over : new double[] {0.05, 0.02}) {
            List<HitResult> rs = map(base, r -> {
                if (r.beta1() != 1 || r.beta2() != 1) {
                    return r;
                }
                double[] a = r.accZ2();
                a[0] = HitEvaluation.bound(r.miZ2(), r.labelEntropy()) + over;
                return with(r, r.psnr(), r.is(), a);
            });
            assertEquals(over > HitReplication.BOUND_SLACK ? HitReplication.NOT_REPRODUCED : HitReplication.REPRODUCED,
                    HitReplication.boundHolds(rs).verdict(), "over " + over);
        }
        // Î driven by β1 instead of β2
        List<HitResult> swapped = map(base, r -> new HitResult(r.beta1(), r.beta2(), r.rateZ2(), r.rateZ1GivenZ2(),
                r.distortion(), r.psnr(), r.is(), r.isSd(), r.diversity(), r.sharpness(), 2 / (1 + r.beta1()),
                r.miZ1(), r.labelEntropy(), r.accZ2(), r.accZ1(), 0, 100, 90, 1, 1));
        assertEquals(HitReplication.NOT_REPRODUCED, HitReplication.informationDriver(swapped).verdict());
        // best IS on the diagonal
        assertEquals(HitReplication.NOT_REPRODUCED, HitReplication.bestIs(map(base, r ->
                r.beta1() == 1 && r.beta2() == 1 ? with(r, r.psnr(), 9, r.accZ2()) : r)).verdict());
        // linear probes that lose accuracy as R(z1|z2) grows
        assertEquals(HitReplication.NOT_REPRODUCED, HitReplication.linearImprove(map(base, r -> {
            double[] a = r.accZ2();
            a[ProbeKind.LOGISTIC.ordinal()] = 0.9 - 0.01 * r.rateZ1GivenZ2();
            a[ProbeKind.LINEAR_SVM.ordinal()] = 0.9 - 0.01 * r.rateZ1GivenZ2();
            return with(r, r.psnr(), r.is(), a);
        })).verdict());
        // no off-diagonal model beats a β-VAE of no larger rate
        assertEquals(HitReplication.NOT_REPRODUCED, HitReplication.betaVaeSuboptimal(map(base, r ->
                HitFigures.onDiagonal(r) ? r : with(r, 0, r.is(), r.accZ2()))).verdict());
        // the three optima collapse onto the (1,1) model
        List<HitResult> one = map(base, r -> r.beta1() == 1 && r.beta2() == 1
                ? with(r, 99, 99, new double[] {1, 1, 1, 1}) : r);
        List<Replication.Check> cs = HitReplication.checks(one);
        Map<String, String> v = verdicts(cs);
        assertEquals(HitReplication.NOT_REPRODUCED, v.get("the three optimal models"));
        assertEquals(HitReplication.NOT_REPRODUCED, v.get("none of the three optimal models is a β-VAE"));
    }

    @Test
    void aGridWithoutTwoDiagonalModelsSaysNotApplicable() {
        List<HitResult> rs = paperLike().stream().filter(r -> !HitFigures.onDiagonal(r) || r.beta1() == 1).toList();
        assertEquals(HitReplication.NA, HitReplication.psnrAlongDiagonal(rs).verdict());
        var e = assertThrows(IllegalArgumentException.class, () -> HitReplication.checks(rs.subList(0, 3)));
        assertTrue(e.getMessage().contains("2×2"), e.getMessage());
    }

    @Test
    void figuresAndTablesCoverEveryModel() {
        List<HitResult> rs = paperLike();
        Table best = HitFigures.bestAccuracyTable(rs);
        assertEquals(2, best.rowCount());
        double want = 100 * rs.stream().mapToDouble(r -> r.accuracy(ProbeKind.KNN, true)).max().orElseThrow();
        assertEquals(Math.round(want * 100) / 100.0, best.doubleColumn("knn %").get(0), 1e-9);
        assertEquals(9, HitFigures.summary(rs).rowCount());
        assertEquals(3, HitFigures.optimalTable(rs).rowCount());
        assertEquals(3, HitFigures.diagonal(rs).size());
        for (Figure f : List.of(HitFigures.psnrPlane(rs),
                HitFigures.metricVsRate(rs, HitResult::psnr, "PSNR", "t"),
                HitFigures.overGrid(rs, HitResult::is, "IS", "t"), HitFigures.informationVsRate(rs),
                HitFigures.accuracyVsRate(rs), HitFigures.tradeOff(rs), HitFigures.surface3d(rs))) {
            String js = f.asJavascript("div1");
            assertTrue(js.contains("Plotly.newPlot"), js.substring(0, Math.min(200, js.length())));
        }
        // Fig. 7: bound curve, per-model bounds and the four probes
        assertEquals(2 + ProbeKind.values().length, HitFigures.accuracyVsRate(rs).getTraces().length);
    }

    private static List<HitResult> map(List<HitResult> rs, Function<HitResult, HitResult> f) {
        return rs.stream().map(f).collect(Collectors.toList());
    }
}
