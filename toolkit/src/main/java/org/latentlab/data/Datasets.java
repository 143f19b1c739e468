package org.latentlab.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Pure-Java transformations of {@link ImageDataset}s: seeded subsets, binarization and zero padding. */
public final class Datasets {
    private Datasets() {}

    /**
     * A seeded random subset of {@code n} distinct images, kept in their original order (so class balance is
     * random but the result is deterministic for a given seed). {@code n == d.count()} returns the whole set.
     */
    public static ImageDataset subset(ImageDataset d, int n, long seed) {
        if (n < 1 || n > d.count()) {
            throw new IllegalArgumentException("subset of dataset '" + d.name() + "': n must be in [1, " + d.count()
                    + "], got " + n);
        }
        if (n == d.count()) {
            return d;
        }
        int[] idx = new int[d.count()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = Arrays.copyOf(idx, n);
        Arrays.sort(chosen);
        return select(d, chosen, d.name() + "[" + n + "@" + seed + "]");
    }

    /** The images at the given indices, in that order. */
    public static ImageDataset select(ImageDataset d, int[] indices, String name) {
        int dim = d.dim();
        float[] px = new float[indices.length * dim];
        int[] lab = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int k = indices[i];
            if (k < 0 || k >= d.count()) {
                throw new IllegalArgumentException("select from dataset '" + d.name() + "': index " + k
                        + " outside [0, " + d.count() + ")");
            }
            System.arraycopy(d.pixels(), k * dim, px, i * dim, dim);
            lab[i] = d.labels()[k];
        }
        return new ImageDataset(name, px, lab, indices.length, d.channels(), d.height(), d.width());
    }

    /** The first {@code n} images. */
    public static ImageDataset head(ImageDataset d, int n) {
        if (n < 0 || n > d.count()) {
            throw new IllegalArgumentException("head of dataset '" + d.name() + "': n must be in [0, " + d.count()
                    + "], got " + n);
        }
        return new ImageDataset(d.name() + "[:" + n + "]", Arrays.copyOf(d.pixels(), n * d.dim()),
                Arrays.copyOf(d.labels(), n), n, d.channels(), d.height(), d.width());
    }

    /** Fixed binarization ({@link Binarization#FIXED}): x ≥ 0.5 → 1, else 0. */
    public static ImageDataset binarizeFixed(ImageDataset d) {
        float[] src = d.pixels();
        float[] px = new float[src.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = src[i] >= 0.5f ? 1f : 0f;
        }
        return new ImageDataset(d.name() + "-bin", px, d.labels(), d.count(), d.channels(), d.height(), d.width());
    }

    /** One stochastic binarization, x → Bernoulli(x), drawn once from a seeded stream (e.g. for a test set). */
    public static ImageDataset binarizeStochastic(ImageDataset d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] src = d.pixels();
        float[] px = new float[src.length];
        for (int i = 0; i < px.length; i++) {
            px[i] = rng.nextDouble() < src[i] ? 1f : 0f;
        }
        return new ImageDataset(d.name() + "-sbin" + seed, px, d.labels(), d.count(), d.channels(), d.height(),
                d.width());
    }

    /** Zero-pads every image, centred, to {@code size × size} (e.g. 28 → 32 for architectures needing powers of two). */
    public static ImageDataset pad(ImageDataset d, int size) {
        if (size < d.height() || size < d.width()) {
            throw new IllegalArgumentException("pad dataset '" + d.name() + "' to " + size + ": images are already "
                    + d.height() + "x" + d.width());
        }
        int top = (size - d.height()) / 2;
        int left = (size - d.width()) / 2;
        int c = d.channels();
        int h = d.height();
        int w = d.width();
        float[] px = new float[d.count() * c * size * size];
        float[] src = d.pixels();
        for (int n = 0; n < d.count(); n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    int from = ((n * c + ch) * h + y) * w;
                    int to = ((n * c + ch) * size + y + top) * size + left;
                    System.arraycopy(src, from, px, to, w);
                }
            }
        }
        return new ImageDataset(d.name() + "-pad" + size, px, d.labels(), d.count(), c, size, size);
    }
}
