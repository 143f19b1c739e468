package org.latentlab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.metrics.PointSet;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 10, robustness case 3 and its kind: .npy headers whose shape overflows or wraps round are refused. */
class NpyHardInputsTest {
    @TempDir
    Path tmp;

    static Path robustnessCase(String file) {
        try {
            return Path.of(NpyHardInputsTest.class.getResource("/org/latentlab/robustness/" + file).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource org/latentlab/robustness/" + file + " missing", e);
        }
    }

    /** A version-1.0 .npy file with the given header dictionary and data bytes. */
    static Path npy(Path dir, String name, String dict, byte[] data) throws IOException {
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) h.length());
        b.put(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        b.put(data);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private static void assertRefusedNaming(Path file, String fragment) {
        IOException e = assertThrows(IOException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @Test
    void case3ShapeOverflowAndWrapAreRefused() {
        assertRefusedNaming(robustnessCase("npy_shape_overflow.npy"), "does not fit");
        assertRefusedNaming(robustnessCase("npy_shape_wraps.npy"), "does not fit");
        IOException e = assertThrows(IOException.class, () -> PointSet.fromNpy(robustnessCase("npy_shape_wraps.npy")));
        assertTrue(e.getMessage().contains("npy_shape_wraps.npy"), e.getMessage());
    }

    @Test
    void otherOverflowingShapesAreRefused() throws IOException {
        // three dimensions whose product wraps to 0 (2^22 · 2^21 · 2^21 = 2^64), and a byte count that overflows
        assertRefusedNaming(npy(tmp, "wrap0.npy",
                "{'descr': '<f8', 'fortran_order': False, 'shape': (4194304, 2097152, 2097152), }", new byte[0]),
                "does not fit");
        assertRefusedNaming(npy(tmp, "bytes.npy",
                "{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846977,), }", new byte[8]),
                "does not fit");
        assertRefusedNaming(npy(tmp, "huge.npy",
                "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999, 1), }", new byte[8]),
                "malformed shape");
    }

    @Test
    void emptyArraysWithHugeDimensionsAreRefusedByPointSet() throws IOException {
        // 0 × 2^40: a valid empty array for numpy, no points for an estimator
        Path f = npy(tmp, "empty.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 1099511627776), }",
                new byte[0]);
        assertEquals(0, Npy.read(f).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PointSet.fromNpy(f));
        assertTrue(e.getMessage().contains("empty.npy") && e.getMessage().contains("at least one point"),
                e.getMessage());
    }

    @Test
    void inMemoryArraysWithOverflowingShapesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Npy.NpyArray("<f8", new long[]{1L << 62, 4}, new double[0]));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }
}
