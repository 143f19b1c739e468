package org.latentlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX format of MNIST and Fashion-MNIST (LeCun et al.), plain or gzip-compressed (detected by the
 * gzip magic bytes 1f 8b, not by the file name). Only unsigned-byte payloads (type 0x08) are supported, which is
 * what these data sets use. Every problem (wrong magic, wrong number of dimensions, truncated payload, trailing
 * bytes) is reported as an {@link IOException} naming the file and what was expected.
 */
public final class Idx {
    /** Magic number of an unsigned-byte, 3-dimensional IDX file (images: count × rows × cols). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an unsigned-byte, 1-dimensional IDX file (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private Idx() {}

    /** Images from an IDX3 file: {@code count × rows × cols} unsigned bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        /** Pixel values scaled to [0, 1] (byte / 255), as one flat row-major array. */
        public float[] toUnitFloats() {
            float[] out = new float[pixels.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = (pixels[i] & 0xFF) / 255f;
            }
            return out;
        }
    }

    /** Reads an images file (magic 0x00000803); validates dimensions and the exact file length. */
    public static Images readImages(Path file) throws IOException {
        byte[] b = readMaybeGzip(file);
        int[] dims = header(file, b, IMAGES_MAGIC, 3);
        long expected;
        try { // (2^22, 2^21, 2^21) would wrap round to 0 bytes and pass the length check
            expected = Math.addExact(16L, Math.multiplyExact(Math.multiplyExact((long) dims[0], dims[1]), dims[2]));
        } catch (ArithmeticException e) {
            throw new IOException("IDX file " + file + ": dimensions " + java.util.Arrays.toString(dims)
                    + " hold more bytes than fit in 64 bits; the header is corrupt");
        }
        if (expected - 16 > Integer.MAX_VALUE - 16) {
            throw new IOException("IDX file " + file + ": dimensions " + java.util.Arrays.toString(dims) + " = "
                    + (expected - 16) + " pixels, too many for one Java array");
        }
        checkLength(file, b, expected, dims);
        byte[] pixels = new byte[b.length - 16];
        System.arraycopy(b, 16, pixels, 0, pixels.length);
        return new Images(dims[0], dims[1], dims[2], pixels);
    }

    /** Reads a labels file (magic 0x00000801); validates the exact file length. Labels are 0..255. */
    public static int[] readLabels(Path file) throws IOException {
        byte[] b = readMaybeGzip(file);
        int[] dims = header(file, b, LABELS_MAGIC, 1);
        checkLength(file, b, 8L + dims[0], dims);
        int[] labels = new int[dims[0]];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = b[8 + i] & 0xFF;
        }
        return labels;
    }

    /** The file's bytes, gunzipped if the file starts with the gzip magic 1f 8b. */
    static byte[] readMaybeGzip(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("IDX file " + file + " does not exist or is not a regular file");
        }
        byte[] raw = Files.readAllBytes(file);
        if (raw.length >= 2 && (raw[0] & 0xFF) == 0x1f && (raw[1] & 0xFF) == 0x8b) {
            try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
                in.transferTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new IOException("IDX file " + file + ": gzip data is corrupt or truncated (" + e.getMessage()
                        + ")", e);
            }
        }
        return raw;
    }

    private static int[] header(Path file, byte[] b, int magic, int ndims) throws IOException {
        if (b.length < 4) {
            throw new IOException("IDX file " + file + " is truncated: " + b.length
                    + " bytes, too short for the 4-byte magic number");
        }
        int m = readInt(b, 0);
        if (m != magic) {
            throw new IOException(String.format("IDX file %s: wrong magic number 0x%08x, expected 0x%08x (%s)",
                    file, m, magic, magic == IMAGES_MAGIC ? "unsigned-byte images, 3 dimensions"
                            : "unsigned-byte labels, 1 dimension"));
        }
        int headerLen = 4 + 4 * ndims;
        if (b.length < headerLen) {
            throw new IOException("IDX file " + file + " is truncated: " + b.length + " bytes, the header alone needs "
                    + headerLen);
        }
        int[] dims = new int[ndims];
        for (int i = 0; i < ndims; i++) {
            dims[i] = readInt(b, 4 + 4 * i);
            if (dims[i] < 0 || (i > 0 && dims[i] == 0)) {
                throw new IOException("IDX file " + file + ": dimension " + i + " is " + dims[i]
                        + ", expected a positive size");
            }
        }
        return dims;
    }

    private static void checkLength(Path file, byte[] b, long expected, int[] dims) throws IOException {
        if (b.length < expected) {
            throw new IOException("IDX file " + file + " is truncated: header declares dimensions "
                    + java.util.Arrays.toString(dims) + " = " + expected + " bytes, but the (decompressed) file has "
                    + b.length);
        }
        if (b.length > expected) {
            throw new IOException("IDX file " + file + " has " + (b.length - expected)
                    + " trailing bytes after the data declared by its header " + java.util.Arrays.toString(dims)
                    + " (expected exactly " + expected + " bytes)");
        }
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
