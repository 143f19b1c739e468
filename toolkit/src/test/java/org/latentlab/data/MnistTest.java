package org.latentlab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MnistTest {
    @Test
    void loadsBothVariantsFromTheVerifiedCache() {
        for (Mnist.Variant v : Mnist.Variant.values()) {
            Mnist.Split s = Mnist.load(v);
            assertEquals(60000, s.train().count(), v.name());
            assertEquals(10000, s.test().count(), v.name());
            assertEquals(784, s.train().dim());
            int[] counts = new int[10];
            for (int l : s.train().labels()) counts[l]++;
            for (int c : counts) assertTrue(c > 5000 && c < 7000, v + " class count " + c);
            float max = 0;
            for (float p : s.test().pixels()) {
                assertTrue(p >= 0f && p <= 1f);
                max = Math.max(max, p);
            }
            assertEquals(1f, max, 0f);
        }
        // the well-known first labels of the MNIST training set
        assertArrayEquals(new int[] {5, 0, 4, 1, 9}, java.util.Arrays.copyOf(
                Mnist.load(Mnist.Variant.MNIST).train().labels(), 5));
    }

    @Test
    void bundledManifestMatchesTheRepositoryManifest() throws IOException {
        String repo = System.getProperty("latentlab.repo");
        Path manifest = repo != null ? Paths.get(repo, "data", "SHA256SUMS") : Paths.get("..", "data", "SHA256SUMS");
        String text = Files.readString(manifest);
        Map<String, String> m = Mnist.parseManifest(text, manifest.toString());
        assertEquals(8, m.size());
        assertEquals("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                m.get("mnist/train-images-idx3-ubyte"));
        try (var in = Mnist.class.getResourceAsStream("SHA256SUMS")) {
            assertEquals(text, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void checksumMismatchAndMissingFilesAreNamed(@TempDir Path tmp) throws IOException {
        Path cache = tmp.resolve("cache");
        Path mnist = Files.createDirectories(cache.resolve("mnist"));
        Mnist.Split real = null;
        // Write tiny but well-formed IDX files with a manifest that lists wrong hashes for one of them.
        Files.write(mnist.resolve("train-images-idx3-ubyte"), IdxTest.images(Idx.IMAGES_MAGIC, 2, 28, 28, 0));
        Files.write(mnist.resolve("train-labels-idx1-ubyte"), IdxTest.labels(2));
        Files.write(mnist.resolve("t10k-images-idx3-ubyte"), IdxTest.images(Idx.IMAGES_MAGIC, 1, 28, 28, 0));
        Files.write(mnist.resolve("t10k-labels-idx1-ubyte"), IdxTest.labels(1));
        StringBuilder sums = new StringBuilder();
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"}) {
            String h = Mnist.sha256(mnist.resolve(f));
            if (f.startsWith("t10k-labels")) h = "0".repeat(64);
            sums.append(h).append("  mnist/").append(f).append('\n');
        }
        Files.writeString(tmp.resolve("SHA256SUMS"), sums.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Mnist.load(Mnist.Variant.MNIST, cache));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte") && e.getMessage().contains("checksum"),
                e.getMessage());

        // fix the manifest: now the tiny set loads
        Files.writeString(tmp.resolve("SHA256SUMS"), sums.toString().replace("0".repeat(64),
                Mnist.sha256(mnist.resolve("t10k-labels-idx1-ubyte"))));
        real = Mnist.load(Mnist.Variant.MNIST, cache);
        assertEquals(2, real.train().count());
        assertEquals(1, real.test().count());

        e = assertThrows(IllegalStateException.class, () -> Mnist.load(Mnist.Variant.FASHION_MNIST, cache));
        assertTrue(e.getMessage().contains("data/fetch") && e.getMessage().contains("train-images-idx3-ubyte.gz"),
                e.getMessage());
    }
}
