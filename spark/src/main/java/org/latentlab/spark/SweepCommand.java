package org.latentlab.spark;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.latentlab.LatentLab;
import org.latentlab.cli.Main;
import org.latentlab.sweep.InProcessRunner;
import org.latentlab.sweep.RunOutcome;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunState;
import org.latentlab.sweep.RunStore;
import org.latentlab.sweep.Studies;
import org.latentlab.sweep.Study;
import org.latentlab.sweep.LoggingSweepListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@code sweep} command line (issue 12 item 4), main class of {@code spark/target/latentlab-spark.jar}, reached
 * as {@code ./latentlab cli sweep …} or with {@code spark-submit --class org.latentlab.spark.SweepCommand}:
 * <pre>
 * sweep STUDY --mode quick|full [--config FILE.json] --store DIR
 *       [--master in-process|local[N]|local-cluster[W]|spark://HOST:PORT]
 *       [--threads T] [--conf KEY=VALUE]…
 * sweep status DIR [--table]
 * </pre>
 * Progress goes to stderr; stdout carries exactly one JSON document. Bad input (an unknown study or mode, a config
 * the study refuses, a store of another study or configuration, a store path that is a file, a malformed or
 * unreachable master, {@code --threads} ≤ 0) prints one line naming it on stderr and exits with status 2 before
 * anything in the store is written.
 */
public final class SweepCommand {
    /** Exit status of a bad input (as the toolkit's command line). */
    public static final int EXIT_BAD_INPUT = Main.EXIT_BAD_INPUT;
    /** Most libtorch threads per run {@code --threads} accepts (100 000 stalled the JVM for minutes). */
    static final int MAX_THREADS = 1024;
    /** How long a standalone master may take to accept a connection before the sweep gives up. */
    static final int CONNECT_TIMEOUT_MS = 10_000;
    /** Memory of each worker of a {@code local-cluster[W]} (its executor gets Spark's default 1 GiB). */
    static final String WORKER_MEMORY = "2g";
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting()
            .disableHtmlEscaping().create();

    private SweepCommand() {}

    public static void main(String[] args) {
        PrintStream stdout = System.out;
        System.setOut(System.err); // whatever a library prints goes to stderr: stdout is the JSON summary's
        int code = run(stdout, System.err, args);
        stdout.flush();
        System.exit(code);
    }

    /**
     * Runs the command ({@code args} with or without the leading word {@code sweep}) and returns its exit status;
     * the JSON goes to {@code out}, progress and errors to {@code err}.
     */
    public static int run(PrintStream out, PrintStream err, String... args) {
        List<String> a = Arrays.asList(args);
        if (!a.isEmpty() && a.get(0).equals("sweep")) {
            a = a.subList(1, a.size());
        }
        boolean status = !a.isEmpty() && a.get(0).equals("status");
        Object cmd = status ? new Status(out) : new Run(out, err);
        String[] rest = (status ? a.subList(1, a.size()) : a).toArray(new String[0]);
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        // bad input answered as the toolkit's command line does: one line, exit status 2
        return cl.setExecutionExceptionHandler(Main::handle).setParameterExceptionHandler(Main::handleParameters)
                .execute(rest);
    }

    /** {@code sweep STUDY …}: runs (or resumes) a sweep and prints its summary. */
    @Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Run (or resume) a study's sweep in process, on embedded Spark or on a Spark cluster. "
                    + "Progress on stderr, one JSON summary on stdout. `sweep status DIR` shows a store.")
    static final class Run implements Callable<Integer> {
        private final PrintStream out;
        private final PrintStream err;

        @Parameters(index = "0", paramLabel = "STUDY", description = "the study (Studies.names(): e.g. renyi)")
        String study;
        @Option(names = "--mode", required = true, description = "quick or full: the study's default configuration")
        String mode;
        @Option(names = "--config", paramLabel = "FILE.json", description = "the study's configuration (JSON) "
                + "instead of the mode's default")
        Path config;
        @Option(names = "--store", paramLabel = "DIR", description = "the run store (a folder every worker and "
                + "the driver share); made if absent, resumed if present (default: the study's notebook store)")
        Path store;
        @Option(names = "--master", defaultValue = "local[2]", paramLabel = "URL", description = "in-process, "
                + "local[N], local-cluster[W] (W one-core workers started here) or spark://HOST:PORT "
                + "(default: ${DEFAULT-VALUE})")
        String master;
        @Option(names = "--threads", paramLabel = "T", description = "libtorch threads per run (default: cores / N "
                + "for local[N], 1 on a cluster, every core in process)")
        Integer threads;
        @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a further Spark setting (repeatable)")
        Map<String, String> conf = new LinkedHashMap<>();

        Run(PrintStream out, PrintStream err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            String m = mode.trim().toLowerCase(Locale.ROOT);
            if (!m.equals("quick") && !m.equals("full")) {
                throw new IllegalArgumentException("--mode '" + mode + "' is not understood: expected quick or full");
            }
            if (threads != null && (threads < 1 || threads > MAX_THREADS)) {
                throw new IllegalArgumentException("--threads " + threads + " is not understood: expected a whole "
                        + "number of threads in [1, " + MAX_THREADS + "]");
            }
            MasterUrl url = MasterUrl.parse(master);
            Study s = Studies.named(study);
            String text;
            if (config != null) {
                if (!Files.isRegularFile(config)) {
                    throw new IllegalArgumentException("--config " + config + ": no such file (expected the study's "
                            + "configuration as JSON)");
                }
                text = Files.readString(config);
            } else {
                text = s.defaultConfig("quick".equals(m) ? LatentLab.Mode.QUICK : LatentLab.Mode.FULL);
            }
            String normalized = s.normalizeConfig(text);
            LatentLab.Mode lm = m.equals("quick") ? LatentLab.Mode.QUICK : LatentLab.Mode.FULL;
            if (store == null) {
                store = s.defaultStore(lm).orElseThrow(() -> new IllegalArgumentException("--store is missing: "
                        + "expected the run store's folder (study " + s.name() + " has no default store)"));
            }
            if (Files.exists(store) && !Files.isDirectory(store)) {
                throw new IllegalArgumentException("--store " + store + " is a file: expected a directory (a new or "
                        + "an existing run store)");
            }
            url.checkReachable(CONNECT_TIMEOUT_MS);
            RunStore rs = RunStore.create(store, s, normalized); // mode label: quick, full or custom
            int cores = Runtime.getRuntime().availableProcessors();
            int t = threads != null ? threads : url.defaultThreads(cores);
            List<RunOutcome> outcomes;
            if (url.inProcess()) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(t));
                LatentLab.init();
                outcomes = new InProcessRunner().run(rs, new LoggingSweepListener());
            } else if (url.localCluster()) {
                // a real standalone cluster of one-core workers on 127.0.0.1, for this sweep only (logs kept)
                try (LocalCluster lc = LocalCluster.start(url.workers(), WORKER_MEMORY,
                        rs.dir().resolve("spark-local-cluster"), null, Duration.ofSeconds(120))) {
                    Map<String, String> c = new LinkedHashMap<>();
                    if (!lc.folderClassPath().isEmpty()) {
                        c.put("spark.executor.extraClassPath", lc.folderClassPath());
                    }
                    c.putAll(conf);
                    outcomes = new SparkRunner(MasterUrl.parse(lc.masterUrl()), t, c, err).run(rs);
                }
            } else {
                Map<String, String> c = new LinkedHashMap<>();
                if (url.standalone() && System.getProperty("spark.jars") == null) {
                    // started from ./latentlab cli: executors load this JVM's class path (the same paths on every
                    // node; under spark-submit, --jars ships the jars instead)
                    c.put("spark.executor.extraClassPath", System.getProperty("java.class.path"));
                }
                c.putAll(conf);
                outcomes = new SparkRunner(url, t, c, err).run(rs);
            }
            JsonObject summary = new JsonObject();
            summary.addProperty("study", rs.study().name());
            summary.addProperty("mode", rs.mode());
            summary.addProperty("store", rs.dir().toAbsolutePath().toString());
            summary.addProperty("master", url.text());
            summary.addProperty("threads", t);
            JsonArray runs = new JsonArray();
            int reused = 0;
            for (RunOutcome o : outcomes) {
                runs.add(runJson(s, o.id(), o.name(), RunState.DONE, o.attempts(), o));
                reused += o.reused() ? 1 : 0;
            }
            summary.add("runs", runs);
            JsonObject counts = new JsonObject();
            counts.addProperty("runs", outcomes.size());
            counts.addProperty("computed", outcomes.size() - reused);
            counts.addProperty("reused", reused);
            summary.add("counts", counts);
            summary.addProperty("wall_seconds", (System.nanoTime() - t0) / 1e9);
            out.println(GSON.toJson(summary));
            out.flush();
            return 0;
        }
    }

    /** {@code sweep status DIR}: every run's state, seconds and key results. */
    @Command(name = "sweep status", mixinStandardHelpOptions = true,
            description = "Every run of a store: state (PENDING, PARTIAL, RUNNING, DONE), seconds, key results. "
                    + "JSON on stdout, or a table with --table.")
    static final class Status implements Callable<Integer> {
        private final PrintStream out;

        @Parameters(index = "0", paramLabel = "DIR", description = "the run store")
        Path dir;
        @Option(names = "--table", description = "a readable table instead of JSON")
        boolean table;

        Status(PrintStream out) {
            this.out = out;
        }

        @Override
        public Integer call() {
            RunStore rs = RunStore.open(dir);
            Study s = rs.study();
            JsonArray runs = new JsonArray();
            Map<RunState, Integer> counts = new EnumMap<>(RunState.class);
            for (RunSpec spec : rs.plan()) {
                RunState st = rs.state(spec);
                counts.merge(st, 1, Integer::sum);
                runs.add(runJson(s, spec.id(), spec.name(), st, rs.attempts(spec), rs.outcome(spec).orElse(null)));
            }
            if (table) {
                out.print(table(rs, runs));
            } else {
                JsonObject o = new JsonObject();
                o.addProperty("study", rs.study().name());
                o.addProperty("mode", rs.mode());
                o.addProperty("store", rs.dir().toAbsolutePath().toString());
                o.add("runs", runs);
                JsonObject c = new JsonObject();
                for (RunState st : RunState.values()) {
                    c.addProperty(st.label(), counts.getOrDefault(st, 0));
                }
                o.add("counts", c);
                out.println(GSON.toJson(o));
            }
            out.flush();
            return 0;
        }
    }

    /** One run of a summary: id, name, state, attempts, reused, seconds and the study's key results (finished). */
    static JsonObject runJson(Study s, String id, String name, RunState state, int attempts, RunOutcome o) {
        JsonObject r = new JsonObject();
        r.addProperty("id", id);
        r.addProperty("name", name);
        r.addProperty("state", state.label());
        r.addProperty("attempts", attempts);
        if (o != null) {
            r.addProperty("reused", o.reused());
            r.addProperty("seconds", o.seconds());
            JsonObject k = new JsonObject();
            s.keyResults(o.result()).forEach(k::addProperty);
            r.add("key_results", k);
        }
        return r;
    }

    /** The status as a fixed-width table: run, state, seconds, then one column per key result. */
    static String table(RunStore rs, JsonArray runs) {
        List<String> keys = new java.util.ArrayList<>();
        for (var e : runs) {
            JsonObject k = e.getAsJsonObject().getAsJsonObject("key_results");
            if (k != null) {
                k.keySet().stream().filter(x -> !keys.contains(x)).forEach(keys::add);
            }
        }
        int w = 4;
        for (var e : runs) {
            w = Math.max(w, e.getAsJsonObject().get("id").getAsString().length());
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s (%s) in %s%n", rs.study().name(), rs.mode(), rs.dir()));
        b.append(String.format(Locale.ROOT, "%-" + w + "s  %-7s  %8s  %9s", "run", "state", "attempts", "seconds"));
        keys.forEach(k -> b.append(String.format(Locale.ROOT, "  %" + Math.max(14, k.length()) + "s", k)));
        b.append('\n');
        for (var e : runs) {
            JsonObject r = e.getAsJsonObject();
            b.append(String.format(Locale.ROOT, "%-" + w + "s  %-7s  %8d  %9s", r.get("id").getAsString(),
                    r.get("state").getAsString(), r.get("attempts").getAsInt(), r.has("seconds")
                            ? String.format(Locale.ROOT, "%.1f", r.get("seconds").getAsDouble()) : "-"));
            JsonObject k = r.getAsJsonObject("key_results");
            for (String key : keys) {
                b.append(String.format(Locale.ROOT, "  %" + Math.max(14, key.length()) + "s", k != null && k.has(key)
                        ? String.format(Locale.ROOT, "%.6g", k.get(key).getAsDouble()) : "-"));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
