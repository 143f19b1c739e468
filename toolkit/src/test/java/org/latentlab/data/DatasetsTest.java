package org.latentlab.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DatasetsTest {
    static ImageDataset ramp(int n) {
        float[] px = new float[n * 4];
        int[] lab = new int[n];
        for (int i = 0; i < px.length; i++) px[i] = (i % 4) / 3f;
        for (int i = 0; i < n; i++) {
            lab[i] = i;
            px[i * 4] = i;   // first pixel encodes the index, to check rows travel together with labels
        }
        return new ImageDataset("ramp", px, lab, n, 1, 2, 2);
    }

    @Test
    void subsetIsSeededDistinctAndKeepsRowsWithLabels() {
        ImageDataset d = ramp(100);
        ImageDataset a = Datasets.subset(d, 10, 5);
        ImageDataset b = Datasets.subset(d, 10, 5);
        ImageDataset c = Datasets.subset(d, 10, 6);
        assertArrayEquals(a.labels(), b.labels());
        assertFalse(java.util.Arrays.equals(a.labels(), c.labels()));
        assertEquals(10, java.util.Arrays.stream(a.labels()).distinct().count());
        for (int i = 0; i < 10; i++) {
            assertEquals(a.labels()[i], a.pixels()[i * 4], 0f);
            if (i > 0) assertTrue(a.labels()[i] > a.labels()[i - 1]);
        }
        assertThrows(IllegalArgumentException.class, () -> Datasets.subset(d, 101, 1));
        assertThrows(IllegalArgumentException.class, () -> Datasets.subset(d, 0, 1));
    }

    @Test
    void binarizationThresholdsAtOneHalf() {
        ImageDataset d = new ImageDataset("g", new float[] {0f, 0.49f, 0.5f, 0.51f, 1f, 0.2f}, new int[] {0, 1}, 2,
                1, 1, 3);
        assertArrayEquals(new float[] {0, 0, 1, 1, 1, 0}, Datasets.binarizeFixed(d).pixels());
        ImageDataset s1 = Datasets.binarizeStochastic(ramp(500), 3);
        ImageDataset s2 = Datasets.binarizeStochastic(ramp(500), 3);
        assertArrayEquals(s1.pixels(), s2.pixels());
        double ones = 0;
        int n = 0;
        for (int i = 0; i < s1.count(); i++) {
            for (int j = 1; j < 4; j++) {
                float v = s1.pixels()[i * 4 + j];
                assertTrue(v == 0f || v == 1f);
                if (j == 2) { ones += v; n++; }  // pixel value 2/3
            }
        }
        assertEquals(2 / 3.0, ones / n, 0.07);
    }

    @Test
    void padCentresImagesInZeros() {
        float[] px = new float[2 * 28 * 28];
        java.util.Arrays.fill(px, 1f);
        ImageDataset d = new ImageDataset("ones", px, new int[] {3, 4}, 2, 1, 28, 28);
        ImageDataset p = Datasets.pad(d, 32);
        assertEquals(32, p.height());
        assertEquals(2 * 1024, p.pixels().length);
        double sum = 0;
        for (float v : p.pixels()) sum += v;
        assertEquals(2 * 784, sum, 0);
        assertEquals(0f, p.pixels()[32 + 1]);       // row 1 is padding
        assertEquals(1f, p.pixels()[2 * 32 + 2]);   // row 2, col 2 is the first image pixel
        assertEquals(0f, p.pixels()[2 * 32 + 30]);  // col 30 is padding
        assertEquals(1f, p.pixels()[1024 + 29 * 32 + 29]);
        assertArrayEquals(new int[] {3, 4}, p.labels());
        assertThrows(IllegalArgumentException.class, () -> Datasets.pad(d, 20));
    }
}
