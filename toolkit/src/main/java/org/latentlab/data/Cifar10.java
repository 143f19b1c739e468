package org.latentlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CIFAR-10 in its "binary version" (Krizhevsky 2009, {@code cifar-10-batches-bin}): each record is 1 label byte
 * (0–9) followed by 3072 pixel bytes, the 1024 red, then 1024 green, then 1024 blue values of a 32×32 image in row-major
 * order; {@code data_batch_1.bin} … {@code data_batch_5.bin} hold the 50,000 training images and
 * {@code test_batch.bin} the 10,000 test images. The data are not fetched by LatentLab: users place the files.
 * Images come as 3×32×32 float32 in [0, 1] (byte / 255), channel-major like PyTorch's tensors.
 */
public final class Cifar10 {
    /** Bytes per record: label + 3·32·32 pixels. */
    public static final int RECORD = 1 + 3 * 32 * 32;
    /** Training batch files, in order. */
    public static final List<String> TRAIN_FILES = List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
            "data_batch_4.bin", "data_batch_5.bin");
    /** The test batch file. */
    public static final String TEST_FILE = "test_batch.bin";

    private Cifar10() {}

    /** Loads the training batches and the test batch from {@code dir} (the {@code cifar-10-batches-bin} folder). */
    public static Mnist.Split load(Path dir) {
        List<Path> missing = new ArrayList<>();
        for (String f : TRAIN_FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                missing.add(dir.resolve(f));
            }
        }
        if (!Files.isRegularFile(dir.resolve(TEST_FILE))) {
            missing.add(dir.resolve(TEST_FILE));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("CIFAR-10 binary files missing: " + missing + "; expected the folder "
                    + "cifar-10-batches-bin of https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
        }
        List<ImageDataset> parts = new ArrayList<>();
        for (String f : TRAIN_FILES) {
            parts.add(readBatch(dir.resolve(f)));
        }
        return new Mnist.Split(concat("cifar10-train", parts), readBatch(dir.resolve(TEST_FILE)));
    }

    /** Reads one batch file; a size that is not a whole number of records or a label outside 0–9 is refused. */
    public static ImageDataset readBatch(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalArgumentException("CIFAR-10 batch " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length == 0 || bytes.length % RECORD != 0) {
            throw new IllegalArgumentException("CIFAR-10 batch " + file + " has " + bytes.length + " bytes, expected a "
                    + "positive multiple of " + RECORD + " (1 label + 3072 pixel bytes per image)");
        }
        int n = bytes.length / RECORD;
        float[] px = new float[n * (RECORD - 1)];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int off = i * RECORD;
            int label = bytes[off] & 0xff;
            if (label > 9) {
                throw new IllegalArgumentException("CIFAR-10 batch " + file + ": record " + i + " has label " + label
                        + ", expected 0–9 (is this the binary version?)");
            }
            labels[i] = label;
            for (int j = 0; j < RECORD - 1; j++) {
                px[i * (RECORD - 1) + j] = (bytes[off + 1 + j] & 0xff) / 255f;
            }
        }
        return new ImageDataset("cifar10-" + file.getFileName(), px, labels, n, 3, 32, 32);
    }

    private static ImageDataset concat(String name, List<ImageDataset> parts) {
        int n = parts.stream().mapToInt(ImageDataset::count).sum();
        float[] px = new float[n * (RECORD - 1)];
        int[] labels = new int[n];
        int at = 0;
        for (ImageDataset d : parts) {
            System.arraycopy(d.pixels(), 0, px, at * (RECORD - 1), d.pixels().length);
            System.arraycopy(d.labels(), 0, labels, at, d.count());
            at += d.count();
        }
        return new ImageDataset(name, px, labels, n, 3, 32, 32);
    }
}
