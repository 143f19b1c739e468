package org.latentlab.studies;

import com.google.gson.JsonObject;
import org.latentlab.LatentLab;
import org.latentlab.models.MnistClassifier;
import org.latentlab.notebook.Notebook;
import org.latentlab.sweep.ConfigJson;
import org.latentlab.sweep.RunContext;
import org.latentlab.sweep.Study;
import org.latentlab.training.ClassifierTrainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The common shape of this project's studies on the sweep engine: a configuration record {@code C} (JSON through
 * {@link ConfigJson}: every field required, unknown fields refused), the notebook whose store
 * ({@code runs/<notebook>/<mode>/store}) the command line uses by default, and a worker {@code W} per store (the
 * study's sweep object, holding its loaded data) that carries out the runs. A worker given to the constructor
 * (a notebook's, with its own data) carries out every run; otherwise one is made per store and configuration.
 *
 * @param <C> the configuration record
 * @param <W> the worker (e.g. {@code RenyiSweep})
 */
public abstract class ConfiguredStudy<C extends Record, W> implements Study {
    private static MnistClassifier classifier;
    private final String name;
    private final Class<C> type;
    private final String notebook;
    private final W bound;
    private final Map<String, W> workers = new ConcurrentHashMap<>();

    protected ConfiguredStudy(String name, Class<C> type, String notebook, W bound) {
        this.name = name;
        this.type = type;
        this.notebook = notebook;
        this.bound = bound;
    }

    @Override
    public final String name() {
        return name;
    }

    /** This mode's configuration record. */
    protected abstract C config(LatentLab.Mode mode);

    /** A worker for a store folder and configuration. */
    protected abstract W worker(C config, Path storeDir);

    @Override
    public final String defaultConfig(LatentLab.Mode mode) {
        return ConfigJson.GSON.toJson(config(mode));
    }

    /** The notebook's store for a mode: {@code runs/<notebook>/<mode>/store} of the checkout. */
    @Override
    public final Optional<Path> defaultStore(LatentLab.Mode mode) {
        return Optional.of(Notebook.runDir(notebook, mode).resolve("store"));
    }

    @Override
    public final String normalizeConfig(String json) {
        return ConfigJson.GSON.toJson(config(json));
    }

    /**
     * The configuration record of a JSON text.
     *
     * @throws IllegalArgumentException one line: "NAME config: …"
     */
    public final C config(String json) {
        return ConfigJson.record(json, type, name + " config");
    }

    /** The worker that carries out a run of this store. */
    protected final W worker(RunContext ctx) {
        return bound != null ? bound : workers.computeIfAbsent(ctx.storeDir() + "\n" + ctx.config(),
                k -> worker(config(ctx.config()), ctx.storeDir()));
    }

    /** True when a notebook's worker carries out the runs (its own data and classifier). */
    protected final boolean bound() {
        return bound != null;
    }

    /** The result record of a run as JSON. */
    protected static JsonObject json(Object result) {
        return ConfigJson.GSON.toJsonTree(result).getAsJsonObject();
    }

    /** A run's result JSON as its record. */
    protected static <R> R result(JsonObject json, Class<R> type) {
        return ConfigJson.GSON.fromJson(json, type);
    }

    /**
     * The MNIST classifier of the sample-quality scores, loaded (or trained once) from the data cache, one per
     * process (never closed).
     */
    protected static synchronized MnistClassifier sharedClassifier() throws IOException {
        if (classifier == null) {
            classifier = ClassifierTrainer.loadOrTrainMnist();
        }
        return classifier;
    }
}
