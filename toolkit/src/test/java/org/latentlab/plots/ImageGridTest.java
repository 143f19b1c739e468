package org.latentlab.plots;

import org.junit.jupiter.api.Test;
import org.latentlab.data.ImageDataset;
import org.latentlab.notebook.Display;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.*;

class ImageGridTest {
    /** 5 images of 3×4, pixel value (n, i, j) = (n·12 + i·4 + j) / 59. */
    private static float[] ramp() {
        float[] p = new float[5 * 3 * 4];
        for (int k = 0; k < p.length; k++) {
            p[k] = k / 59f;
        }
        return p;
    }

    private static int grey(BufferedImage img, int x, int y) {
        int rgb = img.getRGB(x, y);
        int r = (rgb >> 16) & 0xFF;
        assertEquals(r, rgb & 0xFF, "grey pixel");
        assertEquals(r, (rgb >> 8) & 0xFF, "grey pixel");
        return r;
    }

    @Test
    void sizeAndEveryPixelValueSurviveThePngRoundTrip() {
        ImageGrid g = ImageGrid.of(ramp(), 5, 3, 4).withColumns(2).withScale(3).withPadding(1);
        assertEquals(3, g.rows());
        // width = 2·4·3 + 3·1 = 27, height = 3·3·3 + 4·1 = 31
        assertEquals(27, g.imageWidth());
        assertEquals(31, g.imageHeight());
        BufferedImage img = Display.readPng(Display.png(g.image()));
        assertEquals(27, img.getWidth());
        assertEquals(31, img.getHeight());
        for (int n = 0; n < 5; n++) {
            int x0 = 1 + (n % 2) * 13;
            int y0 = 1 + (n / 2) * 10;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    int expected = Math.round(255f * ((n * 12 + i * 4 + j) / 59f));
                    for (int d = 0; d < 9; d++) {
                        assertEquals(expected, grey(img, x0 + 3 * j + d % 3, y0 + 3 * i + d / 3),
                                "image " + n + " pixel " + i + "," + j);
                    }
                }
            }
        }
        // padding and the empty sixth tile are white
        assertEquals(255, grey(img, 0, 0));
        assertEquals(255, grey(img, 13, 5));
        assertEquals(255, grey(img, 20, 25));
    }

    @Test
    void rowLabelsAddALeftMarginWithText() {
        float[] zeros = new float[4 * 2 * 2];
        ImageGrid g = ImageGrid.of(zeros, 4, 2, 2).withColumns(2).withScale(10).withPadding(0)
                .withRowLabels("data", "k=20");
        assertEquals(8 + 4 * ImageGrid.LABEL_CHAR_WIDTH, g.labelMargin());
        assertEquals(g.labelMargin() + 40, g.imageWidth());
        BufferedImage img = g.image();
        int dark = 0;
        for (int x = 0; x < g.labelMargin(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                if ((img.getRGB(x, y) & 0xFF) < 128) {
                    dark++;
                }
            }
        }
        assertTrue(dark > 10, "label text drawn, dark pixels: " + dark);
        assertEquals(0, img.getRGB(g.labelMargin(), 0) & 0xFF, "tiles start after the margin");
    }

    @Test
    void fromDatasetTakesTheFirstImages() {
        float[] p = new float[3 * 4];
        p[4] = 1f; // image 1, pixel (0,0)
        ImageDataset ds = new ImageDataset("t", p, new int[]{0, 1, 2}, 3, 1, 2, 2);
        ImageGrid g = ImageGrid.of(ds, 2).withScale(1).withPadding(0);
        assertEquals(4, g.imageWidth());
        assertEquals(2, g.imageHeight());
        assertEquals(255, g.image().getRGB(2, 0) & 0xFF);
        assertEquals(0, g.image().getRGB(0, 0) & 0xFF);
    }

    @Test
    void ofRowsStacksOneArrayPerRow() {
        float[] a = new float[3 * 4];
        float[] b = new float[3 * 4];
        java.util.Arrays.fill(b, 1f);
        ImageGrid g = ImageGrid.ofRows(2, 2, a, b).withScale(1).withPadding(0);
        assertEquals(2, g.rows());
        assertEquals(6, g.imageWidth());
        BufferedImage img = g.image();
        assertEquals(0, img.getRGB(5, 1) & 0xFF);
        assertEquals(255, img.getRGB(5, 2) & 0xFF);
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.ofRows(2, 2, a, new float[8]));
    }

    @Test
    void badInputIsRejectedWithAMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(new float[]{0, 2f, 0, 0}, 1, 2, 2));
        assertTrue(e.getMessage().contains("pixel 1 is 2.0"));
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(new float[]{0, Float.NaN, 0, 0}, 1, 2, 2));
        e = assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(new float[5], 1, 2, 2));
        assertTrue(e.getMessage().contains("expected 1×2×2 = 4"));
        assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.of(new float[8], 2, 2, 2).withColumns(1).withRowLabels("only one"));
    }
}
