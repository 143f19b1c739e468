package org.latentlab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NpyTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsAllDtypes() throws IOException {
        float[] f = {1.5f, -2f, Float.MIN_VALUE, Float.MAX_VALUE, 0f, -0f};
        Npy.write(tmp.resolve("f.npy"), f, 2, 3);
        Npy.NpyArray a = Npy.read(tmp.resolve("f.npy"));
        assertEquals("<f4", a.descr());
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(f, (float[]) a.data());

        double[] d = {Math.PI, -1e300, 1e-300};
        Npy.write(tmp.resolve("d.npy"), d, 3);
        Npy.NpyArray b = Npy.read(tmp.resolve("d.npy"));
        assertArrayEquals(new long[] {3}, b.shape());
        assertArrayEquals(d, (double[]) b.data());

        int[] i = {Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE, 3, 2, 1};
        Npy.write(tmp.resolve("i.npy"), i, 2, 2, 2);
        assertArrayEquals(i, Npy.read(tmp.resolve("i.npy")).toIntArray());

        byte[] u = {0, 1, (byte) 200, (byte) 255};
        Npy.write(tmp.resolve("u.npy"), u, 4);
        Npy.NpyArray c = Npy.read(tmp.resolve("u.npy"));
        assertEquals("|u1", c.descr());
        assertArrayEquals(new int[] {0, 1, 200, 255}, c.toIntArray());
        assertArrayEquals(new double[] {0, 1, 200, 255}, c.toDoubleArray());

        Npy.write(tmp.resolve("s.npy"), new float[] {42f});
        Npy.NpyArray s = Npy.read(tmp.resolve("s.npy"));
        assertEquals(0, s.shape().length);
        assertEquals(42f, s.toFloatArray()[0]);
        // header is 64-byte aligned as NumPy requires
        byte[] raw = Files.readAllBytes(tmp.resolve("f.npy"));
        assertEquals(0, (raw.length - 6 * 4) % 64);
    }

    @Test
    void readsVersion2Header() throws IOException {
        String dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }";
        int len = 128 - 12;
        StringBuilder h = new StringBuilder(dict);
        while (h.length() < len - 1) h.append(' ');
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(128 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(len);
        b.put(h.toString().getBytes(StandardCharsets.ISO_8859_1)).putInt(5).putInt(-6);
        Npy.NpyArray a = Npy.read(new ByteArrayInputStream(b.array()), "v2");
        assertArrayEquals(new int[] {5, -6}, a.toIntArray());
    }

    private static byte[] file(String dict, int dataBytes) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
        h.append('\n');
        o.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length(), 0});
        o.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        o.writeBytes(new byte[dataBytes]);
        return o.toByteArray();
    }

    private static String readError(byte[] b) {
        return assertThrows(IOException.class, () -> Npy.read(new ByteArrayInputStream(b), "x.npy")).getMessage();
    }

    @Test
    void rejectsMalformedFiles() {
        assertTrue(readError(file("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16))
                .contains("fortran_order"));
        assertTrue(readError(file("{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", 32))
                .contains("unsupported dtype '<c16'"));
        String trunc = readError(file("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", 20));
        assertTrue(trunc.contains("truncated") && trunc.contains("x.npy"), trunc);
        assertTrue(readError(file("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 17))
                .contains("1 trailing bytes"));
        assertTrue(readError("not a numpy file at all".getBytes(StandardCharsets.UTF_8)).contains("magic"));
        assertTrue(readError(new byte[] {(byte) 0x93, 'N'}).contains("truncated"));
        assertTrue(readError(file("{'descr': '<f4', 'shape': (2,), }", 8)).contains("malformed header"));
        assertThrows(IllegalArgumentException.class, () -> new Npy.NpyArray("<f4", new long[] {3}, new float[2]));
        assertThrows(IllegalArgumentException.class, () -> new Npy.NpyArray("<f4", new long[] {2}, new int[2]));
    }

    private static String python() {
        return "/usr/bin/python3";
    }

    private static boolean pythonHasNumpy() {
        try {
            Process p = new ProcessBuilder(python(), "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void numpyReadsWhatJavaWritesAndViceVersa() throws Exception {
        assumeTrue(pythonHasNumpy(), "/usr/bin/python3 with numpy is not available");
        float[] f = new float[12];
        for (int k = 0; k < f.length; k++) f[k] = k * 0.25f - 1f;
        Npy.write(tmp.resolve("j.npy"), f, 3, 4);
        Npy.write(tmp.resolve("u.npy"), new byte[] {(byte) 255, 3}, 2);
        String script = String.join("\n",
                "import numpy as np, sys",
                "d = sys.argv[1]",
                "a = np.load(d + '/j.npy')",
                "assert a.dtype == np.float32 and a.shape == (3, 4), (a.dtype, a.shape)",
                "assert np.array_equal(a.ravel(), np.arange(12, dtype=np.float32) * 0.25 - 1)",
                "u = np.load(d + '/u.npy')",
                "assert u.dtype == np.uint8 and list(u) == [255, 3]",
                "np.save(d + '/p.npy', (a.astype(np.float64) * 2)[:, 1:])",
                "np.save(d + '/q.npy', np.arange(6, dtype=np.int32).reshape(2, 3))",
                "np.save(d + '/r.npy', np.asfortranarray(np.ones((2, 3), dtype=np.float32)))",
                "print('ok')");
        Process p = new ProcessBuilder(python(), "-c", script, tmp.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        Npy.NpyArray back = Npy.read(tmp.resolve("p.npy"));
        assertEquals("<f8", back.descr());
        assertArrayEquals(new long[] {3, 3}, back.shape());
        assertEquals(2 * f[1], back.toDoubleArray()[0], 0.0);
        assertEquals(2 * f[11], back.toDoubleArray()[8], 0.0);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, Npy.read(tmp.resolve("q.npy")).toIntArray());
        IOException e = assertThrows(IOException.class, () -> Npy.read(tmp.resolve("r.npy")));
        assertTrue(e.getMessage().contains("fortran_order"), e.getMessage());
    }
}
