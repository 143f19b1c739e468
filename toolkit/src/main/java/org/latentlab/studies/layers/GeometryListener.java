package org.latentlab.studies.layers;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import org.latentlab.data.AtomicFiles;
import org.latentlab.data.ImageDataset;
import org.latentlab.models.ConvVae;
import org.latentlab.models.Vae;
import org.latentlab.training.Checkpoint;
import org.latentlab.training.EpochRecord;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.TrainingListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records the {@link LayerGeometry} of a {@link ConvVae} at the checkpoint epochs while it trains (epoch 0 before the
 * first step), and keeps the records in {@code geometry.json} in the run's checkpoint directory, rewritten atomically
 * after each record. A resumed run continues the file: epochs already recorded are not measured again, and a
 * checkpoint epoch whose record is missing while the model sits exactly at that epoch (interrupted between the
 * checkpoint and the record) is measured at the start.
 */
public final class GeometryListener implements TrainingListener {
    /** File name of the records in the run directory. */
    public static final String FILE = "geometry.json";
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private final ImageDataset eval;
    private final LayersConfig cfg;
    private final Path file;
    private final Consumer<LayerGeometry> onRecord;
    private final List<LayerGeometry> records = new ArrayList<>();

    /**
     * @param eval     the N evaluation images (C×32×32)
     * @param cfg      the study configuration (checkpoint epochs, seed)
     * @param dir      the run directory (the trainer's checkpoint directory)
     * @param onRecord called with each new record (nullable), e.g. to show progress
     */
    public GeometryListener(ImageDataset eval, LayersConfig cfg, Path dir, Consumer<LayerGeometry> onRecord) {
        if (eval.count() != cfg.evalImages()) {
            throw new IllegalArgumentException("GeometryListener: " + eval.count() + " evaluation images, the config "
                    + "says N = " + cfg.evalImages());
        }
        this.eval = eval;
        this.cfg = cfg;
        this.file = dir.resolve(FILE);
        this.onRecord = onRecord;
        records.addAll(read(file, cfg.evalImages()));
    }

    /** The records so far, by epoch. */
    public List<LayerGeometry> records() {
        return List.copyOf(records);
    }

    /** True if epoch {@code e} is recorded. */
    public boolean has(int e) {
        return records.stream().anyMatch(r -> r.epoch() == e);
    }

    @Override
    public void onTrainingStart(Vae model, TrainConfig tc) {
        int at = 0;
        if (Checkpoint.exists(tc.checkpointDir())) {
            try {
                at = Checkpoint.read(tc.checkpointDir()).epoch();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read checkpoint in " + tc.checkpointDir(), e);
            }
        }
        record(model, at);
    }

    @Override
    public void onEpochEnd(EpochRecord r, Vae model) {
        record(model, r.epoch());
    }

    private void record(Vae model, int epoch) {
        if (!cfg.isCheckpoint(epoch) || has(epoch)) {
            return;
        }
        if (!(model instanceof ConvVae conv)) {
            throw new IllegalArgumentException("GeometryListener: expected a ConvVae, got " + model);
        }
        LayerGeometry g = LayerGeometry.measure(conv, eval, epoch, cfg.seed() * 1_000_003L + epoch);
        records.add(g);
        records.sort(Comparator.comparingInt(LayerGeometry::epoch));
        write(file, cfg.evalImages(), records);
        if (onRecord != null) {
            onRecord.accept(g);
        }
    }

    /** Reads the records of {@code file} (none if it does not exist); they must have been measured on N images. */
    public static List<LayerGeometry> read(Path file, int n) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            JsonObject o = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
            if (o == null || !o.has("evalImages") || !o.has("records")) {
                throw new IllegalStateException(file + ": not a geometry record file (expected evalImages, records)");
            }
            if (o.get("evalImages").getAsInt() != n) {
                throw new IllegalStateException(file + " was measured on N = " + o.get("evalImages").getAsInt()
                        + " images, this run uses N = " + n + "; delete the run directory to start again");
            }
            List<LayerGeometry> list = GSON.fromJson(o.get("records"), new TypeToken<List<LayerGeometry>>() {}.getType());
            return list == null ? List.of() : list;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (JsonParseException e) {
            throw new IllegalStateException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    /** Writes the records atomically (temporary file in the same folder, then a move). */
    static void write(Path file, int n, List<LayerGeometry> records) {
        JsonObject o = new JsonObject();
        o.addProperty("evalImages", n);
        o.add("records", GSON.toJsonTree(records));
        AtomicFiles.writeString(file, GSON.toJson(o));
    }
}
