package org.latentlab.sweep;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigJsonTest {
    record Inner(int a, double b) {
        Inner {
            if (a < 0) {
                throw new IllegalArgumentException("a must be >= 0, got " + a);
            }
        }
    }

    record Outer(String name, Inner inner) {}

    private static String error(String json) {
        String m = assertThrows(IllegalArgumentException.class, () -> ConfigJson.record(json, Outer.class, "t config"))
                .getMessage();
        assertFalse(m.contains("Exception") || m.contains("\n"), "one plain line: " + m);
        return m;
    }

    @Test
    void readsARecordAndWritesItBack() {
        Outer o = ConfigJson.record("{\"name\":\"x\",\"inner\":{\"a\":2,\"b\":-Infinity}}", Outer.class, "t");
        assertEquals(new Outer("x", new Inner(2, Double.NEGATIVE_INFINITY)), o);
        assertEquals(o, ConfigJson.record(ConfigJson.GSON.toJson(o), Outer.class, "t"));
    }

    @Test
    void everyFaultIsOnePlainLineNamingIt() {
        assertTrue(error("{\"name\":\"x\",\"inner\":{\"a\":2,").startsWith("t config is not valid JSON: "));
        assertEquals("t config: missing [inner] (expected the fields [name, inner])", error("{\"name\":\"x\"}"));
        assertEquals("t config \"inner\": unknown [c] (expected the fields [a, b])",
                error("{\"name\":\"x\",\"inner\":{\"a\":2,\"b\":1,\"c\":3}}"));
        assertEquals("t config: a must be >= 0, got -1", error("{\"name\":\"x\",\"inner\":{\"a\":-1,\"b\":1}}"));
        assertTrue(error("[1]").contains("expected a JSON object"));
        assertEquals("t config \"inner\": a must be a whole number, got 1.5",
                error("{\"name\":\"x\",\"inner\":{\"a\":1.5,\"b\":1}}"));
        assertEquals(new Inner(2, 1), ConfigJson.record("{\"name\":\"x\",\"inner\":{\"a\":2.0,\"b\":1}}",
                Outer.class, "t").inner());
        assertTrue(error("{\"name\":\"x\",\"inner\":{\"a\":\"many\",\"b\":1}}").startsWith("t config: "));
    }
}
