package org.latentlab.sweep;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.latentlab.LatentLab;
import org.latentlab.data.AtomicFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A study for the engine's tests: run i sums f(i, s) over steps s = 1..steps, keeping the step reached in a
 * checkpoint file, so it can be interrupted (config "failAt": throw after that step) and resumed. Config:
 * {"runs": n, "steps": m, "failAt": f} (f = 0: never fail).
 */
public class ToyStudy implements Study {
    /** Calls of run() per run name, and the step each call started from. */
    static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    static final Map<String, List<Integer>> STARTS = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "toy";
    }

    @Override
    public String defaultConfig(LatentLab.Mode mode) {
        return mode == LatentLab.Mode.FULL ? config(6, 10, 0) : config(3, 4, 0);
    }

    static String config(int runs, int steps, int failAt) {
        return "{\"runs\":" + runs + ",\"steps\":" + steps + ",\"failAt\":" + failAt + "}";
    }

    @Override
    public String normalizeConfig(String json) {
        JsonObject o;
        try {
            o = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("toy config: expected a JSON object, got " + json);
        }
        int runs = o.has("runs") ? o.get("runs").getAsInt() : 0;
        if (runs < 1) {
            throw new IllegalArgumentException("toy config: runs must be >= 1, got " + runs);
        }
        return config(runs, o.get("steps").getAsInt(), o.has("failAt") ? o.get("failAt").getAsInt() : 0);
    }

    private static JsonObject parse(String config) {
        return JsonParser.parseString(config).getAsJsonObject();
    }

    @Override
    public List<RunSpec> plan(String config) {
        List<RunSpec> out = new ArrayList<>();
        for (int i = 0; i < parse(config).get("runs").getAsInt(); i++) {
            JsonObject p = new JsonObject();
            p.addProperty("i", i);
            out.add(new RunSpec("toy", "run" + i, p));
        }
        return out;
    }

    @Override
    public JsonObject run(RunSpec spec, RunContext ctx) throws Exception {
        JsonObject c = parse(ctx.config());
        int steps = c.get("steps").getAsInt();
        int failAt = c.get("failAt").getAsInt();
        int i = spec.params().get("i").getAsInt();
        CALLS.computeIfAbsent(spec.name(), k -> new AtomicInteger()).incrementAndGet();
        Path ck = ctx.runDir().resolve("checkpoint");
        int start = 0;
        double sum = 0;
        if (Files.isRegularFile(ck)) {
            String[] f = Files.readString(ck).trim().split(" ");
            start = Integer.parseInt(f[0]);
            sum = Double.parseDouble(f[1]);
        }
        STARTS.computeIfAbsent(spec.name(), k -> new ArrayList<>()).add(start);
        for (int s = start + 1; s <= steps; s++) {
            sum += Math.sin(i + 0.1 * s) / s;
            AtomicFiles.writeString(ck, s + " " + sum);
            ctx.stage("step " + s);
            if (s == failAt) {
                throw new IllegalStateException("toy run " + spec.name() + " failed at step " + s);
            }
        }
        JsonObject r = new JsonObject();
        r.addProperty("value", sum);
        r.addProperty("steps", steps);
        return r;
    }

    @Override
    public Map<String, Double> keyResults(JsonObject result) {
        return Map.of("value", result.get("value").getAsDouble());
    }
}
