package org.latentlab.studies.hit;

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
 * Study 3 (HIT, Xiao &amp; Bamler 2023; SPEC §3) as the sweep engine sees it: name {@code hit}; the configuration
 * is a {@link HitConfig} as JSON; one run per (β1, β2) cell of {@link HitGrid#plan()}, named like
 * {@code b1-0.1_b2-10} with parameters {@code {"beta1":0.1,"beta2":10.0}}; a run's result is a {@link HitResult}
 * as JSON. The inception score's MNIST classifier is loaded (or trained once) per JVM from the data cache.
 */
public final class HitStudy implements Study {
    private final HitGrid bound;
    private final Map<String, HitGrid> grids = new ConcurrentHashMap<>();
    private MnistClassifier classifier;

    /** The study for the engine (MNIST, the cached classifier). */
    public HitStudy() {
        this.bound = null;
    }

    /** The study carried out by one given grid (its data and classifier). */
    HitStudy(HitGrid grid) {
        this.bound = grid;
    }

    @Override
    public String name() {
        return "hit";
    }

    @Override
    public String defaultConfig(LatentLab.Mode mode) {
        return ConfigJson.GSON.toJson(HitConfig.forMode(mode));
    }

    /** Notebook 03's store: {@code runs/03_trading_information_hvae/<mode>/store} of the checkout. */
    @Override
    public Optional<Path> defaultStore(LatentLab.Mode mode) {
        return Optional.of(storeOf(mode));
    }

    /** Notebook 03's store for a mode. */
    public static Path storeOf(LatentLab.Mode mode) {
        return Notebook.runDir("03_trading_information_hvae", mode).resolve("store");
    }

    @Override
    public String normalizeConfig(String json) {
        return ConfigJson.GSON.toJson(config(json));
    }

    static HitConfig config(String json) {
        return ConfigJson.record(json, HitConfig.class, "hit config");
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
    public JsonObject run(RunSpec spec, RunContext ctx) throws java.io.IOException {
        HitGrid grid = bound != null ? bound : grids.computeIfAbsent(ctx.storeDir() + "\n" + ctx.config(),
                k -> new HitGrid(config(ctx.config()), ctx.storeDir()));
        HitResult r = grid.runCell(spec.params().get("beta1").getAsDouble(), spec.params().get("beta2").getAsDouble(),
                bound != null ? null : classifier()::probabilities, ctx);
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
        HitResult r = ConfigJson.GSON.fromJson(result, HitResult.class);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("rate_z2", r.rateZ2());
        m.put("rate_z1_given_z2", r.rateZ1GivenZ2());
        m.put("psnr_db", r.psnr());
        m.put("inception_score", r.is());
        return m;
    }
}
