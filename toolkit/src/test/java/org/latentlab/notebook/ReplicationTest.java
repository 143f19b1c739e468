package org.latentlab.notebook;

import org.junit.jupiter.api.Test;
import org.latentlab.notebook.Replication.Check;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicationTest {
    private static final Replication SAMPLE = new Replication("check", List.of(
            Replication.check("a rises", "3 → 5", true),
            Replication.check("b falls", "2 → 4", false),
            Replication.na("c for every k", "one k only"),
            Replication.range("d in 0.93–0.94", 0.935, 0.93, 0.94, 0.01),
            Replication.range("e in 0.93–0.94", 0.925, 0.93, 0.94, 0.01),
            Replication.range("f in 0.88–0.92", 0.80, 0.88, 0.92, 0.01)));

    @Test
    void verdictsFollowTheNumbers() {
        List<String> v = SAMPLE.checks().stream().map(Check::verdict).toList();
        assertEquals(List.of("reproduced", "not reproduced", "n/a", "in range", "close", "out of range"), v);
        assertEquals("out of range", Replication.range("x", Double.NaN, 0, 1, 0.5).verdict());
        assertEquals("in range", Replication.range("x", 1.0, 0, 1, 0).verdict());
        assertEquals("close", Replication.range("x", 1.05, 0, 1, 0.1).verdict());
        assertEquals("0.9350", SAMPLE.checks().get(3).ours());
    }

    @Test
    void countsMapRangeVerdictsOntoTheThreeCategories() {
        assertEquals(Map.of("reproduced", 3, "not reproduced", 2, "n/a", 1), SAMPLE.counts());
        assertEquals(List.of("reproduced", "not reproduced", "n/a"), List.copyOf(SAMPLE.counts().keySet()));
        assertEquals("reproduced=3;not reproduced=2;n/a=1", SAMPLE.countsAttribute());
        assertEquals("reproduced=0;not reproduced=0;n/a=0", new Replication("empty", List.of()).countsAttribute());
    }

    @Test
    void htmlCarriesTheCountsAndEveryRow() {
        String html = SAMPLE.html();
        assertTrue(html.startsWith("<div class=\"latentlab-replication\" data-replication=\"reproduced=3;not reproduced=2;n/a=1\">"),
                html.substring(0, 120));
        for (Check c : SAMPLE.checks()) {
            assertTrue(html.contains(">" + c.claim() + "<"), c.claim());
        }
        assertTrue(html.contains("3 reproduced, 2 not reproduced, 1 n/a"));
        Table t = SAMPLE.table();
        assertEquals(6, t.rowCount());
        assertEquals(List.of("paper's claim", "ours", "verdict"), t.columnNames());
        assertEquals("close", t.stringColumn("verdict").get(4));
        RecordingBridge bridge = new RecordingBridge(false);
        new Display(bridge).show(SAMPLE);
        assertEquals(1, bridge.outputs.size());
        assertEquals(KernelBridge.HTML, bridge.outputs.get(0).mime());
        assertEquals(html, bridge.outputs.get(0).data());
    }

    @Test
    void badInputFailsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Check("claim x", "1", "yes"));
        assertTrue(e.getMessage().contains("'yes'") && e.getMessage().contains("claim x"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Check(null, "1", "n/a"));
        assertThrows(IllegalArgumentException.class, () -> new Replication(null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> Replication.category("maybe"));
    }
}
