package org.latentlab.studies.renyi;

import com.google.gson.JsonObject;
import org.latentlab.LatentLab;
import org.latentlab.probes.ProbeConfig;
import org.latentlab.studies.ConfiguredStudy;
import org.latentlab.sweep.RunContext;
import org.latentlab.sweep.RunSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Study 4 (Rényi bounds and latent geometry, SPEC §4) as the sweep engine sees it: name {@code renyi}; the
 * configuration is a {@link Config} (the sweep's grid and budgets, and the probes' settings) as JSON; one run per
 * (k, objective) of {@link RenyiSweep#plan()}, named like {@code k30-vr0.5} with parameters
 * {@code {"k":30,"alpha":"0.5"}}; a run's result is a {@link RenyiResult} as JSON. Default store: notebook 04's.
 */
public final class RenyiStudy extends ConfiguredStudy<RenyiStudy.Config, RenyiSweep> {
    /** The study's configuration: the grid and budgets, and the probes' settings. */
    public record Config(RenyiSweepConfig sweep, ProbeConfig probes) {
        public Config {
            if (sweep == null || probes == null) {
                throw new IllegalArgumentException("renyi config: sweep and probes must both be given");
            }
        }
    }

    /** The study for the engine (MNIST; a sweep object per store). */
    public RenyiStudy() {
        this(null);
    }

    /** The study carried out by one given sweep (its data and probe settings). */
    RenyiStudy(RenyiSweep sweep) {
        super("renyi", Config.class, "04_renyi_geometry", sweep);
    }

    @Override
    protected Config config(LatentLab.Mode mode) {
        return new Config(RenyiSweepConfig.forMode(mode), ProbeConfig.defaults());
    }

    @Override
    protected RenyiSweep worker(Config config, Path storeDir) {
        return new RenyiSweep(config.sweep(), storeDir, config.probes());
    }

    /** Notebook 04's store for a mode. */
    public static Path storeOf(LatentLab.Mode mode) {
        return new RenyiStudy().defaultStore(mode).orElseThrow();
    }

    @Override
    public List<RunSpec> plan(String config) {
        List<RunSpec> out = new ArrayList<>();
        for (RenyiSweep.Spec s : RenyiSweep.plan(config(config).sweep())) {
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
        RenyiSweep.Spec s = new RenyiSweep.Spec(spec.params().get("k").getAsInt(),
                spec.params().get("alpha").getAsString());
        return json(worker(ctx).runOne(s, ctx));
    }

    @Override
    public Map<String, Double> keyResults(JsonObject result) {
        RenyiResult r = result(result, RenyiResult.class);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("active_components", (double) r.activeComponents());
        m.put("active_units", (double) r.activeUnits());
        m.put("vr_bound", r.vrBound());
        m.put("is_loglik", r.isLogLikelihood());
        m.put("probe_mu", r.finalAccuracy("logistic", "mu"));
        return m;
    }
}
