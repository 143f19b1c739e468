package org.latentlab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reader and writer for NumPy's {@code .npy} format (format versions 1.0 and 2.0), for exchanging arrays with
 * Python. Supported dtypes: {@code <f4} (float32), {@code <f8} (float64), {@code <i4} (int32), {@code <i8} (int64,
 * numpy's default integer; read as doubles exactly up to 2⁵³), {@code |u1} (uint8).
 * Only C (row-major) order: a file with {@code fortran_order: True} is rejected with a clear error, as are unknown
 * dtypes, structured (record) dtypes, truncated data, trailing bytes and files over {@link #MAX_FILE_BYTES}.
 * Files are written atomically (temp file + move).
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** The largest {@code .npy} file {@link #read(Path)} reads: one Java byte array. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private Npy() {}

    /**
     * An array read from or written to a {@code .npy} file: its dtype descriptor, shape and flat row-major data
     * ({@code float[]} for {@code <f4}, {@code double[]} for {@code <f8}, {@code int[]} for {@code <i4},
     * {@code long[]} for {@code <i8},
     * {@code byte[]} holding unsigned values for {@code |u1}).
     */
    public record NpyArray(String descr, long[] shape, Object data) {
        public NpyArray {
            Objects.requireNonNull(descr, "descr");
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(data, "data");
            long n = size(shape);
            int len = java.lang.reflect.Array.getLength(data);
            if (n != len) {
                throw new IllegalArgumentException("npy array: shape " + Arrays.toString(shape) + " holds " + n
                        + " values but data has " + len);
            }
            Dtype d = Dtype.of(descr, "npy array");
            Class<?> want = switch (d) {
                case F4 -> float[].class;
                case F8 -> double[].class;
                case I4 -> int[].class;
                case I8 -> long[].class;
                case U1 -> byte[].class;
            };
            if (data.getClass() != want) {
                throw new IllegalArgumentException("npy array: dtype " + descr + " needs data of type "
                        + want.getSimpleName() + ", got " + data.getClass().getSimpleName());
            }
        }

        /** Number of elements. */
        public long size() {
            return size(shape);
        }

        /** Values as float32 (converting from any supported dtype). */
        public float[] toFloatArray() {
            if (data instanceof float[] f) {
                return f.clone();
            }
            double[] d = toDoubleArray();
            float[] out = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
            return out;
        }

        /** Values as float64 (converting from any supported dtype; uint8 read as 0..255). */
        public double[] toDoubleArray() {
            if (data instanceof double[] d) {
                return d.clone();
            }
            int n = (int) size();
            double[] out = new double[n];
            if (data instanceof float[] f) {
                for (int i = 0; i < n; i++) out[i] = f[i];
            } else if (data instanceof int[] a) {
                for (int i = 0; i < n; i++) out[i] = a[i];
            } else if (data instanceof long[] a) {
                for (int i = 0; i < n; i++) out[i] = a[i]; // exact up to 2^53
            } else {
                byte[] b = (byte[]) data;
                for (int i = 0; i < n; i++) out[i] = b[i] & 0xFF;
            }
            return out;
        }

        /** Values as int32; only for integer dtypes ({@code <i4}, {@code <i8} within the int range, {@code |u1}). */
        public int[] toIntArray() {
            if (data instanceof int[] a) {
                return a.clone();
            }
            if (data instanceof byte[] b) {
                int[] out = new int[b.length];
                for (int i = 0; i < b.length; i++) out[i] = b[i] & 0xFF;
                return out;
            }
            if (data instanceof long[] a) {
                int[] out = new int[a.length];
                for (int i = 0; i < a.length; i++) {
                    if (a[i] < Integer.MIN_VALUE || a[i] > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("npy array: int64 value " + a[i] + " at index " + i
                                + " does not fit in int32");
                    }
                    out[i] = (int) a[i];
                }
                return out;
            }
            throw new IllegalStateException("npy array of dtype " + descr + " is not an integer array");
        }

        private static long size(long[] shape) {
            long n = 1;
            for (long s : shape) {
                if (s < 0) {
                    throw new IllegalArgumentException("npy array: negative dimension in shape " + Arrays.toString(shape));
                }
                try {
                    n = Math.multiplyExact(n, s);
                } catch (ArithmeticException e) {
                    throw new IllegalArgumentException("npy array: the element count of shape "
                            + Arrays.toString(shape) + " does not fit in 64 bits");
                }
            }
            return n;
        }
    }

    private enum Dtype {
        F4("<f4", 4), F8("<f8", 8), I4("<i4", 4), I8("<i8", 8), U1("|u1", 1);
        final String descr;
        final int bytes;

        Dtype(String descr, int bytes) {
            this.descr = descr;
            this.bytes = bytes;
        }

        static Dtype of(String descr, String source) {
            for (Dtype d : values()) {
                if (d.descr.equals(descr)) {
                    return d;
                }
            }
            throw new IllegalArgumentException(source + ": unsupported dtype '" + descr
                    + "', expected one of <f4, <f8, <i4, <i8, |u1");
        }
    }

    /** Reads a {@code .npy} file. */
    public static NpyArray read(Path file) throws IOException {
        long bytes = Files.size(file);
        if (bytes > MAX_FILE_BYTES) { // readAllBytes would throw OutOfMemoryError("Required array size too large")
            throw new IOException("npy file " + file + " has " + bytes + " bytes; at most " + MAX_FILE_BYTES
                    + " (one Java array) can be read: pass a subset of the rows");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads a {@code .npy} stream to its end; {@code source} names it in error messages. */
    public static NpyArray read(InputStream in, String source) throws IOException {
        byte[] b = in.readAllBytes();
        for (int i = 0; i < Math.min(b.length, MAGIC.length); i++) {
            if (b[i] != MAGIC[i]) { // e.g. a text file renamed .npy: say so before its length
                throw new IOException("npy file " + source + ": missing magic string \\x93NUMPY, not a .npy file");
            }
        }
        if (b.length < 10) {
            throw new IOException("npy file " + source + " is truncated: " + b.length + " bytes, too short for a header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                throw new IOException("npy file " + source + ": missing magic string \\x93NUMPY, not a .npy file");
            }
        }
        int major = b[6] & 0xFF;
        int headerLen;
        int start;
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw new IOException("npy file " + source + " is truncated inside its header");
            }
            headerLen = bb.getInt(8);
            start = 12;
        } else {
            throw new IOException("npy file " + source + ": unsupported format version " + major + "." + (b[7] & 0xFF)
                    + ", expected 1.0 or 2.0");
        }
        if (headerLen < 0 || start + (long) headerLen > b.length) {
            throw new IOException("npy file " + source + " is truncated: header declares " + headerLen
                    + " bytes but the file has " + (b.length - start) + " after the preamble");
        }
        String header = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher md = DESCR.matcher(header);
        Matcher mf = FORTRAN.matcher(header);
        Matcher ms = SHAPE.matcher(header);
        if (header.matches("(?s).*'descr'\\s*:\\s*\\[.*")) {
            throw new IOException("npy file " + source + ": structured dtype (record fields) is not supported, expected a "
                    + "plain array of one of <f4, <f8, <i4, <i8, |u1");
        }
        if (!md.find() || !mf.find() || !ms.find()) {
            throw new IOException("npy file " + source + ": malformed header '" + header.trim()
                    + "', expected keys 'descr', 'fortran_order' and 'shape'");
        }
        if (mf.group(1).equals("True")) {
            throw new IOException("npy file " + source + ": fortran_order is True (column-major); only C-order arrays "
                    + "are supported, save with np.ascontiguousarray(a)");
        }
        Dtype dtype;
        try {
            dtype = Dtype.of(md.group(1), "npy file " + source);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        long[] shape = parseShape(ms.group(1), source);
        long count = elementCount(shape, dtype.bytes, source);
        int dataStart = start + headerLen;
        long expected = count * dtype.bytes;
        long actual = b.length - dataStart;
        if (actual < expected) {
            throw new IOException("npy file " + source + " is truncated: shape " + Arrays.toString(shape) + " of "
                    + dtype.descr + " needs " + expected + " data bytes, found " + actual);
        }
        if (actual > expected) {
            throw new IOException("npy file " + source + " has " + (actual - expected) + " trailing bytes after the "
                    + expected + " data bytes of shape " + Arrays.toString(shape));
        }
        if (count > Integer.MAX_VALUE) {
            throw new IOException("npy file " + source + ": " + count + " elements is too many for one Java array");
        }
        int n = (int) count;
        ByteBuffer data = ByteBuffer.wrap(b, dataStart, (int) expected).slice().order(ByteOrder.LITTLE_ENDIAN);
        Object out = switch (dtype) {
            case F4 -> { float[] a = new float[n]; data.asFloatBuffer().get(a); yield a; }
            case F8 -> { double[] a = new double[n]; data.asDoubleBuffer().get(a); yield a; }
            case I4 -> { int[] a = new int[n]; data.asIntBuffer().get(a); yield a; }
            case I8 -> { long[] a = new long[n]; data.asLongBuffer().get(a); yield a; }
            case U1 -> { byte[] a = new byte[n]; data.get(a); yield a; }
        };
        return new NpyArray(dtype.descr, shape, out);
    }

    /**
     * The product of the shape's dimensions, checked so that it and its byte size fit in a long: a header whose
     * shape overflows (e.g. (2⁶², 4), or (2⁶¹ + 1, 8) whose product wraps round to 8) is an error naming the file,
     * never a wrapped count that happens to match the data.
     */
    private static long elementCount(long[] shape, int bytes, String source) throws IOException {
        long count = 1;
        try {
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            Math.multiplyExact(count, (long) bytes);
        } catch (ArithmeticException e) {
            throw new IOException("npy file " + source + ": shape " + Arrays.toString(shape)
                    + " has an element count that does not fit in 64 bits; the header is corrupt");
        }
        return count;
    }

    private static long[] parseShape(String s, String source) throws IOException {
        String[] parts = s.split(",");
        long[] tmp = new long[parts.length];
        int k = 0;
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) continue;
            if (t.endsWith("L")) t = t.substring(0, t.length() - 1);
            try {
                tmp[k] = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw new IOException("npy file " + source + ": malformed shape '(" + s + ")'");
            }
            if (tmp[k] < 0) {
                throw new IOException("npy file " + source + ": negative dimension in shape '(" + s + ")'");
            }
            k++;
        }
        return Arrays.copyOf(tmp, k);
    }

    /** Writes float32 data of the given shape ({@code <f4}). */
    public static void write(Path file, float[] data, long... shape) throws IOException {
        write(file, new NpyArray("<f4", shape, data));
    }

    /** Writes float64 data of the given shape ({@code <f8}). */
    public static void write(Path file, double[] data, long... shape) throws IOException {
        write(file, new NpyArray("<f8", shape, data));
    }

    /** Writes int32 data of the given shape ({@code <i4}). */
    public static void write(Path file, int[] data, long... shape) throws IOException {
        write(file, new NpyArray("<i4", shape, data));
    }

    /** Writes int64 data of the given shape ({@code <i8}). */
    public static void write(Path file, long[] data, long... shape) throws IOException {
        write(file, new NpyArray("<i8", shape, data));
    }

    /** Writes uint8 data of the given shape ({@code |u1}); bytes are taken as unsigned. */
    public static void write(Path file, byte[] data, long... shape) throws IOException {
        write(file, new NpyArray("|u1", shape, data));
    }

    /** Writes an array atomically: to a temp file in the same directory, then moved into place. */
    public static void write(Path file, NpyArray array) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(out, array);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes an array to a stream (version 1.0 header, or 2.0 if the header is too long for 1.0). */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        Dtype dtype = Dtype.of(array.descr(), "npy array");
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < array.shape().length; i++) {
            sh.append(array.shape()[i]);
            if (array.shape().length == 1 || i < array.shape().length - 1) sh.append(array.shape().length == 1 ? "," : ", ");
        }
        sh.append(")");
        String dict = "{'descr': '" + dtype.descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int major = 1;
        int pre = 10;
        int total = pre + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        if (padded - pre > 0xFFFF) {
            major = 2;
            pre = 12;
            total = pre + dict.length() + 1;
            padded = (total + 63) / 64 * 64;
        }
        int headerLen = padded - pre;
        StringBuilder header = new StringBuilder(dict);
        while (header.length() < headerLen - 1) header.append(' ');
        header.append('\n');
        ByteArrayOutputStream head = new ByteArrayOutputStream(padded);
        head.write(MAGIC);
        head.write(major);
        head.write(0);
        ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) len.putShort((short) headerLen); else len.putInt(headerLen);
        head.write(len.array());
        head.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(head.toByteArray());
        int n = (int) array.size();
        ByteBuffer body = ByteBuffer.allocate(n * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F4 -> body.asFloatBuffer().put((float[]) array.data());
            case F8 -> body.asDoubleBuffer().put((double[]) array.data());
            case I4 -> body.asIntBuffer().put((int[]) array.data());
            case I8 -> body.asLongBuffer().put((long[]) array.data());
            case U1 -> body.put((byte[]) array.data());
        }
        out.write(body.array());
    }
}
