package org.latentlab.plots;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.traces.Trace;

import static org.junit.jupiter.api.Assertions.*;

class PlotsTest {
    private static Table history() {
        return Table.create("history", IntColumn.create("epoch", 1, 2, 3),
                DoubleColumn.create("train_loss", 180.0, 140.0, 120.0),
                DoubleColumn.create("test_loss", 170.0, 145.0, 130.0));
    }

    @Test
    void historyHasOneTracePerLossWithTheValues() {
        Figure f = Plots.history("Loss", history());
        assertEquals(2, f.getTraces().length);
        String js = f.asJavascript("d");
        assertTrue(js.contains("name: 'train_loss'") && js.contains("name: 'test_loss'"));
        assertTrue(js.contains("\"145.0\""));
        assertTrue(js.contains("loss (nats per example)"));
        var e = assertThrows(IllegalArgumentException.class, () -> Plots.lines("x", history(), "epoch", "kl"));
        assertTrue(e.getMessage().contains("no column 'kl'"));
    }

    @Test
    void latentScatterMakesOneTracePerLabelWithItsPoints() {
        float[] xy = {0f, 0f, 1f, 1f, 2f, 2f, 3f, 3f, 4f, 4f};
        int[] labels = {7, 3, 7, 3, 7};
        Figure f = Plots.latentScatter("z", xy, labels);
        Trace[] traces = f.getTraces();
        assertEquals(2, traces.length);
        String js = f.asJavascript("d");
        assertTrue(js.contains("name: '3'") && js.contains("name: '7'"));
        // label 3 holds points 1 and 3 → x = 1, 3
        String t0 = traces[0].asJavascript(0);
        assertTrue(t0.contains("\"1.0\",\"3.0\"") || t0.contains("\"1.0\", \"3.0\""), t0);
        assertThrows(IllegalArgumentException.class, () -> Plots.latentScatter("z", new float[3], new int[2]));
    }

    @Test
    void barChartCarriesCategoriesAndValues() {
        Figure f = Plots.bar("counts", new String[]{"0", "1"}, new double[]{5923, 6742}, "images");
        String js = f.asJavascript("d");
        assertTrue(js.contains("6742"));
        assertTrue(js.contains("type: 'bar'"));
        assertThrows(IllegalArgumentException.class, () -> Plots.bar("x", new String[]{"a"}, new double[0], "y"));
    }
}
