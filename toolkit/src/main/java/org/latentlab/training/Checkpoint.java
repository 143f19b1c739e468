package org.latentlab.training;

import ai.djl.ndarray.NDList;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import org.latentlab.data.Binarization;
import org.latentlab.data.Npy;
import org.latentlab.models.ConvVae;
import org.latentlab.models.MlpVae;
import org.latentlab.models.ParameterIO;
import org.latentlab.models.TrainableModel;
import org.latentlab.models.Vae;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A training checkpoint: one zip file {@code checkpoint.zip} in the checkpoint directory, replaced atomically at each
 * epoch end. Entries: {@code config.json} (the {@link TrainConfig}), {@code state.json} (completed epoch, Adam step
 * count, objective, data sizes, model architecture), {@code history.json} (the {@link EpochRecord}s),
 * {@code model/pNN.npy} (parameters), {@code buffers/pNN.npy} (non-trainable state such as BatchNorm running
 * statistics; none for most models), {@code adam/m/pNN.npy} and {@code adam/v/pNN.npy} (Adam moments). The
 * {@code .npy} entries make it readable from Python with {@code zipfile} + {@code np.load}.
 */
public final class Checkpoint {
    /** File name inside the checkpoint directory. */
    public static final String FILE = "checkpoint.zip";
    static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();

    private final JsonObject config;
    private final JsonObject state;
    private final List<EpochRecord> history;
    private final Map<String, Npy.NpyArray> arrays;
    private final Path file;

    private Checkpoint(Path file, JsonObject config, JsonObject state, List<EpochRecord> history,
                       Map<String, Npy.NpyArray> arrays) {
        this.file = file;
        this.config = config;
        this.state = state;
        this.history = history;
        this.arrays = arrays;
    }

    /** True if {@code dir} holds a checkpoint file. */
    public static boolean exists(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve(FILE));
    }

    /** Completed epochs recorded in this checkpoint. */
    public int epoch() {
        return state.get("epoch").getAsInt();
    }

    /** The history up to {@link #epoch()}. */
    public List<EpochRecord> history() {
        return history;
    }

    /** The saved configuration as JSON. */
    public JsonObject config() {
        return config;
    }

    /** The saved run state as JSON (epoch, adamStep, objective, train/test sizes, model). */
    public JsonObject state() {
        return state;
    }

    static JsonObject configJson(TrainConfig c) {
        JsonObject o = new JsonObject();
        o.addProperty("epochs", c.epochs());
        o.addProperty("batchSize", c.batchSize());
        o.addProperty("learningRate", c.learningRate());
        o.addProperty("seed", c.seed());
        o.addProperty("weightDecay", c.weightDecay());
        o.addProperty("binarization", c.binarization().name());
        o.addProperty("checkpointDir", c.checkpointDir() == null ? null : c.checkpointDir().toString());
        return o;
    }

    /** Parses a config written by {@link #configJson}. */
    public static TrainConfig parseConfig(JsonObject o) {
        String dir = o.has("checkpointDir") && !o.get("checkpointDir").isJsonNull()
                ? o.get("checkpointDir").getAsString() : null;
        return new TrainConfig(o.get("epochs").getAsInt(), o.get("batchSize").getAsInt(),
                o.get("learningRate").getAsDouble(), o.get("seed").getAsLong(),
                Binarization.valueOf(o.get("binarization").getAsString()), dir == null ? null : Paths.get(dir),
                o.has("weightDecay") ? o.get("weightDecay").getAsDouble() : 0.0);
    }

    private static List<String> names(int n) {
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add(String.format("p%02d", i));
        }
        return names;
    }

    /**
     * Writes a checkpoint atomically (temp file in the same directory, then move) and removes temp files that a
     * process killed mid-write left there (one writer per directory: a sweep's run lease guarantees it).
     */
    static void write(Path dir, TrainConfig cfg, JsonObject state, List<EpochRecord> history, TrainableModel model,
                      Adam adam)
            throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE);
        Path tmp = Files.createTempFile(dir, "." + FILE, ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                putJson(zip, "config.json", GSON.toJson(configJson(cfg)));
                putJson(zip, "state.json", GSON.toJson(state));
                putJson(zip, "history.json", GSON.toJson(history));
                NDList params = model.parameters();
                List<String> names = names(params.size());
                ParameterIO.write(zip, "model/", names, params);
                NDList buffers = model.buffers();
                ParameterIO.write(zip, "buffers/", names(buffers.size()), buffers);
                ParameterIO.write(zip, "adam/m/", names, adam.firstMoments());
                ParameterIO.write(zip, "adam/v/", names, adam.secondMoments());
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // temporary files of earlier writes that a killed process left behind (one writer per directory)
            try (java.nio.file.DirectoryStream<Path> left = Files.newDirectoryStream(dir, "." + FILE + "*.tmp")) {
                for (Path p : left) {
                    Files.deleteIfExists(p);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void putJson(ZipOutputStream zip, String name, String json) throws IOException {
        zip.putNextEntry(ParameterIO.entry(name));
        zip.write(json.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** Reads the checkpoint in {@code dir}. */
    public static Checkpoint read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Map<String, String> json = new HashMap<>();
        Map<String, Npy.NpyArray> arrays = new HashMap<>();
        try (InputStream is = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(is)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().endsWith(".json")) {
                    json.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                } else if (e.getName().endsWith(".npy")) {
                    arrays.put(e.getName(), Npy.read(zip, file + "!" + e.getName()));
                }
            }
        } catch (java.util.zip.ZipException ze) {
            throw new IOException("checkpoint " + file + " is not a valid zip: " + ze.getMessage(), ze);
        }
        for (String k : List.of("config.json", "state.json", "history.json")) {
            if (!json.containsKey(k)) {
                throw new IOException("checkpoint " + file + " lacks " + k);
            }
        }
        List<EpochRecord> history = GSON.fromJson(json.get("history.json"),
                new TypeToken<List<EpochRecord>>() {}.getType());
        return new Checkpoint(file, GSON.fromJson(json.get("config.json"), JsonObject.class),
                GSON.fromJson(json.get("state.json"), JsonObject.class), history, arrays);
    }

    /** Copies the saved parameters and buffers (BatchNorm running statistics) into {@code model} in place. */
    public void restoreModel(TrainableModel model) throws IOException {
        NDList params = model.parameters();
        ParameterIO.copyInto(arrays, "model/", names(params.size()), params, "checkpoint " + file);
        NDList buffers = model.buffers();
        ParameterIO.copyInto(arrays, "buffers/", names(buffers.size()), buffers, "checkpoint " + file);
    }

    /** Copies the saved Adam moments and step count into {@code adam}. */
    void restoreOptimizer(Adam adam) throws IOException {
        List<String> names = names(adam.firstMoments().size());
        ParameterIO.copyInto(arrays, "adam/m/", names, adam.firstMoments(), "checkpoint " + file);
        ParameterIO.copyInto(arrays, "adam/v/", names, adam.secondMoments(), "checkpoint " + file);
        adam.restored(state.get("adamStep").getAsLong());
    }

    /** Architecture JSON for a model, when known (MlpVae), else its class name. */
    static JsonObject describe(TrainableModel model) {
        if (model instanceof MlpVae m) {
            return m.architecture();
        }
        if (model instanceof ConvVae c) {
            return c.architecture();
        }
        JsonObject o = new JsonObject();
        o.addProperty("type", model.getClass().getName());
        o.addProperty("inputDim", model.inputDim());
        if (model instanceof Vae v) {
            o.addProperty("latentDim", v.latentDim());
        }
        return o;
    }
}
