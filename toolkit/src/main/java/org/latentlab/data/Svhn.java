package org.latentlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * SVHN "cropped digits" (Netzer et al. 2011) from the Stanford files {@code train_32x32.mat} and
 * {@code test_32x32.mat}: MATLAB v5 MAT-files holding {@code X}, uint8 of shape (32, 32, 3, N) in column-major
 * order, and {@code y}, shape (N, 1), labels 1…10 where 10 stands for the digit 0. They cannot be fetched here: users
 * place them in a folder (by default {@code <data cache>/svhn/}).
 *
 * <p>The reader handles the parts of the v5 format these files use (little- or big-endian files, plain and
 * zlib-compressed {@code miMATRIX} elements, small data elements, numeric data stored in any integer or float type)
 * and returns an {@link ImageDataset} of N × 3 × 32 × 32 values in [0, 1] (channel-major per image, value/255) with
 * labels 0…9.
 */
public final class Svhn {
    /** Image side. */
    public static final int SIDE = 32;
    /** Colour channels. */
    public static final int CHANNELS = 3;

    private static final int MI_INT8 = 1;
    private static final int MI_UINT8 = 2;
    private static final int MI_INT16 = 3;
    private static final int MI_UINT16 = 4;
    private static final int MI_INT32 = 5;
    private static final int MI_UINT32 = 6;
    private static final int MI_SINGLE = 7;
    private static final int MI_DOUBLE = 9;
    private static final int MI_INT64 = 12;
    private static final int MI_UINT64 = 13;
    private static final int MI_MATRIX = 14;
    private static final int MI_COMPRESSED = 15;

    private Svhn() {}

    /** A numeric MATLAB array: its dimensions and its values in column-major order. */
    record MatArray(int[] dims, double[] values) {}

    /** Train and test split from {@code dir/train_32x32.mat} and {@code dir/test_32x32.mat}. */
    public static Mnist.Split load(Path dir) throws IOException {
        return new Mnist.Split(read(dir.resolve("train_32x32.mat"), "svhn-train"),
                read(dir.resolve("test_32x32.mat"), "svhn-test"));
    }

    /** The folder the SVHN files are expected in: {@code <data cache>/svhn}. */
    public static Path defaultDir() {
        return Mnist.cacheDir().resolve("svhn");
    }

    /** Reads one SVHN MAT-file into a data set named {@code name}. */
    public static ImageDataset read(Path file, String name) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("SVHN file " + file + " does not exist; download train_32x32.mat and "
                    + "test_32x32.mat from http://ufldl.stanford.edu/housenumbers/ and place them there");
        }
        Map<String, MatArray> vars = readMat(file);
        MatArray x = vars.get("X");
        MatArray y = vars.get("y");
        if (x == null || y == null) {
            throw new IOException("SVHN file " + file + " must hold variables X and y, has " + vars.keySet());
        }
        int[] d = x.dims();
        if (d.length != 4 || d[0] != SIDE || d[1] != SIDE || d[2] != CHANNELS) {
            throw new IOException("SVHN file " + file + ": X must have shape (32, 32, 3, N), has "
                    + java.util.Arrays.toString(d));
        }
        int n = d[3];
        if (y.values().length != n) {
            throw new IOException("SVHN file " + file + ": y has " + y.values().length + " labels for " + n
                    + " images");
        }
        float[] px = new float[n * CHANNELS * SIDE * SIDE];
        double[] xv = x.values();
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < CHANNELS; ch++) {
                for (int r = 0; r < SIDE; r++) {
                    for (int c = 0; c < SIDE; c++) {
                        double v = xv[r + SIDE * (c + SIDE * (ch + CHANNELS * i))];
                        if (!(v >= 0 && v <= 255)) {
                            throw new IOException("SVHN file " + file + ": pixel value " + v + " outside 0…255");
                        }
                        px[((i * CHANNELS + ch) * SIDE + r) * SIDE + c] = (float) (v / 255.0);
                    }
                }
            }
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double l = y.values()[i];
            if (l != Math.rint(l) || l < 1 || l > 10) {
                throw new IOException("SVHN file " + file + ": label " + l + " at " + i + " is not in 1…10");
            }
            labels[i] = (int) l % 10;
        }
        return new ImageDataset(name, px, labels, n, CHANNELS, SIDE, SIDE);
    }

    /** Every numeric variable of a MATLAB v5 MAT-file, by name. */
    static Map<String, MatArray> readMat(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 128) {
            throw new IOException("MAT-file " + file + " is shorter than its 128-byte header");
        }
        ByteOrder order;
        if (all[126] == 'I' && all[127] == 'M') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (all[126] == 'M' && all[127] == 'I') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new IOException("MAT-file " + file + " has no v5 endian indicator (MATLAB 7.3/HDF5 files are "
                    + "not supported; save with -v7 or -v6)");
        }
        ByteBuffer b = ByteBuffer.wrap(all).order(order);
        b.position(128);
        Map<String, MatArray> out = new HashMap<>();
        while (b.remaining() >= 8) {
            readElement(b, order, out, file);
        }
        return out;
    }

    private static void readElement(ByteBuffer b, ByteOrder order, Map<String, MatArray> out, Path file)
            throws IOException {
        int type = b.getInt();
        int size = b.getInt();
        if (size < 0 || size > b.remaining()) {
            throw new IOException("MAT-file " + file + ": element of " + size + " bytes at offset "
                    + (b.position() - 8) + " runs past the end");
        }
        if (type == MI_COMPRESSED) {
            byte[] z = new byte[size];
            b.get(z);
            ByteBuffer inner = ByteBuffer.wrap(inflate(z, file)).order(order);
            while (inner.remaining() >= 8) {
                readElement(inner, order, out, file);
            }
            return;
        }
        int start = b.position();
        if (type == MI_MATRIX) {
            ByteBuffer m = b.slice().order(order);
            m.limit(size);
            readMatrix(m, out, file);
        }
        b.position(start + padded(size));
    }

    private static void readMatrix(ByteBuffer m, Map<String, MatArray> out, Path file) throws IOException {
        if (m.remaining() == 0) {
            return; // empty matrix
        }
        double[] flags = subElement(m, file);
        int mxClass = ((int) flags[0]) & 0xff;
        if (mxClass < 6 || mxClass > 15) {
            return; // cell, struct, object, char or sparse: not numeric, skipped
        }
        double[] dimsD = subElement(m, file);
        int[] dims = new int[dimsD.length];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = (int) dimsD[i];
            count *= dims[i];
        }
        String name = new String(toBytes(subElement(m, file)), java.nio.charset.StandardCharsets.US_ASCII);
        double[] values = subElement(m, file);
        if (values.length != count) {
            throw new IOException("MAT-file " + file + ": variable " + name + " has " + values.length
                    + " values for dimensions " + java.util.Arrays.toString(dims));
        }
        out.put(name, new MatArray(dims, values));
    }

    /** One (possibly small) data element inside a matrix, converted to doubles. */
    private static double[] subElement(ByteBuffer m, Path file) throws IOException {
        int tag = m.getInt();
        int type;
        int size;
        boolean small = (tag >>> 16) != 0;
        if (small) {
            size = tag >>> 16;
            type = tag & 0xffff;
        } else {
            type = tag;
            size = m.getInt();
        }
        int start = m.position();
        int width = width(type, file);
        if (size % width != 0 || size > m.remaining()) {
            throw new IOException("MAT-file " + file + ": malformed data element (type " + type + ", " + size
                    + " bytes)");
        }
        double[] v = new double[size / width];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (type) {
                case MI_INT8 -> m.get();
                case MI_UINT8 -> m.get() & 0xff;
                case MI_INT16 -> m.getShort();
                case MI_UINT16 -> m.getShort() & 0xffff;
                case MI_INT32 -> m.getInt();
                case MI_UINT32 -> m.getInt() & 0xffffffffL;
                case MI_SINGLE -> m.getFloat();
                case MI_DOUBLE -> m.getDouble();
                case MI_INT64, MI_UINT64 -> m.getLong();
                default -> throw new IOException("MAT-file " + file + ": unsupported data type " + type);
            };
        }
        m.position(start + (small ? 4 : padded(size)));
        return v;
    }

    private static int width(int type, Path file) throws IOException {
        return switch (type) {
            case MI_INT8, MI_UINT8 -> 1;
            case MI_INT16, MI_UINT16 -> 2;
            case MI_INT32, MI_UINT32, MI_SINGLE -> 4;
            case MI_DOUBLE, MI_INT64, MI_UINT64 -> 8;
            default -> throw new IOException("MAT-file " + file + ": unsupported data type " + type);
        };
    }

    private static int padded(int size) {
        return (size + 7) & ~7;
    }

    private static byte[] toBytes(double[] v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    private static byte[] inflate(byte[] z, Path file) throws IOException {
        Inflater inf = new Inflater();
        inf.setInput(z);
        ByteArrayOutputStream out = new ByteArrayOutputStream(z.length * 4);
        byte[] buf = new byte[1 << 16];
        try {
            while (!inf.finished()) {
                int k = inf.inflate(buf);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new IOException("MAT-file " + file + ": truncated compressed element");
                }
                out.write(buf, 0, k);
            }
        } catch (DataFormatException e) {
            throw new IOException("MAT-file " + file + ": corrupt compressed element: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
        return out.toByteArray();
    }
}
