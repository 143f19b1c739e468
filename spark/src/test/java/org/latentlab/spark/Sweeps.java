package org.latentlab.spark;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.latentlab.LatentLab;
import org.latentlab.sweep.InProcessRunner;
import org.latentlab.sweep.RunOutcome;
import org.latentlab.sweep.RunStore;
import org.latentlab.sweep.Studies;
import org.latentlab.sweep.SweepListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared pieces of the Spark module's tests: the small sweep, its in-process reference, result comparison. */
final class Sweeps {
    /** The tests' sweep: 6 runs of about 2-4 s each (one libtorch thread). */
    static final String CONFIG = "{\"images\":1000,\"testImages\":500,\"epochs\":8,\"batch\":50,\"hidden\":128,"
            + "\"latent\":[2,4,8],\"learningRates\":[0.001,0.003],\"seed\":7}";
    /** libtorch threads of every run in the tests (surefire's argLine sets the same for this JVM). */
    static final int THREADS = 1;

    /** The driver-kill test's sweep: the same 6 runs trained 3 times longer, so that 20 kills land mid-sweep. */
    static final String LONG_CONFIG = CONFIG.replace("\"epochs\":8", "\"epochs\":24");

    private static final Map<String, Map<String, JsonObject>> REFERENCES = new java.util.HashMap<>();

    private Sweeps() {}

    /** Where a test's files go: {@code spark/target/<name>} (kept for failures, wiped at the start). */
    static Path targetDir(String name) throws IOException {
        Path d = Path.of("target", name).toAbsolutePath();
        if (Files.exists(d)) {
            try (var s = Files.walk(d)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(d);
        return d;
    }

    static RunStore newStore(Path dir) {
        return RunStore.create(dir, Studies.named(TinyVaeStudy.NAME), "quick", CONFIG);
    }

    /** The in-process runner's results of {@link #CONFIG} (one thread, this JVM), by run id; computed once. */
    static Map<String, JsonObject> reference() throws Exception {
        return reference(CONFIG);
    }

    /** The in-process runner's results of {@code config} (one thread, this JVM), by run id; computed once per JVM. */
    static synchronized Map<String, JsonObject> reference(String config) throws Exception {
        Map<String, JsonObject> reference = REFERENCES.get(config);
        if (reference == null) {
            assertEquals(Integer.toString(THREADS), System.getProperty("ai.djl.pytorch.num_threads"),
                    "the reference must train with the tests' thread count");
            LatentLab.init();
            RunStore store = RunStore.create(targetDir(config.equals(CONFIG) ? "reference-store"
                    : "reference-store-" + Integer.toHexString(config.hashCode())), Studies.named(TinyVaeStudy.NAME),
                    "quick", config);
            Map<String, JsonObject> m = new LinkedHashMap<>();
            for (RunOutcome o : new InProcessRunner().run(store, SweepListener.NONE)) {
                m.put(o.id(), o.result());
            }
            reference = m;
            REFERENCES.put(config, m);
        }
        return reference;
    }

    /** A copy of a result without the keys whose name contains "seconds" (timings differ between runs). */
    static JsonElement withoutSeconds(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject o = new JsonObject();
            for (var en : e.getAsJsonObject().entrySet()) {
                if (!en.getKey().toLowerCase(java.util.Locale.ROOT).contains("seconds")) {
                    o.add(en.getKey(), withoutSeconds(en.getValue()));
                }
            }
            return o;
        }
        return e;
    }

    /** Every planned run of {@code outcomes} equals the reference of {@link #CONFIG} bit for bit (timings aside). */
    static void assertBitIdentical(List<RunOutcome> outcomes) throws Exception {
        assertBitIdentical(CONFIG, outcomes);
    }

    /** Every planned run of {@code outcomes} equals the reference of {@code config} bit for bit (timings aside). */
    static void assertBitIdentical(String config, List<RunOutcome> outcomes) throws Exception {
        Map<String, JsonObject> ref = reference(config);
        assertEquals(ref.keySet().stream().toList(), outcomes.stream().map(RunOutcome::id).toList(),
                "the runs, in plan order");
        for (RunOutcome o : outcomes) {
            JsonElement want = withoutSeconds(ref.get(o.id()));
            JsonElement got = withoutSeconds(o.result());
            assertEquals(want, got, "run " + o.id() + " differs from the in-process reference");
            assertTrue(got.getAsJsonObject().get("test_loss").getAsDouble() > 0, "a real loss for " + o.id());
        }
    }
}
