package org.latentlab.cli;

import com.google.gson.GsonBuilder;
import org.latentlab.LatentLab;
import org.latentlab.sweep.RenyiSweep;
import org.latentlab.sweep.RenyiSweepConfig;
import org.latentlab.sweep.RunResult;
import org.latentlab.sweep.SweepListener;
import org.latentlab.training.ProgressLogger;
import org.latentlab.training.TrainingListener;
import org.latentlab.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code latentlab renyi [--mode quick|full] [--run-dir DIR]}: runs or resumes the Rényi-bound sweep of study 04
 * (SPEC §4) in the notebook's run directory, so notebook 04 then reuses the results, and prints one JSON object per
 * run (active components, bounds in nats, final probe accuracies).
 */
@Command(name = "renyi", mixinStandardHelpOptions = true,
        description = "Run or resume the Renyi-bound sweep of notebook 04 and print its results as JSON.")
public final class RenyiCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RenyiCommand.class);

    @Option(names = "--mode", description = "quick or full (default: LATENTLAB_MODE, else quick)")
    String mode;

    @Option(names = "--run-dir", description = "run directory (default: <repo>/runs/04_renyi_geometry/<mode>)")
    Path runDir;

    @Override
    public Integer call() {
        LatentLab.init();
        LatentLab.Mode m = mode == null ? LatentLab.Mode.current() : switch (mode) {
            case "quick" -> LatentLab.Mode.QUICK;
            case "full" -> LatentLab.Mode.FULL;
            default -> throw new IllegalArgumentException("--mode must be quick or full, got '" + mode + "'");
        };
        Path dir = runDir != null ? runDir : RenyiSweep.defaultRunDir(m);
        RenyiSweep sweep = new RenyiSweep(RenyiSweepConfig.forMode(m), dir);
        List<RunResult> results = sweep.run(new SweepListener() {
            @Override
            public void onRunStart(int index, int total, String id, boolean cached) {
                LOG.info("run {}/{} {}{}", index + 1, total, id, cached ? " (cached)" : "");
            }

            @Override
            public void onStage(String id, String stage) {
                LOG.info("{}: {}", id, stage);
            }

            @Override
            public TrainingListener training(String id, int epochs) {
                return new ProgressLogger();
            }

            @Override
            public Progress progress(String id) {
                Progress log = Progress.log(LOG, 5);
                return (task, done, total) -> log.update(id + ": " + task, done, total);
            }
        });
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunResult r : results) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", r.id());
            o.put("k", r.k());
            o.put("objective", r.objective());
            o.put("active_components", r.activeComponents());
            o.put("active_units", r.activeUnits());
            o.put("vr_bound", r.vrBound());
            o.put("is_loglik", r.isLogLikelihood());
            o.put("probe_mu", r.finalAccuracy("logistic", "mu"));
            o.put("probe_mu_var", r.finalAccuracy("logistic", "mu+var"));
            o.put("probe_z", r.finalAccuracy("logistic", "z"));
            out.add(o);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run_dir", dir.toString());
        doc.put("runs", out);
        System.out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                .toJson(doc));
        return 0;
    }
}
