package org.latentlab.studies.hit;

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
 * Study 3 (HIT, Xiao &amp; Bamler 2023; SPEC §3) as the sweep engine sees it: name {@code hit}; the configuration
 * is a {@link HitConfig} as JSON; one run per (β1, β2) cell of {@link HitGrid#plan()}, named like
 * {@code b1-0.1_b2-10} with parameters {@code {"beta1":0.1,"beta2":10.0}}; a run's result is a {@link HitResult}
 * as JSON. The inception score's MNIST classifier is loaded (or trained once) per process. Default store: notebook
 * 03's.
 */
public final class HitStudy extends ConfiguredStudy<HitConfig, HitGrid> {
    /** The study for the engine (MNIST, the cached classifier). */
    public HitStudy() {
        this(null);
    }

    /** The study carried out by one given grid (its data and classifier). */
    HitStudy(HitGrid grid) {
        super("hit", HitConfig.class, "03_trading_information_hvae", grid);
    }

    @Override
    protected HitConfig config(LatentLab.Mode mode) {
        return HitConfig.forMode(mode);
    }

    @Override
    protected HitGrid worker(HitConfig config, Path storeDir) {
        return new HitGrid(config, storeDir);
    }

    /** Notebook 03's store for a mode. */
    public static Path storeOf(LatentLab.Mode mode) {
        return new HitStudy().defaultStore(mode).orElseThrow();
    }

    @Override
    public List<RunSpec> plan(String config) {
        List<RunSpec> out = new ArrayList<>();
        for (double[] cell : HitGrid.plan(config(config))) {
            out.add(runSpec(cell[0], cell[1]));
        }
        return out;
    }

    /** The engine's spec of a cell. */
    static RunSpec runSpec(double beta1, double beta2) {
        JsonObject p = new JsonObject();
        p.addProperty("beta1", beta1);
        p.addProperty("beta2", beta2);
        return new RunSpec("hit", HitResult.id(beta1, beta2), p);
    }

    @Override
    public JsonObject run(RunSpec spec, RunContext ctx) throws IOException {
        return json(worker(ctx).runCell(spec.params().get("beta1").getAsDouble(),
                spec.params().get("beta2").getAsDouble(), bound() ? null : sharedClassifier()::probabilities, ctx));
    }

    @Override
    public Map<String, Double> keyResults(JsonObject result) {
        HitResult r = result(result, HitResult.class);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("rate_z2", r.rateZ2());
        m.put("rate_z1_given_z2", r.rateZ1GivenZ2());
        m.put("psnr_db", r.psnr());
        m.put("inception_score", r.is());
        return m;
    }
}
