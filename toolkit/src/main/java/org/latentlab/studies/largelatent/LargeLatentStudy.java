package org.latentlab.studies.largelatent;

import com.google.gson.JsonObject;
import org.latentlab.LatentLab;
import org.latentlab.studies.ConfiguredStudy;
import org.latentlab.sweep.RunContext;
import org.latentlab.sweep.RunSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Study 2 (very large latent spaces, SPEC §2) as the sweep engine sees it: name {@code largelatent}; the
 * configuration is a {@link LargeLatentConfig} as JSON; one run per (arm, d, seed) of {@link LargeLatentSweep#plan()},
 * named like {@code mean-d512-s0} with parameters {@code {"arm":"mean","d":512,"seed":0}}; a run's result is a
 * {@link LatentRun} as JSON. The MNIST classifier of the sample-quality scores is loaded (or trained once) per
 * process. Default store: notebook 02's.
 */
public final class LargeLatentStudy extends ConfiguredStudy<LargeLatentConfig, LargeLatentSweep> {
    /** The study for the engine (MNIST, the cached classifier). */
    public LargeLatentStudy() {
        this(null);
    }

    /** The study carried out by one given sweep (its data and classifier). */
    LargeLatentStudy(LargeLatentSweep sweep) {
        super("largelatent", LargeLatentConfig.class, "02_large_latent_spaces", sweep);
    }

    @Override
    protected LargeLatentConfig config(LatentLab.Mode mode) {
        return LargeLatentConfig.forMode(mode);
    }

    @Override
    protected LargeLatentSweep worker(LargeLatentConfig config, Path storeDir) {
        return new LargeLatentSweep(config, storeDir);
    }

    /** Notebook 02's store for a mode. */
    public static Path storeOf(LatentLab.Mode mode) {
        return new LargeLatentStudy().defaultStore(mode).orElseThrow();
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
    public JsonObject run(RunSpec spec, RunContext ctx) throws IOException {
        LargeLatentSweep.Spec s = new LargeLatentSweep.Spec(Arm.byId(spec.params().get("arm").getAsString()),
                spec.params().get("d").getAsInt(), spec.params().get("seed").getAsInt());
        return json(worker(ctx).runOne(s, bound() ? null : sharedClassifier(), ctx));
    }

    @Override
    public Map<String, Double> keyResults(JsonObject result) {
        LatentRun r = result(result, LatentRun.class);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("active_units", (double) r.auBurda());
        m.put("total_kl", r.totalKl());
        m.put("is_prior", LargeLatentReplication.is(r, LatentSources.PRIOR));
        m.put("is_aggregate", LargeLatentReplication.is(r, LatentSources.AGGREGATE));
        return m;
    }
}
