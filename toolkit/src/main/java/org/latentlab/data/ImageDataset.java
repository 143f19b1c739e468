package org.latentlab.data;

import java.util.Objects;

/**
 * An image data set held as one flat float array, row-major {@code count × (channels·height·width)}, values in
 * [0, 1], with one integer label per image (−1 where a set has no labels).
 * Keeping the whole set in one array lets training slice batches without per-batch allocation.
 */
public record ImageDataset(String name, float[] pixels, int[] labels, int count, int channels, int height, int width) {
    public ImageDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (count < 0 || channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("dataset '" + name + "': count, channels, height and width must be "
                    + "positive, got count=" + count + " shape=" + channels + "x" + height + "x" + width);
        }
        if ((long) count * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("dataset '" + name + "': pixels has " + pixels.length
                    + " values, expected count*channels*height*width = " + (long) count * channels * height * width);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException("dataset '" + name + "': " + labels.length + " labels for "
                    + count + " images");
        }
    }

    /** Number of values per image, {@code channels·height·width}. */
    public int dim() {
        return channels * height * width;
    }
}
