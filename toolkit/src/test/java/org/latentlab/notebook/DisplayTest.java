package org.latentlab.notebook;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.LinePlot;
import tech.tablesaw.plotly.components.Figure;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.*;

class DisplayTest {
    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
            n++;
        }
        return n;
    }

    private static Figure figure(String title) {
        Table t = Table.create("h", IntColumn.create("epoch", 1, 2, 3), DoubleColumn.create("loss", 3.0, 2.0, 1.5));
        return LinePlot.create(title, t, "epoch", "loss");
    }

    @Test
    void plotlyBundleIsInlinedOnceAcrossTwoFiguresAndEachFigureDraws() {
        RecordingBridge rec = new RecordingBridge(true);
        Display d = new Display(rec);
        d.show(figure("first"));
        d.show(figure("second"));
        assertEquals(2, rec.outputs.size());
        String first = (String) rec.outputs.get(0).data();
        String second = (String) rec.outputs.get(1).data();
        assertTrue(rec.outputs.stream().allMatch(o -> o.mime().equals("text/html")));
        String all = first + second;
        assertEquals(1, count(all, PlotlyHtml.BUNDLE_MARKER));
        // the bundle's own banner: present once, in the first figure only
        assertEquals(1, count(all, "plotly.js v1.54.1"));
        assertTrue(first.contains("plotly.js v1.54.1"));
        assertFalse(second.contains("plotly.js v1.54.1"));
        assertTrue(first.length() > 3_000_000, "first figure carries the 3.4 MB bundle");
        assertTrue(second.length() < 10_000, "second figure is only the plot call");
        // require.js conflict: define hidden before the bundle, restored after
        int hide = first.indexOf("window.define = undefined");
        int bundle = first.indexOf("plotly.js v1.54.1");
        int restore = first.indexOf("window.define = window.__latentlabDefine");
        assertTrue(hide >= 0 && hide < bundle && bundle < restore);
        // each figure draws into its own div
        assertEquals(1, count(first, "Plotly.newPlot("));
        assertEquals(1, count(second, "Plotly.newPlot("));
        assertTrue(first.contains("'first'") && second.contains("'second'"));
        // Tablesaw declares "var target_<div id>": the id must be a JavaScript identifier
        var m = java.util.regex.Pattern.compile("var target_(\\S+) =").matcher(second);
        assertTrue(m.find(), second);
        assertTrue(m.group(1).matches("[A-Za-z_$][A-Za-z0-9_$]*"), m.group(1));
        assertTrue(second.contains("<div id='" + m.group(1) + "'"));
        // the bundle cannot end its script tag early: 3 bundle scripts + 1 figure script
        assertEquals(4, count(first, "</script>"));
        assertEquals(1, count(second, "</script>"));
        assertTrue(d.plotly().bundleEmitted());
        d.plotly().reset();
        d.show(figure("third"));
        assertEquals(1, count((String) rec.outputs.get(2).data(), PlotlyHtml.BUNDLE_MARKER));
    }

    @Test
    void tableIsHtmlWithCaptionEscapingAndElision() {
        Table t = Table.create("counts <MNIST>",
                StringColumn.create("class", "a&b", "c"), IntColumn.create("n", 5923, 6742));
        String html = Html.table(t, 40);
        assertTrue(html.startsWith("<table"));
        assertTrue(html.contains("<caption") && html.contains("counts &lt;MNIST&gt;"));
        assertTrue(html.contains("<td style=\"text-align:left;padding:2px 8px\">a&amp;b</td>"));
        assertTrue(html.contains("<td style=\"text-align:right;padding:2px 8px\">6742</td>"));
        assertEquals(2, count(html, "<tr><td"));

        int[] big = new int[100];
        for (int i = 0; i < big.length; i++) {
            big[i] = 1000 + i;
        }
        String cut = Html.table(Table.create("big", IntColumn.create("v", big)), 10);
        assertEquals(10, count(cut, "<tr><td style"));
        assertTrue(cut.contains(">1004<") && cut.contains(">1095<") && !cut.contains(">1050<"));
        assertTrue(cut.contains("90 more rows"));
        assertThrows(IllegalArgumentException.class, () -> Html.table(t, 1));
    }

    @Test
    void imagesAreSentAsPngBytes() {
        RecordingBridge rec = new RecordingBridge(true);
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 1, 0x808080);
        new Display(rec).show(img);
        RecordingBridge.Output o = rec.outputs.get(0);
        assertEquals("image/png", o.mime());
        byte[] png = (byte[]) o.data();
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        BufferedImage back = Display.readPng(png);
        assertEquals(3, back.getWidth());
        assertEquals(2, back.getHeight());
        assertEquals(0x80, back.getRGB(2, 1) & 0xFF);
        assertEquals(0, back.getRGB(0, 0) & 0xFF);
    }

    @Test
    void noKernelOnTheTestClassPathMeansHeadless() {
        KernelBridge b = KernelBridge.detect();
        assertEquals("headless", b.name());
        assertFalse(b.live());
        assertNull(b.display("text/html", "<b>x</b>"));
        assertFalse(b.update("x", "text/html", "<b>y</b>"));
    }
}
