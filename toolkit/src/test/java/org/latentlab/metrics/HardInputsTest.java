package org.latentlab.metrics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, item 1: the GEMM distance path never cancels (its neighbours and ranks are the exact mode's), and the
 * scale-invariant estimators (TwoNN, Gride, information imbalance) stay so from 10⁻³⁰⁰ to 10³⁰⁰. Right values of
 * robustness cases 1 and 2 come from {@code shared/cases/robustness/README.md}.
 */
class HardInputsTest {

    static Path robustnessCase(String file) {
        try {
            return Path.of(HardInputsTest.class.getResource("/org/latentlab/robustness/" + file).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource org/latentlab/robustness/" + file + " missing", e);
        }
    }

    private static TwoNN.Config twoNn(PairwiseDistances.Mode m) {
        return TwoNN.Config.defaults().withMode(m);
    }

    @Test
    void case1FarGroupsGiveTheExactModeResult() throws IOException {
        PointSet a = PointSet.fromNpy(robustnessCase("far_groups.npy"));
        PointSet b = PointSet.fromNpy(robustnessCase("far_groups_B.npy"));
        try (PairwiseDistances pd = new PairwiseDistances(a, PairwiseDistances.Mode.AUTO)) {
            assertEquals(PairwiseDistances.Mode.GEMM, pd.mode(), "the case must exercise the GEMM path");
        }
        double auto = TwoNN.estimate(a).id();
        assertEquals(4.298723, auto, 5e-7);
        assertEquals(TwoNN.estimate(a, twoNn(PairwiseDistances.Mode.EXACT)).id(), auto, 0.0);
        InformationImbalance.Result ii = InformationImbalance.compute(a, b);
        assertEquals(0.012436, ii.aToB(), 5e-7);
        assertEquals(0.773086, ii.bToA(), 5e-7);
        InformationImbalance.Result exact = InformationImbalance.compute(a, b, 1, PairwiseDistances.Mode.EXACT);
        assertEquals(exact.aToB(), ii.aToB(), 0.0);
        assertEquals(exact.bToA(), ii.bToA(), 0.0);
    }

    /** Two groups ±offset along a random direction, a Gaussian cloud of dimension d inside each. */
    static PointSet farGroups(String name, int n, int d, double offset, long seed) {
        Random r = new Random(seed);
        double[] dir = new double[d];
        double norm = 0;
        for (int k = 0; k < d; k++) {
            dir[k] = r.nextGaussian();
            norm += dir[k] * dir[k];
        }
        double[] x = new double[n * d];
        for (int i = 0; i < n; i++) {
            double side = i % 2 == 0 ? offset : -offset;
            for (int k = 0; k < d; k++) {
                x[i * d + k] = side * dir[k] / Math.sqrt(norm) + r.nextGaussian();
            }
        }
        return PointSet.ofRowMajor(name, x, n, d);
    }

    @Test
    void gemmEqualsExactOnOtherFarGroupShapes() {
        // other inputs of the kind: random direction, other D and offsets, and a single group far from the origin
        for (double offset : new double[]{1e5, 1e9, 1e12}) {
            PointSet a = farGroups("a", 400, 40, offset, 1);
            PointSet b = farGroups("b", 400, 24, offset, 2);
            double g = TwoNN.estimate(a, twoNn(PairwiseDistances.Mode.GEMM)).id();
            double e = TwoNN.estimate(a, twoNn(PairwiseDistances.Mode.EXACT)).id();
            assertEquals(e, g, 0.0, "TwoNN at offset " + offset);
            InformationImbalance.Result ig = InformationImbalance.compute(a, b, 3, PairwiseDistances.Mode.GEMM);
            InformationImbalance.Result ie = InformationImbalance.compute(a, b, 3, PairwiseDistances.Mode.EXACT);
            assertEquals(ie.aToB(), ig.aToB(), 0.0, "II A→B at offset " + offset);
            assertEquals(ie.bToA(), ig.bToA(), 0.0, "II B→A at offset " + offset);
            Gride.Result gg = Gride.estimate(a, Gride.Config.defaults().withMode(PairwiseDistances.Mode.GEMM));
            Gride.Result ge = Gride.estimate(a, Gride.Config.defaults().withMode(PairwiseDistances.Mode.EXACT));
            assertArrayEquals(ge.ids(), gg.ids(), 0.0, "Gride at offset " + offset);
        }
    }

    @Test
    void gemmBreaksExactTiesLikeTheExactMode() {
        // integer-valued points (like uint8 images): many exactly equal squared distances, ties broken by index
        Random r = new Random(7);
        int n = 300;
        int d = 30;
        double[] xa = new double[n * d];
        double[] xb = new double[n * d];
        for (int k = 0; k < xa.length; k++) {
            xa[k] = r.nextInt(3);
            xb[k] = r.nextInt(2) + 1e7; // far from the origin as well
        }
        PointSet a = PointSet.ofRowMajor("a", xa, n, d);
        PointSet b = PointSet.ofRowMajor("b", xb, n, d);
        for (int k : new int[]{1, 4}) {
            InformationImbalance.Result ig = InformationImbalance.compute(a, b, k, PairwiseDistances.Mode.GEMM);
            InformationImbalance.Result ie = InformationImbalance.compute(a, b, k, PairwiseDistances.Mode.EXACT);
            assertEquals(ie.aToB(), ig.aToB(), 0.0, "k = " + k);
            assertEquals(ie.bToA(), ig.bToA(), 0.0, "k = " + k);
        }
    }

    @Test
    void case2TinyScaleGivesTheScaleOneResult() throws IOException {
        PointSet x = PointSet.fromNpy(robustnessCase("tiny_scale.npy"));
        assertEquals(3.077779, TwoNN.estimate(x).id(), 5e-7);
        double[] want = {3.037293, 3.029326, 2.864895, 2.945796, 2.920413, 2.805936};
        assertArrayEquals(want, Gride.estimate(x).ids(), 5e-6);
    }

    @Test
    void scaleInvariantEstimatorsAreSoFrom1eMinus300To1e300() {
        PointSet base = farGroups("cloud", 200, 5, 0.0, 3);
        double id = TwoNN.estimate(base).id();
        double[] grides = Gride.estimate(base).ids();
        PointSet other = farGroups("other", 200, 3, 0.0, 4);
        InformationImbalance.Result ii = InformationImbalance.compute(base, other, 2, PairwiseDistances.Mode.AUTO);
        for (double s : new double[]{1e-300, 1e-200, 1e-100, 1e100, 1e200, 1e300}) {
            PointSet scaled = scaled(base, s);
            assertEquals(id, TwoNN.estimate(scaled).id(), 1e-9 * id, "TwoNN at scale " + s);
            assertArrayEquals(grides, Gride.estimate(scaled).ids(), 1e-6, "Gride at scale " + s);
            assertEquals(id, TwoNN.estimate(scaled, twoNn(PairwiseDistances.Mode.GEMM)).id(), 1e-9 * id,
                    "TwoNN (GEMM) at scale " + s);
            InformationImbalance.Result is = InformationImbalance.compute(scaled, scaled(other, 1 / s), 2,
                    PairwiseDistances.Mode.AUTO);
            assertEquals(ii.aToB(), is.aToB(), 0.0, "II at scale " + s);
            assertEquals(ii.bToA(), is.bToA(), 0.0, "II at scale " + s);
            double scale = TwoNN.estimate(scaled).scale();
            assertEquals(TwoNN.estimate(base).scale() * s, scale, 1e-9 * scale, "TwoNN scale is in the input's units");
        }
    }

    @Test
    void distancesNeitherUnderflowNorOverflow() {
        PointSet p = PointSet.of("p", new double[][]{{0, 0}, {3e-300, 4e-300}, {3e300, -4e300}, {1e-320, 0}});
        assertEquals(5e-300, p.distance(0, 1), 1e-314);
        assertEquals(5e300, p.distance(0, 2), 1e286);
        assertTrue(p.distance(0, 3) > 0, "distinct points are never at distance 0");
        PointSet q = PointSet.of("q", new double[][]{{-Double.MAX_VALUE, 0}, {Double.MAX_VALUE, 0}, {0, 1}});
        assertEquals(Double.POSITIVE_INFINITY, q.distance(0, 1)); // 2·MAX_VALUE is beyond the double range
        assertEquals(Double.MAX_VALUE, q.distance(0, 2), 1e-15 * Double.MAX_VALUE);
    }

    private static PointSet scaled(PointSet p, double s) {
        double[][] rows = p.toRows();
        for (double[] r : rows) {
            for (int k = 0; k < r.length; k++) {
                r[k] *= s;
            }
        }
        return PointSet.of(p.name() + "×" + s, rows);
    }
}
