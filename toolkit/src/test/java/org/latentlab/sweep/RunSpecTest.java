package org.latentlab.sweep;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSpecTest {
    private static JsonObject params(String... kv) {
        JsonObject o = new JsonObject();
        for (int i = 0; i < kv.length; i += 2) {
            o.addProperty(kv[i], kv[i + 1]);
        }
        return o;
    }

    @Test
    void idDependsOnContentNotOnKeyOrder() {
        RunSpec a = new RunSpec("renyi", "k30-vr0.5", params("k", "30", "alpha", "0.5"));
        RunSpec b = new RunSpec("renyi", "k30-vr0.5", params("alpha", "0.5", "k", "30"));
        assertEquals(a.id(), b.id());
        assertTrue(a.id().matches("k30-vr0\\.5-[0-9a-f]{10}"), a.id());
        assertNotEquals(a.id(), new RunSpec("renyi", "k30-vr0.5", params("k", "30", "alpha", "0.25")).id());
        assertNotEquals(a.id(), new RunSpec("hit", "k30-vr0.5", params("k", "30", "alpha", "0.5")).id());
        // the id is SHA-256 of the canonical text: the same on every machine (checked against sha256sum)
        assertEquals("{\"name\":\"k30-vr0.5\",\"params\":{\"alpha\":\"0.5\",\"k\":\"30\"},\"study\":\"renyi\"}",
                b.canonical());
        assertEquals("k30-vr0.5-a40e659749", a.id());
    }

    @Test
    void jsonRoundTripAndEditedSpecIsRefused() {
        RunSpec a = new RunSpec("toy", "run1", params("i", "1"));
        assertEquals(a, RunSpec.fromJson(a.toJson()));
        String edited = a.toJson().replace("\"i\":\"1\"", "\"i\":\"2\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunSpec.fromJson(edited));
        assertTrue(e.getMessage().contains("does not match its content"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunSpec.fromJson("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> RunSpec.fromJson("{\"study\":\"toy\"}"));
        assertThrows(IllegalArgumentException.class, () -> new RunSpec("toy", "../escape", null));
        assertThrows(IllegalArgumentException.class, () -> new RunSpec("toy", ".hidden", null));
    }
}
