package org.latentlab.spark;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@code sweep} command's rows of the bad-input catalogue ({@code docs/bad-inputs.md}, section "The sweep
 * command (Spark module)"): each row runs the command on a bad input and checks exit status 2, nothing on stdout,
 * exactly one stderr line containing the expected words (no exception class name) and that nothing in the test's
 * folder (which holds a finished store) changed. {@link #catalogueDocumentListsEveryCase} keeps the document's table
 * equal to {@link #rows()}.
 */
class SweepBadInputsCatalogueTest {
    /** One catalogue row: arguments ({@code DIR} = the test folder, {@code STORE} = a finished store in it). */
    record Row(String id, String tried, String expect, String... args) {
        String markdown() {
            return "| " + id + " | `sweep` | " + tried + " | " + expect + " |";
        }

        @Override
        public String toString() {
            return id;
        }
    }

    private static Path dir;

    @BeforeAll
    static void makeFolder() throws IOException {
        dir = Sweeps.targetDir("bad-inputs");
        Sweeps.newStore(dir.resolve("store"));
        Files.writeString(dir.resolve("a-file"), "not a store\n");
        Files.writeString(dir.resolve("other.json"), Sweeps.CONFIG.replace("\"epochs\":8", "\"epochs\":9"));
        Files.writeString(dir.resolve("config.json"), Sweeps.CONFIG);
        Files.writeString(dir.resolve("partial.json"), "{\"images\": 10}");
        // stores whose first run's result.json was cut short / copied from another run (a hand edit)
        org.latentlab.sweep.RunStore cut = Sweeps.newStore(dir.resolve("cut-result"));
        Path cutRun = Files.createDirectories(cut.runDir(cut.plan().get(0)));
        Files.writeString(cutRun.resolve("result.json"), "{\"id\": \"" + cut.plan().get(0).id() + "\", \"res");
        org.latentlab.sweep.RunStore other = Sweeps.newStore(dir.resolve("other-result"));
        Path otherRun = Files.createDirectories(other.runDir(other.plan().get(0)));
        Files.writeString(otherRun.resolve("result.json"), "{\"id\": \"" + other.plan().get(1).id()
                + "\", \"seconds\": 1.0, \"attempts\": 1, \"result\": {}}");
        Files.writeString(dir.resolve("renyi-huge-k.json"), "{\"sweep\":{\"latentDims\":[2147483647],\"alphas\":[1],"
                + "\"analyticElbo\":true,\"trainSize\":100,\"testSize\":100,\"trainSamples\":1,\"epochs\":1,"
                + "\"batchSize\":50,\"learningRate\":0.001,\"probeEpochs\":[1],\"probeTestSize\":50,\"vrSamples\":2,"
                + "\"isSamples\":5,\"isImages\":10,\"seed\":1},\"probes\":{\"logisticC\":1.0,"
                + "\"logisticMaxIterations\":100,\"svmCost\":1.0,\"svmMaxIterations\":100,\"knnNeighbours\":5,"
                + "\"standardize\":false,\"seed\":1}}");
    }

    static List<Row> rows() {
        String study = TinyVaeStudy.NAME;
        int closed = LocalCluster.freePort(); // nothing listens there
        return List.of(
                new Row("sweep-unknown-study", "study `nosuch`", "unknown study 'nosuch'",
                        "nosuch", "--mode", "quick", "--store", "DIR/new"),
                new Row("sweep-unknown-mode", "`--mode fast`", "--mode 'fast' is not understood",
                        study, "--mode", "fast", "--store", "DIR/new"),
                new Row("sweep-no-store", "no `--store` for a study without a default store", "--store is missing",
                        study, "--mode", "quick"),
                new Row("sweep-store-file", "`--store` a regular file", "is a file: expected a directory",
                        study, "--mode", "quick", "--config", "DIR/config.json", "--store", "DIR/a-file"),
                new Row("sweep-store-other-config", "a store made with another configuration",
                        "with another configuration",
                        study, "--mode", "quick", "--config", "DIR/other.json", "--store", "STORE"),
                new Row("sweep-config-missing", "`--config` a file that does not exist", "no such file",
                        study, "--mode", "quick", "--config", "DIR/none.json", "--store", "DIR/new"),
                new Row("sweep-config-partial", "`--config` without most of the study's fields", "tinyvae config: missing [",
                        study, "--mode", "quick", "--config", "DIR/partial.json", "--store", "DIR/new"),
                new Row("sweep-master-malformed", "`--master yarn`", "--master 'yarn' is not understood",
                        study, "--mode", "quick", "--master", "yarn", "--store", "DIR/new"),
                new Row("sweep-master-port", "`--master spark://127.0.0.1:70000`", "is not understood",
                        study, "--mode", "quick", "--master", "spark://127.0.0.1:70000", "--store", "DIR/new"),
                new Row("sweep-master-local-zero", "`--master local[0]`", "is not understood",
                        study, "--mode", "quick", "--master", "local[0]", "--store", "DIR/new"),
                new Row("sweep-master-unreachable", "`--master spark://127.0.0.1:P`, nothing listening on P",
                        "is unreachable (connection refused)",
                        study, "--mode", "quick", "--master", "spark://127.0.0.1:" + closed, "--store", "DIR/new"),
                new Row("sweep-threads-zero", "`--threads 0`", "--threads 0 is not understood",
                        study, "--mode", "quick", "--threads", "0", "--store", "DIR/new"),
                new Row("break-sweep-threads-huge", "`--threads 100000` (stalled the JVM for minutes)",
                        "--threads 100000 is not understood",
                        study, "--mode", "quick", "--threads", "100000", "--store", "DIR/new"),
                new Row("break-sweep-renyi-latent-huge", "renyi `--config` with `latentDims [2147483647]` (was a "
                        + "stack trace, exit 1, store written)", "latent dims must be in [1, 784]",
                        "renyi", "--mode", "quick", "--config", "DIR/renyi-huge-k.json", "--store", "DIR/new"),
                new Row("break-sweep-result-cut", "a run's `result.json` cut short by hand (was a stack trace, "
                        + "exit 1)", "is not a run result",
                        study, "--mode", "quick", "--config", "DIR/config.json", "--store", "DIR/cut-result",
                        "--master", "in-process", "--threads", "1"),
                new Row("break-sweep-result-other-run", "a run's `result.json` copied from another run (was a stack "
                        + "trace, exit 1)", "belongs to run",
                        study, "--mode", "quick", "--config", "DIR/config.json", "--store", "DIR/other-result",
                        "--master", "in-process", "--threads", "1"),
                new Row("sweep-threads-text", "`--threads two`", "Invalid value for option '--threads'",
                        study, "--mode", "quick", "--threads", "two", "--store", "DIR/new"),
                new Row("sweep-status-not-a-store", "`sweep status` of a folder without a store", "not a run store",
                        "status", "DIR"),
                new Row("sweep-status-file", "`sweep status` of a regular file", "not a run store",
                        "status", "DIR/a-file"));
    }

    static Stream<Row> cases() {
        return rows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInputGivesOneClearLineAndTouchesNothing(Row row) throws IOException {
        List<String> before = listing();
        List<String> args = new ArrayList<>(List.of("sweep"));
        for (String a : row.args()) {
            args.add(a.replace("STORE", dir.resolve("store").toString()).replace("DIR", dir.toString()));
        }
        SweepCommandTest.Result r = SweepCommandTest.cli(args.toArray(new String[0]));
        assertEquals(SweepCommand.EXIT_BAD_INPUT, r.code(), row.id() + ": exit status; stderr " + r.err());
        assertEquals("", r.out(), row.id() + ": nothing on stdout");
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), row.id() + ": one line on stderr, got " + lines);
        assertTrue(lines.get(0).contains(row.expect()), row.id() + ": '" + row.expect() + "' in " + lines.get(0));
        assertFalse(lines.get(0).contains("Exception"), row.id() + ": no exception class names: " + lines.get(0));
        assertEquals(before, listing(), row.id() + ": nothing written");
    }

    /** Every path under the folder with its size and modification time. */
    private static List<String> listing() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> out = new ArrayList<>();
            for (Path p : s.sorted().toList()) {
                out.add(dir.relativize(p) + " " + (Files.isRegularFile(p) ? Files.size(p) + " "
                        + Files.getLastModifiedTime(p).toMillis() : "dir"));
            }
            return out;
        }
    }

    /** The table as {@code docs/bad-inputs.md} must hold it. */
    static String table() {
        return "| id | entry point | tried | the one-line error contains |\n|---|---|---|---|\n"
                + rows().stream().map(Row::markdown).collect(Collectors.joining("\n")) + "\n";
    }

    @Test
    void catalogueDocumentListsEveryCase() throws IOException {
        String repo = System.getProperty("latentlab.repo");
        if (repo == null) {
            throw new IllegalStateException("system property latentlab.repo is not set (surefire sets it)");
        }
        Path doc = Path.of(repo).resolve("docs/bad-inputs.md");
        String text = Files.isRegularFile(doc) ? Files.readString(doc) : "";
        if (!text.contains(table())) {
            fail(doc + " must contain exactly this table (generated from SweepBadInputsCatalogueTest.rows()):\n"
                    + table());
        }
    }
}
