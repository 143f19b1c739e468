package org.latentlab.plots;

import org.latentlab.data.ImageDataset;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * A grid of grey-scale images (digits, reconstructions, samples) drawn into one {@link BufferedImage}.
 *
 * <p>Input is one flat float array, row-major N×H×W, values in [0, 1] (0 = black, 1 = white, as MNIST is stored).
 * Image i goes to row {@code i / columns}, column {@code i % columns}; each pixel is enlarged to
 * {@code scale × scale} and becomes grey level {@code round(255·v)}; tiles are separated by {@code padding} white
 * pixels. Optional row labels are written in a white margin on the left. Immutable: {@code withX} returns a copy.
 *
 * <p>Size: width = labelMargin + columns·W·scale + (columns+1)·padding,
 * height = rows·H·scale + (rows+1)·padding with rows = ceil(N / columns).
 */
public final class ImageGrid {
    /** Width of one label character in pixels (monospaced 12 px font). */
    static final int LABEL_CHAR_WIDTH = 8;

    private final float[] pixels;
    private final int count;
    private final int height;
    private final int width;
    private final int columns;
    private final int scale;
    private final int padding;
    private final String[] rowLabels;

    private ImageGrid(float[] pixels, int count, int height, int width, int columns, int scale, int padding,
                      String[] rowLabels) {
        if (pixels == null) {
            throw new IllegalArgumentException("image grid: pixels must not be null");
        }
        if (count <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image grid: count, height and width must be positive, got "
                    + count + ", " + height + ", " + width);
        }
        if ((long) count * height * width != pixels.length) {
            throw new IllegalArgumentException("image grid: pixels has " + pixels.length + " values, expected "
                    + count + "×" + height + "×" + width + " = " + (long) count * height * width);
        }
        if (columns <= 0 || scale <= 0 || padding < 0) {
            throw new IllegalArgumentException("image grid: columns and scale must be positive and padding >= 0, got "
                    + columns + ", " + scale + ", " + padding);
        }
        int rows = (count + columns - 1) / columns;
        if (rowLabels != null && rowLabels.length != rows) {
            throw new IllegalArgumentException("image grid: " + rowLabels.length + " row labels for " + rows
                    + " rows (" + count + " images in " + columns + " columns)");
        }
        this.pixels = pixels;
        this.count = count;
        this.height = height;
        this.width = width;
        this.columns = columns;
        this.scale = scale;
        this.padding = padding;
        this.rowLabels = rowLabels;
    }

    /**
     * A grid of {@code count} images of {@code height × width} from a flat N×H×W array (values in [0, 1]);
     * 10 columns (fewer if there are fewer images), scale 2, padding 2.
     */
    public static ImageGrid of(float[] pixels, int count, int height, int width) {
        checkRange(pixels);
        return new ImageGrid(pixels, count, height, width, Math.min(10, Math.max(1, count)), 2, 2, null);
    }

    /**
     * One grid row per array, e.g. {@code ofRows(28, 28, originals, reconstructionsK2, reconstructionsK20)}: each
     * array holds the same number of H×W images (values in [0, 1]); the grid has that many columns.
     */
    public static ImageGrid ofRows(int height, int width, float[]... rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("image grid: give at least one row");
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image grid: height and width must be positive, got " + height
                    + ", " + width);
        }
        int per = rows[0] == null ? -1 : rows[0].length;
        if (per <= 0 || per % (height * width) != 0) {
            throw new IllegalArgumentException("image grid: row 0 must hold a whole number of " + height + "×"
                    + width + " images, has " + per + " values");
        }
        float[] all = new float[per * rows.length];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != per) {
                throw new IllegalArgumentException("image grid: row " + r + " has "
                        + (rows[r] == null ? "null" : rows[r].length) + " values, row 0 has " + per);
            }
            System.arraycopy(rows[r], 0, all, r * per, per);
        }
        return of(all, rows.length * (per / (height * width)), height, width).withColumns(per / (height * width));
    }

    /** The first {@code count} images of a single-channel data set. */
    public static ImageGrid of(ImageDataset data, int count) {
        if (data.channels() != 1) {
            throw new IllegalArgumentException("image grid: data set '" + data.name() + "' has " + data.channels()
                    + " channels; only grey-scale (1 channel) is supported");
        }
        if (count <= 0 || count > data.count()) {
            throw new IllegalArgumentException("image grid: count must be in 1.." + data.count() + ", got " + count);
        }
        float[] p = Arrays.copyOf(data.pixels(), count * data.dim());
        return of(p, count, data.height(), data.width());
    }

    private static void checkRange(float[] pixels) {
        if (pixels == null) {
            throw new IllegalArgumentException("image grid: pixels must not be null");
        }
        for (int i = 0; i < pixels.length; i++) {
            float v = pixels[i];
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException("image grid: pixel " + i + " is " + v + ", expected a value in [0, 1]");
            }
        }
    }

    /** Same grid with {@code columns} images per row (row labels are dropped: the row count changes). */
    public ImageGrid withColumns(int columns) {
        return new ImageGrid(pixels, count, height, width, columns, scale, padding, null);
    }

    /** Same grid with each pixel drawn as {@code scale × scale}. */
    public ImageGrid withScale(int scale) {
        return new ImageGrid(pixels, count, height, width, columns, scale, padding, rowLabels);
    }

    /** Same grid with {@code padding} white pixels between and around tiles. */
    public ImageGrid withPadding(int padding) {
        return new ImageGrid(pixels, count, height, width, columns, scale, padding, rowLabels);
    }

    /** Same grid with one label per row (e.g. "data", "k = 2", "k = 20"). */
    public ImageGrid withRowLabels(String... labels) {
        return new ImageGrid(pixels, count, height, width, columns, scale, padding,
                labels == null ? null : labels.clone());
    }

    /** Number of rows. */
    public int rows() {
        return (count + columns - 1) / columns;
    }

    /** Width of the left label margin in pixels (0 without labels). */
    public int labelMargin() {
        if (rowLabels == null) {
            return 0;
        }
        int max = Arrays.stream(rowLabels).mapToInt(s -> s == null ? 0 : s.length()).max().orElse(0);
        return max == 0 ? 0 : 8 + LABEL_CHAR_WIDTH * max;
    }

    /** Width of the rendered image in pixels. */
    public int imageWidth() {
        return labelMargin() + columns * width * scale + (columns + 1) * padding;
    }

    /** Height of the rendered image in pixels. */
    public int imageHeight() {
        return rows() * height * scale + (rows() + 1) * padding;
    }

    /** The x coordinate of the left edge of tile column {@code c}. */
    public int tileX(int c) {
        return labelMargin() + padding + c * (width * scale + padding);
    }

    /** The y coordinate of the top edge of tile row {@code r}. */
    public int tileY(int r) {
        return padding + r * (height * scale + padding);
    }

    /** Renders the grid (RGB, grey levels). */
    public BufferedImage image() {
        BufferedImage img = new BufferedImage(imageWidth(), imageHeight(), BufferedImage.TYPE_INT_RGB);
        int[] line = new int[img.getWidth()];
        Arrays.fill(line, 0xFFFFFF);
        for (int y = 0; y < img.getHeight(); y++) {
            img.setRGB(0, y, img.getWidth(), 1, line, 0, img.getWidth());
        }
        int hw = height * width;
        for (int n = 0; n < count; n++) {
            int x0 = tileX(n % columns);
            int y0 = tileY(n / columns);
            for (int i = 0; i < height; i++) {
                for (int j = 0; j < width; j++) {
                    int g = Math.round(255f * pixels[n * hw + i * width + j]);
                    int rgb = (g << 16) | (g << 8) | g;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            img.setRGB(x0 + j * scale + dx, y0 + i * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        if (labelMargin() > 0) {
            drawLabels(img);
        }
        return img;
    }

    private void drawLabels(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 12));
            g.setClip(0, 0, labelMargin(), img.getHeight());
            int tileH = height * scale;
            for (int r = 0; r < rowLabels.length; r++) {
                if (rowLabels[r] != null) {
                    g.drawString(rowLabels[r], 4, tileY(r) + tileH / 2 + 4);
                }
            }
        } finally {
            g.dispose();
        }
    }
}
