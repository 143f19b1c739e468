package org.latentlab.spark;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunStore;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code sweep} command line: one JSON summary on stdout, {@code sweep status} as JSON and as a table. */
class SweepCommandTest {
    record Result(int code, String out, String err) {}

    static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SweepCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A copy of the reference store (6 finished runs). */
    private static Path referenceCopy(String name) throws Exception {
        Sweeps.reference();
        Path from = Path.of("target", "reference-store").toAbsolutePath();
        Path to = Sweeps.targetDir(name);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else if (!p.getFileName().toString().equals("lease")) {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }

    @Test
    void aFinishedSweepIsReadBackAndSummarisedAsOneJsonDocument() throws Exception {
        Path store = referenceCopy("cli-store");
        Path config = store.resolveSibling("cli-config.json");
        Files.writeString(config, Sweeps.CONFIG);
        Result r = cli("sweep", TinyVaeStudy.NAME, "--mode", "quick", "--config", config.toString(), "--master",
                "in-process", "--threads", "1", "--store", store.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(TinyVaeStudy.NAME, o.get("study").getAsString());
        assertEquals("quick", o.get("mode").getAsString());
        assertEquals("in-process", o.get("master").getAsString());
        JsonArray runs = o.getAsJsonArray("runs");
        assertEquals(6, runs.size());
        for (var e : runs) {
            JsonObject run = e.getAsJsonObject();
            assertEquals("done", run.get("state").getAsString());
            assertTrue(run.get("reused").getAsBoolean());
            double want = Sweeps.reference().get(run.get("id").getAsString()).get("test_loss").getAsDouble();
            assertEquals(want, run.getAsJsonObject("key_results").get("test_loss").getAsDouble(), 0.0);
        }
        assertEquals(6, o.getAsJsonObject("counts").get("reused").getAsInt());
        assertEquals(0, o.getAsJsonObject("counts").get("computed").getAsInt());
    }

    @Test
    void statusListsEveryRunWithItsStateAsJsonAndAsATable() throws Exception {
        Path store = referenceCopy("status-store");
        RunStore rs = RunStore.open(store);
        List<RunSpec> plan = rs.plan();
        // one run interrupted after its checkpoint: PARTIAL
        Files.delete(store.resolve("runs").resolve(plan.get(2).id()).resolve("result.json"));
        Result r = cli("sweep", "status", store.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(5, o.getAsJsonObject("counts").get("done").getAsInt());
        assertEquals(1, o.getAsJsonObject("counts").get("partial").getAsInt());
        JsonObject partial = o.getAsJsonArray("runs").get(2).getAsJsonObject();
        assertEquals(plan.get(2).id(), partial.get("id").getAsString());
        assertEquals("partial", partial.get("state").getAsString());
        assertFalse(partial.has("key_results"));

        Result t = cli("status", store.toString(), "--table");
        assertEquals(0, t.code(), t.err());
        List<String> lines = t.out().lines().toList();
        assertEquals(2 + plan.size(), lines.size(), t.out());
        assertTrue(lines.get(1).contains("test_loss"), lines.get(1));
        assertTrue(lines.get(2 + 2).contains("partial"), t.out());
        assertTrue(lines.get(2).contains("done"), t.out());
    }
}
