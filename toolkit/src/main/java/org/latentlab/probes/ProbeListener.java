package org.latentlab.probes;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import org.latentlab.data.ImageDataset;
import org.latentlab.models.Vae;
import org.latentlab.training.EpochRecord;
import org.latentlab.training.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link TrainingListener} that fits probes on latent features at chosen epochs (SPEC §4(a) E3.3, Fig. 3):
 * encodes {@code probeTrain} and {@code probeTest} with the current model, builds each requested feature set and
 * fits each probe kind, tagging results with the epoch. With a {@code store} file the results are saved after each
 * probed epoch (atomically) and reloaded on construction, so a resumed training run keeps earlier epochs' probes.
 */
public final class ProbeListener implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(ProbeListener.class);
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final Set<Integer> epochs;
    private final ImageDataset probeTrain;
    private final ImageDataset probeTest;
    private final List<String> featureSets;
    private final List<ProbeKind> kinds;
    private final Probes probes;
    private final long seed;
    private final Path store;
    private final List<ProbeResult> results = new ArrayList<>();

    /**
     * @param epochs      1-based epochs after which to probe
     * @param probeTrain  labelled images the probes are trained on
     * @param probeTest   labelled images the probes are evaluated on
     * @param featureSets names from {@link LatentFeatures} ({@code mu}, {@code mu+var}, {@code z})
     * @param kinds       probe classifiers to fit
     * @param probes      probe settings
     * @param seed        seed for the sampled feature set
     * @param store       JSON file for results (nullable: keep in memory only)
     */
    public ProbeListener(Set<Integer> epochs, ImageDataset probeTrain, ImageDataset probeTest, List<String> featureSets,
                         List<ProbeKind> kinds, Probes probes, long seed, Path store) {
        for (String f : featureSets) {
            if (!List.of(LatentFeatures.MU, LatentFeatures.MU_VAR, LatentFeatures.SAMPLE).contains(f)) {
                throw new IllegalArgumentException("feature set '" + f + "' is unknown: expected mu, mu+var or z");
            }
        }
        for (int e : epochs) {
            if (e < 1) {
                throw new IllegalArgumentException("probe epochs are 1-based, got " + e);
            }
        }
        this.epochs = new TreeSet<>(epochs);
        this.probeTrain = probeTrain;
        this.probeTest = probeTest;
        this.featureSets = List.copyOf(featureSets);
        this.kinds = List.copyOf(kinds);
        this.probes = probes;
        this.seed = seed;
        this.store = store;
        if (store != null && Files.isRegularFile(store)) {
            results.addAll(read(store));
        }
    }

    @Override
    public void onEpochEnd(EpochRecord r, Vae model) {
        int e = r.epoch();
        if (!epochs.contains(e) || results.stream().anyMatch(p -> p.epoch() == e)) {
            return;
        }
        LatentFeatures tr = LatentFeatures.encode(model, probeTrain);
        LatentFeatures te = LatentFeatures.encode(model, probeTest);
        for (String f : featureSets) {
            Features a = tr.byName(f, seed);
            Features b = te.byName(f, seed + 1);
            for (ProbeKind k : kinds) {
                ProbeResult p = probes.fit(k, a, b).withEpoch(e);
                results.add(p);
                LOG.info("epoch {}: {} on {} accuracy {}", e, k.label(), f, p.accuracy());
            }
        }
        if (store != null) {
            write(store, results);
        }
    }

    /** All results so far (including ones reloaded from the store), in order. */
    public List<ProbeResult> results() {
        return List.copyOf(results);
    }

    /** Reads results written by this listener. */
    public static List<ProbeResult> read(Path file) {
        try {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            List<ProbeResult> list = GSON.fromJson(json, new TypeToken<List<ProbeResult>>() { }.getType());
            if (list == null) {
                throw new IllegalStateException("probe store " + file + " is empty");
            }
            return list;
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read probe store " + file, ex);
        }
    }

    /** Writes results atomically (temp file in the same directory, then move). */
    public static void write(Path file, List<ProbeResult> list) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, GSON.toJson(list), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write probe store " + file, ex);
        }
    }
}
