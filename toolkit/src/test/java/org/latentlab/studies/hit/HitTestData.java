package org.latentlab.studies.hit;

import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.probes.ProbeKind;

import java.util.SplittableRandom;

/** Synthetic inputs for the HIT tests: binary 28×28 "digits" (a class-dependent bar plus noise) and result grids. */
final class HitTestData {
    private HitTestData() {}

    /** n binary images whose label c (0..9) lights row band c; other pixels on with probability 0.05. */
    static ImageDataset images(String name, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] px = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 10;
            labels[i] = c;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                boolean band = row >= 2 + 2 * c && row < 4 + 2 * c;
                px[i * 784 + p] = band || r.nextDouble() < 0.05 ? 1f : 0f;
            }
        }
        return new ImageDataset(name, px, labels, n, 1, 28, 28);
    }

    static Mnist.Split split(int train, int test) {
        return new Mnist.Split(images("synthetic-train", train, 1), images("synthetic-test", test, 2));
    }

    /** A result with the given numbers; accuracies all {@code acc}, Î(z1) = Î(z2) = mi, H = log 10. */
    static HitResult result(double b1, double b2, double r2, double r1, double psnr, double is, double mi,
                            double acc) {
        double[] a = new double[ProbeKind.values().length];
        java.util.Arrays.fill(a, acc);
        return new HitResult(b1, b2, r2, r1, 100 - psnr, psnr, is, 0.1, is / 2, 2, mi, mi, Math.log(10), a, a, 0,
                1000, 100, 1, 1);
    }
}
