package org.latentlab.metrics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImbalanceMatrixTest {
    /** Every requested entry of the one-pass matrix equals the pairwise computation; others are NaN. */
    @Test
    void matrixEqualsPairwiseImbalancesAndTwoNn() {
        PointSet a = NeighbourMetricsTest.gaussian("a", 400, 3, 1);
        PointSet wide = NeighbourMetricsTest.gaussian("wide", 400, 40, 2);  // GEMM distances
        double[][] rows = a.toRows();
        double[][] mixed = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            mixed[i] = new double[] {rows[i][0], rows[i][1], wide.get(i, 0)};
        }
        PointSet b = PointSet.of("b", mixed);
        List<PointSet> spaces = List.of(a, wide, b);
        boolean[][] pairs = {{true, true, true}, {false, false, true}, {true, false, false}};
        InformationImbalance.Matrix m = InformationImbalance.compute(spaces, pairs);
        assertEquals(2.0 / 400, m.delta()[0][0], 1e-15);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (!pairs[i][j]) {
                    assertTrue(Double.isNaN(m.delta()[i][j]), i + "→" + j + " was not asked for");
                } else if (i != j) {
                    InformationImbalance.Result r = InformationImbalance.compute(spaces.get(i), spaces.get(j));
                    assertEquals(r.aToB(), m.delta()[i][j], 1e-12, i + "→" + j);
                }
            }
            assertEquals(TwoNN.estimate(spaces.get(i)).id(), m.id()[i], 1e-9, "TwoNN of space " + i);
        }
        // a shares two of b's three coordinates: b predicts a better than a independent space does
        assertTrue(m.delta()[2][0] < 0.5 * InformationImbalance.compute(wide, a).aToB());
    }

    @Test
    void rejectsSpacesOfDifferentSizesAndBadMasks() {
        PointSet a = NeighbourMetricsTest.gaussian("a", 50, 3, 1);
        PointSet c = NeighbourMetricsTest.gaussian("c", 40, 3, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InformationImbalance.compute(List.of(a, c), new boolean[2][2]));
        assertTrue(e.getMessage().contains("c"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> InformationImbalance.compute(List.of(a, a), new boolean[3][3]));
        assertTrue(e.getMessage().contains("mask"), e.getMessage());
    }
}
