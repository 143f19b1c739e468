package org.latentlab.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.latentlab.LatentLab;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NeighbourMetricsTest {

    static PointSet gaussian(String name, int n, int d, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        return PointSet.of(name, x);
    }

    @Test
    void selfImbalanceIsTwoOverN() {
        PointSet x = gaussian("x", 300, 5, 1);
        for (PairwiseDistances.Mode m : PairwiseDistances.Mode.values()) {
            InformationImbalance.Result r = InformationImbalance.compute(x, x, 1, m);
            assertEquals(2.0 / 300, r.aToB(), 1e-15, m.name());
            assertEquals(2.0 / 300, r.bToA(), 1e-15, m.name());
            // with k neighbours the mean rank is (k+1)/2
            InformationImbalance.Result r4 = InformationImbalance.compute(x, x, 4, m);
            assertEquals(2.0 * 2.5 / 300, r4.aToB(), 1e-15);
        }
    }

    @Test
    void ranksEqualABruteForceStableArgsortWithTies() {
        Random rnd = new Random(5);
        int n = 80;
        double[][] a = new double[n][2];
        double[][] b = new double[n][3];
        for (int i = 0; i < n; i++) {
            a[i] = new double[]{rnd.nextInt(4), rnd.nextInt(4)}; // many ties and duplicates
            b[i] = new double[]{rnd.nextInt(3), rnd.nextInt(3), rnd.nextGaussian() > 1 ? 1 : 0};
        }
        PointSet pa = PointSet.of("a", a);
        PointSet pb = PointSet.of("b", b);
        for (int k : new int[]{1, 3, 10}) {
            double expected = bruteForce(pa, pb, k);
            double got = InformationImbalance.compute(pa, pb, k, PairwiseDistances.Mode.EXACT).aToB();
            assertEquals(expected, got, 1e-12, "k=" + k);
            assertEquals(bruteForce(pb, pa, k),
                    InformationImbalance.compute(pa, pb, k, PairwiseDistances.Mode.EXACT).bToA(), 1e-12);
        }
    }

    /** Full stable argsort per row (self at position 0 first by putting it there), as numpy's kind='stable'. */
    static double bruteForce(PointSet a, PointSet b, int k) {
        int n = a.size();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            final int self = i;
            Integer[] oa = IntStream.range(0, n).filter(m -> m != self).boxed().toArray(Integer[]::new);
            Arrays.sort(oa, Comparator.comparingDouble((Integer m) -> a.distance(self, m)));
            Integer[] ob = IntStream.range(0, n).filter(m -> m != self).boxed().toArray(Integer[]::new);
            Arrays.sort(ob, Comparator.comparingDouble((Integer m) -> b.distance(self, m)));
            List<Integer> listB = Arrays.asList(ob);
            for (int r = 0; r < k; r++) {
                sum += 1 + listB.indexOf(oa[r]);
            }
        }
        return 2.0 * sum / ((double) n * n * k);
    }

    @Test
    void gemmAndExactPathsAgree() {
        PointSet x = gaussian("x", 700, 40, 2);
        Random rnd = new Random(9);
        double[][] y = new double[700][40];
        for (int i = 0; i < 700; i++) {
            for (int j = 0; j < 40; j++) {
                y[i][j] = Math.tanh(x.get(i, j) + 100.0) + 0.3 * rnd.nextGaussian() + 1000.0; // far from the origin
            }
        }
        PointSet py = PointSet.of("y", y);
        InformationImbalance.Result e = InformationImbalance.compute(x, py, 1, PairwiseDistances.Mode.EXACT);
        InformationImbalance.Result g = InformationImbalance.compute(x, py, 1, PairwiseDistances.Mode.GEMM);
        assertEquals(e.aToB(), g.aToB(), 1e-12);
        assertEquals(e.bToA(), g.bToA(), 1e-12);
        double te = TwoNN.estimate(py, TwoNN.Config.defaults().withMode(PairwiseDistances.Mode.EXACT)).id();
        double tg = TwoNN.estimate(py, TwoNN.Config.defaults().withMode(PairwiseDistances.Mode.GEMM)).id();
        assertEquals(te, tg, 1e-9);
        assertEquals(te, e.idB(), 1e-9);
    }

    @Test
    void syntheticCalibrationOfSpecH2() {
        // TwoNN on N = 5000 i.i.d. N(0, I_K) (SPEC §H.2 ranges, widened by the spread of one seed)
        int[] ks = {2, 4, 8, 16, 32};
        double[][] ranges = {{1.9, 2.1}, {3.8, 4.2}, {7.6, 8.2}, {13.9, 14.9}, {23.6, 25.6}};
        for (int c = 0; c < ks.length; c++) {
            double id = TwoNN.estimate(gaussian("g" + ks[c], 5000, ks[c], 100 + c)).id();
            assertTrue(id >= ranges[c][0] && id <= ranges[c][1], "K=" + ks[c] + ": TwoNN " + id);
        }
        // uniform cube anchors
        Random rnd = new Random(4);
        double[][] cube = new double[5000][8];
        for (double[] row : cube) {
            for (int j = 0; j < 8; j++) {
                row[j] = rnd.nextDouble();
            }
        }
        double idCube = TwoNN.estimate(PointSet.of("cube8", cube)).id();
        assertTrue(idCube > 6.9 && idCube < 7.7, "cube K=8: " + idCube);
        // independent copies: Δ ≈ 1
        InformationImbalance.Result r = InformationImbalance.compute(gaussian("p", 2000, 4, 7), gaussian("q", 2000, 4, 8));
        assertEquals(1.0, r.aToB(), 0.05);
        assertEquals(1.0, r.bToA(), 0.05);
    }

    @Test
    void grideScaleZeroIsTwoNnMlAndGaussianIdIsRecovered() {
        PointSet x = gaussian("x", 2000, 3, 12);
        Gride.Result g = Gride.estimate(x);
        double ml = TwoNN.estimate(x, TwoNN.Config.defaults().withAlgorithm(TwoNN.Algorithm.ML)).id();
        assertEquals(ml, g.ids()[0], 1e-5);
        assertEquals(6, g.ids().length);
        for (int s = 0; s < 4; s++) {
            assertEquals(3.0, g.ids()[s], 0.35, "scale " + s);
            assertTrue(g.errors()[s] > 0 && g.errors()[s] < 0.2);
        }
        for (int s = 1; s < 6; s++) {
            assertTrue(g.scales()[s] > g.scales()[s - 1]);
        }
        assertEquals(6, g.toTable().rowCount());
    }

    @Test
    void decimationAveragesSubsetsWithAnError() {
        PointSet x = gaussian("x", 1000, 3, 3);
        TwoNN.Result r = TwoNN.estimate(x, TwoNN.Config.defaults().withDataFraction(0.25).withSeed(1));
        assertEquals(4, r.repetitions());
        assertEquals(250, r.n());
        assertTrue(r.error() > 0);
        assertEquals(3.0, r.id(), 0.5);
        assertEquals(r.id(), TwoNN.estimate(x, TwoNN.Config.defaults().withDataFraction(0.25).withSeed(1)).id(), 0.0);
    }

    @Test
    void subsetAveragedAndRelativeDifferences() {
        PointSet a = gaussian("a", 4100, 3, 21);
        PointSet b = a.columns(0);
        InformationImbalance.SubsetResult s = InformationImbalance.subsetAveraged(a, b, 1, 2000, 5);
        assertEquals(2, s.subsets());
        assertEquals(2000, s.subsetSize());
        InformationImbalance.Result full = InformationImbalance.compute(a.rows(IntStream.range(0, 2000).toArray()),
                b.rows(IntStream.range(0, 2000).toArray()));
        assertEquals(full.aToB(), s.aToB(), 0.02);
        assertTrue(s.aToB() < s.bToA());
        // A → a projection: A predicts B, not the reverse: compression, ρ < 0
        double[] rho = InformationImbalance.relativeDifferences(List.of(a.rows(IntStream.range(0, 500).toArray()),
                b.rows(IntStream.range(0, 500).toArray())));
        assertEquals(1, rho.length);
        assertTrue(rho[0] < -0.5, "rho " + rho[0]);
        assertEquals(0.0, InformationImbalance.relativeDifference(0.3, 0.3), 0.0);
        assertEquals(-1.2, InformationImbalance.relativeDifference(0.1, 0.4), 1e-12);
    }

    @Test
    void duplicatePolicy() {
        double[][] x = new double[60][2];
        Random rnd = new Random(2);
        for (int i = 0; i < 50; i++) {
            x[i] = new double[]{rnd.nextGaussian(), rnd.nextGaussian()};
        }
        for (int i = 50; i < 60; i++) {
            x[i] = x[i - 50].clone();
        }
        PointSet p = PointSet.of("dups", x);
        TwoNN.Result r = TwoNN.estimate(p);
        assertEquals(10, r.duplicatesRemoved());
        assertEquals(50, r.n());
        assertTrue(Double.isFinite(r.id()));
        assertEquals(TwoNN.estimate(p.rows(IntStream.range(0, 50).toArray())).id(), r.id(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TwoNN.estimate(p, TwoNN.Config.defaults().withDuplicates(TwoNN.Duplicates.FAIL)));
        assertTrue(e.getMessage().contains("duplicate"));
        // II is defined with duplicates (stable tie-break), and stays finite
        InformationImbalance.Result ii = InformationImbalance.compute(p, p.columns(0));
        assertTrue(Double.isFinite(ii.aToB()));
        assertEquals(r.id(), ii.idA(), 1e-12, "TwoNN alongside II follows the duplicate policy");
    }

    @Test
    void badInputIsRejectedClearly() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PointSet.of("nan", new double[][]{{0, 1}, {Double.NaN, 1}, {2, 2}})).getMessage().contains("row 1"));
        assertThrows(IllegalArgumentException.class,
                () -> PointSet.of("inf", new float[][]{{0, 1}, {1, Float.POSITIVE_INFINITY}, {2, 2}}));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> PointSet.of("ragged", new double[][]{{0, 1}, {1}, {2, 2}})).getMessage().contains("ragged"));
        PointSet two = PointSet.of("two", new double[][]{{0, 1}, {1, 0}});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TwoNN.estimate(two)).getMessage()
                .contains("at least 3"));
        assertThrows(IllegalArgumentException.class, () -> Gride.estimate(two));
        assertThrows(IllegalArgumentException.class, () -> InformationImbalance.compute(two, two));
        PointSet same = PointSet.of("same", new double[][]{{1, 1}, {1, 1}, {1, 1}, {1, 1}});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TwoNN.estimate(same)).getMessage()
                .contains("identical"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> InformationImbalance.compute(same, gaussian("g", 4, 2, 1))).getMessage().contains("identical"));
        IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                () -> InformationImbalance.compute(gaussian("a", 10, 2, 1), gaussian("b", 11, 2, 1)));
        assertTrue(n.getMessage().contains("N = 10") && n.getMessage().contains("N = 11"));
        assertThrows(IllegalArgumentException.class,
                () -> InformationImbalance.compute(gaussian("a", 10, 2, 1), gaussian("b", 10, 2, 1), 10,
                        PairwiseDistances.Mode.AUTO));
    }

    @Test
    void inputAdaptersAgree() {
        PointSet ref = gaussian("ref", 50, 3, 31);
        float[][] f = new float[50][3];
        double[] flat = new double[150];
        DoubleColumn[] cols = {DoubleColumn.create("a"), DoubleColumn.create("b"), DoubleColumn.create("c")};
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 3; j++) {
                f[i][j] = (float) ref.get(i, j);
                flat[i * 3 + j] = f[i][j];
                cols[j].append((double) f[i][j]);
            }
        }
        double idFloat = TwoNN.estimate(PointSet.of("f", f)).id();
        assertEquals(idFloat, TwoNN.estimate(PointSet.of("t", Table.create("t", cols))).id(), 1e-12);
        LatentLab.init();
        try (NDManager m = NDManager.newBaseManager()) {
            float[] fl = new float[150];
            for (int k = 0; k < 150; k++) {
                fl[k] = (float) flat[k];
            }
            NDArray arr = m.create(fl, new Shape(50, 3));
            assertEquals(idFloat, TwoNN.estimate(PointSet.of("nd", arr)).id(), 1e-12);
        }
        assertEquals(1, TwoNN.estimate(ref).toTable().rowCount());
    }
}
