package org.latentlab.studies.renyi;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import org.latentlab.LatentLab;
import org.latentlab.notebook.Notebook;
import org.latentlab.probes.ProbeConfig;
import org.latentlab.sweep.ConfigJson;
import org.latentlab.sweep.RunContext;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.Study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Study 4 (Rényi bounds and latent geometry, SPEC §4) as the sweep engine sees it: name {@code renyi}; the
 * configuration is {@code {"sweep": RenyiSweepConfig, "probes": ProbeConfig}} as JSON; one run per (k, objective)
 * of {@link RenyiSweep#plan()}, named like {@code k30-vr0.5} with parameters {@code {"k":30,"alpha":"0.5"}}; a run's
 * result is a {@link RenyiResult} as JSON.
 */
public final class RenyiStudy implements Study {
    static final Gson GSON = ConfigJson.GSON;
    private final RenyiSweep bound;
    private final Map<String, RenyiSweep> sweeps = new ConcurrentHashMap<>();

    /** The study for the engine (MNIST, runs carried out by a sweep object per store). */
    public RenyiStudy() {
        this.bound = null;
    }

    /** The study carried out by one given sweep (its data and probe settings). */
    RenyiStudy(RenyiSweep sweep) {
        this.bound = sweep;
    }

    @Override
    public String name() {
        return "renyi";
    }

    @Override
    public String defaultConfig(LatentLab.Mode mode) {
        return toJson(RenyiSweepConfig.forMode(mode), ProbeConfig.defaults());
    }

    /** The configuration JSON of a sweep with default probes. */
    static String toJson(RenyiSweepConfig sweep) {
        return toJson(sweep, ProbeConfig.defaults());
    }

    static String toJson(RenyiSweepConfig sweep, ProbeConfig probes) {
        JsonObject o = new JsonObject();
        o.add("sweep", GSON.toJsonTree(sweep));
        o.add("probes", GSON.toJsonTree(probes));
        return GSON.toJson(o);
    }

    /** Notebook 04's store: {@code runs/04_renyi_geometry/<mode>/store} of the checkout. */
    @Override
    public Optional<Path> defaultStore(LatentLab.Mode mode) {
        return Optional.of(storeOf(mode));
    }

    /** Notebook 04's store for a mode. */
    public static Path storeOf(LatentLab.Mode mode) {
        return Notebook.runDir("04_renyi_geometry", mode).resolve("store");
    }

    @Override
    public String normalizeConfig(String json) {
        JsonObject o = ConfigJson.object(json, "renyi config");
        Set<String> extra = new TreeSet<>(o.keySet());
        extra.removeAll(Set.of("sweep", "probes"));
        if (!extra.isEmpty() || !o.has("sweep")) {
            throw new IllegalArgumentException("renyi config: expected an object with \"sweep\" (and optionally "
                    + "\"probes\"), got keys " + o.keySet());
        }
        RenyiSweepConfig sweep = ConfigJson.record(o.get("sweep"), RenyiSweepConfig.class, "renyi config \"sweep\"");
        ProbeConfig probes = o.has("probes") ? ConfigJson.record(o.get("probes"), ProbeConfig.class, "renyi config \"probes\"")
                : ProbeConfig.defaults();
        return toJson(sweep, probes);
    }

    static RenyiSweepConfig sweepConfig(String config) {
        return ConfigJson.record(ConfigJson.object(config, "renyi config").get("sweep"), RenyiSweepConfig.class, "renyi config \"sweep\"");
    }

    static ProbeConfig probeConfig(String config) {
        return ConfigJson.record(ConfigJson.object(config, "renyi config").get("probes"), ProbeConfig.class, "renyi config \"probes\"");
    }

    @Override
    public List<RunSpec> plan(String config) {
        List<RunSpec> out = new ArrayList<>();
        for (RenyiSweep.Spec s : RenyiSweep.plan(sweepConfig(config))) {
            out.add(runSpec(s));
        }
        return out;
    }

    /** The engine's spec of a planned run: name {@code s.id()}, parameters k and alpha. */
    static RunSpec runSpec(RenyiSweep.Spec s) {
        JsonObject p = new JsonObject();
        p.addProperty("k", s.k());
        p.addProperty("alpha", s.alphaLabel());
        return new RunSpec("renyi", s.id(), p);
    }

    @Override
    public JsonObject run(RunSpec spec, RunContext ctx) {
        RenyiSweep sweep = bound != null ? bound : sweeps.computeIfAbsent(ctx.storeDir() + "\n" + ctx.config(),
                k -> new RenyiSweep(sweepConfig(ctx.config()), ctx.storeDir(), probeConfig(ctx.config())));
        RenyiSweep.Spec s = new RenyiSweep.Spec(spec.params().get("k").getAsInt(),
                spec.params().get("alpha").getAsString());
        return GSON.toJsonTree(sweep.runOne(s, ctx)).getAsJsonObject();
    }

    @Override
    public Map<String, Double> keyResults(JsonObject result) {
        RenyiResult r = GSON.fromJson(result, RenyiResult.class);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("active_components", (double) r.activeComponents());
        m.put("active_units", (double) r.activeUnits());
        m.put("vr_bound", r.vrBound());
        m.put("is_loglik", r.isLogLikelihood());
        m.put("probe_mu", r.finalAccuracy("logistic", "mu"));
        return m;
    }

}
