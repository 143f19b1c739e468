package org.latentlab.studies.largelatent;

import com.google.gson.JsonObject;
import org.latentlab.LatentLab;
import org.latentlab.models.MnistClassifier;
import org.latentlab.notebook.Notebook;
import org.latentlab.sweep.ConfigJson;
import org.latentlab.sweep.RunContext;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.Study;
import org.latentlab.training.ClassifierTrainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Study 2 (very large latent spaces, SPEC §2) as the sweep engine sees it: name {@code largelatent}; the
 * configuration is a {@link LargeLatentConfig} as JSON; one run per (arm, d, seed) of {@link LargeLatentSweep#plan()},
 * named like {@code mean-d512-s0} with parameters {@code {"arm":"mean","d":512,"seed":0}}; a run's result is a
 * {@link LatentRun} as JSON. The MNIST classifier of the sample-quality scores is loaded (or trained once) per JVM.
 */
public final class LargeLatentStudy implements Study {
    private final LargeLatentSweep bound;
    private final Map<String, LargeLatentSweep> sweeps = new ConcurrentHashMap<>();
    private MnistClassifier classifier;

    /** The study for the engine (MNIST, the cached classifier). */
    public LargeLatentStudy() {
        this.bound = null;
    }

    /** The study carried out by one given sweep (its data and classifier). */
    LargeLatentStudy(LargeLatentSweep sweep) {
        this.bound = sweep;
    }

    @Override
    public String name() {
        return "largelatent";
    }

    @Override
    public String defaultConfig(LatentLab.Mode mode) {
        return ConfigJson.GSON.toJson(LargeLatentConfig.forMode(mode));
    }

    /** Notebook 02's store: {@code runs/02_large_latent_spaces/<mode>/store} of the checkout. */
    @Override
    public Optional<Path> defaultStore(LatentLab.Mode mode) {
        return Optional.of(storeOf(mode));
    }

    /** Notebook 02's store for a mode. */
    public static Path storeOf(LatentLab.Mode mode) {
        return Notebook.runDir("02_large_latent_spaces", mode).resolve("store");
    }

    @Override
    public String normalizeConfig(String json) {
        return ConfigJson.GSON.toJson(config(json));
    }

    static LargeLatentConfig config(String json) {
        return ConfigJson.record(json, LargeLatentConfig.class, "largelatent config");
    }

    @Override
    public List<RunSpec> plan(String config) {
        List<RunSpec> out = new ArrayList<>();
        for (LargeLatentSweep.Spec s : LargeLatentSweep.plan(config(config))) {
            out.add(runSpec(s));
        }
        return out;
    }

    /** The engine's spec of a planned run. */
    static RunSpec runSpec(LargeLatentSweep.Spec s) {
        JsonObject p = new JsonObject();
        p.addProperty("arm", s.arm().id());
        p.addProperty("d", s.d());
        p.addProperty("seed", s.seed());
        return new RunSpec("largelatent", s.id(), p);
    }

    @Override
    public JsonObject run(RunSpec spec, RunContext ctx) throws java.io.IOException {
        LargeLatentSweep sweep = bound != null ? bound : sweeps.computeIfAbsent(ctx.storeDir() + "\n" + ctx.config(),
                k -> new LargeLatentSweep(config(ctx.config()), ctx.storeDir()));
        Arm arm = Arm.byId(spec.params().get("arm").getAsString());
        LargeLatentSweep.Spec s = new LargeLatentSweep.Spec(arm, spec.params().get("d").getAsInt(),
                spec.params().get("seed").getAsInt());
        LatentRun r = sweep.runOne(s, bound != null ? null : classifier(), ctx);
        return ConfigJson.GSON.toJsonTree(r).getAsJsonObject();
    }

    private synchronized MnistClassifier classifier() throws java.io.IOException {
        if (classifier == null) {
            classifier = ClassifierTrainer.loadOrTrainMnist();
        }
        return classifier;
    }

    @Override
    public Map<String, Double> keyResults(JsonObject result) {
        LatentRun r = ConfigJson.GSON.fromJson(result, LatentRun.class);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("active_units", (double) r.auBurda());
        m.put("total_kl", r.totalKl());
        m.put("is_prior", LargeLatentReplication.is(r, LatentSources.PRIOR));
        m.put("is_aggregate", LargeLatentReplication.is(r, LatentSources.AGGREGATE));
        return m;
    }
}
