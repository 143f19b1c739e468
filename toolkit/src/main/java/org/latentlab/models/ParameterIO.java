package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import org.latentlab.data.Npy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
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
     * Copies entries {@code prefix + name + ".npy"} from {@code entries} into the given arrays in place, checking
     * that each exists and has the array's shape; {@code source} names the file in errors.
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
            target.set((float[]) e.data());
        }
    }
}
