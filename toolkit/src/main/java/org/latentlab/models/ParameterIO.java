package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import org.latentlab.data.Npy;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Writes and reads parameter arrays as {@code .npy} entries of a zip file (the {@code .npz} layout, so Python reads
 * the same file with {@code np.load}). Values are copied bit-exactly.
 */
public final class ParameterIO {
    private ParameterIO() {}

    /**
     * A zip entry with a fixed timestamp (1980-01-01), so that saving the same values twice gives identical bytes.
     */
    public static ZipEntry entry(String name) {
        ZipEntry e = new ZipEntry(name);
        e.setTime(315532800000L);
        return e;
    }

    /** Writes each array as entry {@code prefix + name + ".npy"} (float32, C order). */
    public static void write(ZipOutputStream zip, String prefix, List<String> names, NDList arrays) throws IOException {
        if (names.size() != arrays.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + arrays.size() + " arrays");
        }
        for (int i = 0; i < names.size(); i++) {
            NDArray a = arrays.get(i);
            if (a.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("parameter " + names.get(i) + " is " + a.getDataType()
                        + ", expected float32");
            }
            zip.putNextEntry(entry(prefix + names.get(i) + ".npy"));
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            Npy.write(buf, new Npy.NpyArray("<f4", a.getShape().getShape(), a.toFloatArray()));
            zip.write(buf.toByteArray());
            zip.closeEntry();
        }
    }

    /**
     * Copies entries {@code prefix + name + ".npy"} from {@code entries} into the given arrays in place (their
     * storage is not replaced, see {@link TensorMemory}), checking that each exists and has the array's shape;
     * {@code source} names the file in errors.
     */
    public static void copyInto(Map<String, Npy.NpyArray> entries, String prefix, List<String> names, NDList arrays,
                                String source) throws IOException {
        for (int i = 0; i < names.size(); i++) {
            String key = prefix + names.get(i) + ".npy";
            Npy.NpyArray e = entries.get(key);
            if (e == null) {
                throw new IOException(source + ": missing entry " + key);
            }
            NDArray target = arrays.get(i);
            long[] want = target.getShape().getShape();
            if (!Arrays.equals(want, e.shape())) {
                throw new IOException(source + ": entry " + key + " has shape " + Arrays.toString(e.shape())
                        + ", the model expects " + Arrays.toString(want));
            }
            if (!e.descr().equals("<f4")) {
                throw new IOException(source + ": entry " + key + " has dtype " + e.descr() + ", expected <f4");
            }
            TensorMemory.write(target, (float[]) e.data());   // in place: the storage stays libtorch's
        }
    }

    /** A saved model: the description in its {@code model.json} entry and its {@code .npy} entries by name. */
    public record Archive(JsonObject description, Map<String, Npy.NpyArray> entries) {}

    /**
     * Saves a model archive atomically (temporary file in the same folder, then a move): entry {@code model.json}
     * holding {@code description}, then every parameter as {@code name.npy}. Same values give identical bytes.
     */
    public static void saveArchive(Path file, JsonObject description, List<String> names, NDList params)
            throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                zip.putNextEntry(entry("model.json"));
                zip.write(description.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                write(zip, "", names, params);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads an archive written by {@link #saveArchive} and checks that its {@code model.json} has
     * {@code "type": type}; errors name the file and say what was expected.
     */
    public static Archive readArchive(Path file, String type) throws IOException {
        Map<String, Npy.NpyArray> entries = new HashMap<>();
        String json = null;
        try (InputStream is = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(is)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.getName().equals("model.json")) {
                    json = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                } else if (e.getName().endsWith(".npy")) {
                    entries.put(e.getName(), Npy.read(zip, file + "!" + e.getName()));
                }
            }
        } catch (ZipException ze) {
            throw new IOException("model file " + file + " is not a valid " + type + " archive: " + ze.getMessage(), ze);
        }
        if (json == null) {
            throw new IOException("model file " + file + " has no model.json entry; expected a " + type + " archive");
        }
        JsonObject o;
        try {
            o = new Gson().fromJson(json, JsonObject.class);
        } catch (JsonParseException pe) {
            throw new IOException("model file " + file + ": model.json is not valid JSON: " + pe.getMessage(), pe);
        }
        if (o == null || !o.has("type") || !type.equals(o.get("type").getAsString())) {
            throw new IOException("model file " + file + ": model.json describes " + json + ", expected type " + type);
        }
        return new Archive(o, entries);
    }
}
