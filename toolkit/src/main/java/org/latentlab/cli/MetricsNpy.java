package org.latentlab.cli;

import org.latentlab.metrics.PointSet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimal {@code .npy} reader for the metrics commands (float32/float64/int32/int64/uint8, C or Fortran order,
 * 1-D or 2-D). Package-private stop-gap until {@code org.latentlab.data.Npy} (core) is on main; then replace it.
 */
final class MetricsNpy {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private MetricsNpy() {}

    /** Reads a 1-D (N points in 1-D) or 2-D (N × D) array as a point set named after the file. */
    static PointSet read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such .npy file");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || bytes[1] != 'N' || bytes[2] != 'U' || bytes[3] != 'M'
                || bytes[4] != 'P' || bytes[5] != 'Y') {
            throw new IllegalArgumentException(file + ": not a .npy file (bad magic)");
        }
        int major = bytes[6];
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else {
            headerLen = bb.getInt(8);
            start = 12;
        }
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, file, "descr");
        boolean fortran = "True".equals(find(FORTRAN, header, file, "fortran_order"));
        String[] dims = find(SHAPE, header, file, "shape").split(",");
        long[] shape = new long[2];
        int nd = 0;
        for (String s : dims) {
            if (!s.isBlank()) {
                if (nd == 2) {
                    throw new IllegalArgumentException(file + ": expected a 1-D or 2-D array, header " + header.trim());
                }
                shape[nd++] = Long.parseLong(s.trim());
            }
        }
        if (nd == 0) {
            throw new IllegalArgumentException(file + ": expected a 1-D or 2-D array, got a scalar");
        }
        int rows = Math.toIntExact(shape[0]);
        int cols = nd == 1 ? 1 : Math.toIntExact(shape[1]);
        long count = (long) rows * cols;
        ByteBuffer data = ByteBuffer.wrap(bytes, start + headerLen, bytes.length - start - headerLen);
        data.order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        String type = descr.substring(1);
        int width = switch (type) {
            case "f4", "i4" -> 4;
            case "f8", "i8" -> 8;
            case "u1", "i1", "b1" -> 1;
            default -> throw new IllegalArgumentException(file + ": unsupported dtype '" + descr
                    + "' (expected float32/float64/int32/int64/uint8)");
        };
        if (data.remaining() < count * width) {
            throw new IllegalArgumentException(file + ": truncated: " + data.remaining() + " bytes for " + count
                    + " values of " + width + " bytes");
        }
        double[] out = new double[Math.toIntExact(count)];
        for (int k = 0; k < count; k++) {
            double v = switch (type) {
                case "f4" -> data.getFloat();
                case "f8" -> data.getDouble();
                case "i4" -> data.getInt();
                case "i8" -> data.getLong();
                case "u1", "b1" -> data.get() & 0xff;
                default -> data.get();
            };
            int target = fortran ? (k % rows) * cols + (k / rows) : k;
            out[target] = v;
        }
        String name = file.getFileName().toString();
        return PointSet.ofRowMajor(name, out, rows, cols);
    }

    private static String find(Pattern p, String header, Path file, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(file + ": .npy header lacks '" + key + "': " + header.trim());
        }
        return m.group(1);
    }
}
