package org.latentlab.cli;

import com.google.gson.GsonBuilder;
import org.latentlab.LatentLab;
import org.latentlab.models.MnistClassifier;
import org.latentlab.studies.hit.HitConfig;
import org.latentlab.studies.hit.HitGrid;
import org.latentlab.studies.hit.HitResult;
import org.latentlab.training.EpochRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code latentlab hit [--mode quick|full] [--run-dir DIR]}: runs or resumes the (β1, β2) grid of study 3 (SPEC §3)
 * in notebook 03's run directory, so the notebook then reuses the results, and prints one JSON object per model
 * (rates and distortion in nats, PSNR in dB, IS, Î in nats, best probe accuracies). Full mode is the paper's 441
 * models: days on 2 cores, resumable at any point.
 */
@Command(name = "hit", mixinStandardHelpOptions = true,
        description = "Run or resume the HIT (beta1, beta2) grid of notebook 03 and print its results as JSON.")
public final class HitCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(HitCommand.class);

    @Option(names = "--mode", description = "quick or full (default: LATENTLAB_MODE, else quick)")
    String mode;

    @Option(names = "--run-dir", description = "run store (default: notebook 03's, <repo>/runs/03_trading_information_hvae/<mode>/store)")
    Path runDir;

    @Override
    public Integer call() throws IOException {
        LatentLab.Mode m = mode == null ? LatentLab.Mode.current() : switch (mode) {
            case "quick" -> LatentLab.Mode.QUICK;
            case "full" -> LatentLab.Mode.FULL;
            default -> throw new IllegalArgumentException("--mode must be quick or full, got '" + mode + "'");
        };
        LatentLab.init();
        Path dir = runDir != null ? runDir : org.latentlab.studies.hit.HitStudy.storeOf(m);
        HitGrid grid = new HitGrid(HitConfig.forMode(m), dir);
        List<HitResult> results;
        try (MnistClassifier clf = org.latentlab.training.ClassifierTrainer.loadOrTrainMnist()) {
            results = grid.run(clf::probabilities, new HitGrid.Listener() {
                @Override
                public void onCellStart(int index, int total, String id, boolean cached) {
                    LOG.info("model {}/{} {}{}", index + 1, total, id, cached ? " (cached)" : "");
                }

                @Override
                public void onEpoch(String id, EpochRecord r, int epochs) {
                    LOG.info("{}: epoch {}/{} test loss {} nats", id, r.epoch(), epochs, r.testLoss());
                }
            });
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (HitResult r : results) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("beta1", r.beta1());
            o.put("beta2", r.beta2());
            o.put("rate_z2", r.rateZ2());
            o.put("rate_z1_given_z2", r.rateZ1GivenZ2());
            o.put("distortion", r.distortion());
            o.put("psnr_db", r.psnr());
            o.put("inception_score", r.is());
            o.put("diversity", r.diversity());
            o.put("sharpness", r.sharpness());
            o.put("mi_z2_label", r.miZ2());
            o.put("mi_z1_label", r.miZ1());
            o.put("accuracy_z2", r.accZ2());
            o.put("accuracy_z1", r.accZ1());
            out.add(o);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run_dir", dir.toString());
        doc.put("models", out);
        System.out.println(new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                .toJson(doc));
        return 0;
    }
}
