package org.latentlab.sweep;

import com.google.gson.JsonObject;
import org.latentlab.LatentLab;

import java.util.List;
import java.util.Map;

/**
 * A study's sweep, as the engine sees it: a configuration (JSON text), the runs it plans, and how to carry out one
 * run. Implementations live in {@code org.latentlab.studies.<name>} and are found by {@link Studies} through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.latentlab.sweep.Study}); they need a public
 * no-argument constructor and must be safe to use from several threads (a Spark executor runs several tasks in one
 * JVM). The engine knows nothing else about any study.
 */
public interface Study {
    /** The study's short name, as typed on the command line: {@code renyi}. */
    String name();

    /** The configuration of a mode (quick: minutes on 2 cores; full: the paper's scale), as JSON text. */
    String defaultConfig(LatentLab.Mode mode);

    /**
     * Validates a configuration and returns its canonical JSON text (equal configurations give equal texts; the
     * {@link RunStore} guards a store with it).
     *
     * @throws IllegalArgumentException one line naming what is wrong and what was expected
     */
    String normalizeConfig(String json);

    /** The runs of a (normalized) configuration, in the order a sequential runner should take them. */
    List<RunSpec> plan(String config);

    /**
     * Carries out one run: trains (resuming from a checkpoint in {@link RunContext#runDir()} when one is there),
     * evaluates and returns the run's results as JSON. Called with the run's lease held, so no other process works
     * on this run at the same time; files written under {@code runDir} belong to this run.
     */
    JsonObject run(RunSpec spec, RunContext context) throws Exception;

    /** A few headline numbers of a finished run's result, for progress lines and {@code sweep status}. */
    Map<String, Double> keyResults(JsonObject result);

    /**
     * Where this study's notebook keeps its store for a mode, so that the command line (without {@code --store})
     * and the notebook share results; empty when the study has no such place.
     */
    default java.util.Optional<java.nio.file.Path> defaultStore(LatentLab.Mode mode) {
        return java.util.Optional.empty();
    }

    /** {@code quick} or {@code full} when {@code config} (normalized) is that mode's default, else {@code custom}. */
    default String modeOf(String config) {
        for (LatentLab.Mode m : LatentLab.Mode.values()) {
            if (normalizeConfig(defaultConfig(m)).equals(config)) {
                return m.name().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return "custom";
    }
}
