package org.latentlab.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads MNIST (LeCun et al. 1998) and Fashion-MNIST (Xiao et al. 2017) from the local data cache, verifying every
 * file's SHA-256 against the manifest {@code data/SHA256SUMS}.
 *
 * <p>Cache layout: {@code <cache>/mnist/<name>} (uncompressed IDX) and {@code <cache>/fashion-mnist/<name>.gz}.
 * The cache directory is found by, in order: system property {@code latentlab.data}, environment
 * {@code LATENTLAB_DATA}, {@code $LATENTLAB_HOME/data/cache}, then walking up from the working directory to the
 * first folder holding {@code data/SHA256SUMS} and using its {@code data/cache}. The manifest is looked up next to
 * the cache ({@code <cache>/../SHA256SUMS}, {@code <cache>/SHA256SUMS}), then by the same upward walk; if none is
 * found the copy bundled in the jar (identical content) is used. Pixels are scaled to [0, 1] (byte / 255).
 */
public final class Mnist {
    private static final Logger LOG = LoggerFactory.getLogger(Mnist.class);
    private static final String[] FILES = {
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
    /** Files already verified in this process: path → size:mtime when verified. */
    private static final Map<Path, String> VERIFIED = new ConcurrentHashMap<>();
    /** Splits already loaded in this process, released under memory pressure. */
    private static final Map<String, java.lang.ref.SoftReference<Split>> LOADED = new ConcurrentHashMap<>();

    private Mnist() {}

    /** The two variants, with their folder in the cache. */
    public enum Variant {
        MNIST("mnist", ""), FASHION_MNIST("fashion-mnist", ".gz");

        private final String folder;
        private final String suffix;

        Variant(String folder, String suffix) {
            this.folder = folder;
            this.suffix = suffix;
        }

        /** Folder name under the cache directory. */
        public String folder() {
            return folder;
        }

        /** Path of one file relative to the cache directory, e.g. {@code mnist/train-images-idx3-ubyte}. */
        String relative(String base) {
            return folder + "/" + base + suffix;
        }
    }

    /** The standard train (60 000 images) and test (10 000 images) split, 1×28×28, labels 0..9. */
    public record Split(ImageDataset train, ImageDataset test) {}

    /** Loads a variant from the resolved cache directory (see class doc). */
    public static Split load(Variant v) {
        return load(v, cacheDir());
    }

    /**
     * Loads a variant from the given cache directory, verifying checksums. Repeated loads in one process return the
     * same (softly cached) split while the files are unchanged: treat its arrays as read-only (the
     * {@link Datasets} transformations copy).
     */
    public static Split load(Variant v, Path cacheDir) {
        Map<String, String> manifest = manifest(cacheDir);
        String key = v + "@" + cacheDir.toAbsolutePath().normalize();
        Path[] paths = new Path[4];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String rel = v.relative(FILES[i]);
            paths[i] = cacheDir.resolve(rel);
            if (!Files.isRegularFile(paths[i])) {
                missing.add(paths[i].toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new DataMissingException(v + " data missing from cache " + cacheDir + ": " + missing
                    + ". Run data/fetch (or set -Dlatentlab.data / LATENTLAB_DATA to a filled cache).");
        }
        for (int i = 0; i < 4; i++) {
            verify(paths[i], v.relative(FILES[i]), manifest);
        }
        java.lang.ref.SoftReference<Split> ref = LOADED.get(key);
        Split cached = ref == null ? null : ref.get();
        if (cached != null) {
            return cached;
        }
        try {
            ImageDataset train = dataset(v, "train", paths[0], paths[1]);
            ImageDataset test = dataset(v, "test", paths[2], paths[3]);
            Split split = new Split(train, test);
            LOADED.put(key, new java.lang.ref.SoftReference<>(split));
            return split;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ImageDataset dataset(Variant v, String part, Path images, Path labels) throws IOException {
        Idx.Images im = Idx.readImages(images);
        int[] lab = Idx.readLabels(labels);
        if (lab.length != im.count()) {
            throw new IOException("IDX files " + images + " and " + labels + " disagree: " + im.count()
                    + " images but " + lab.length + " labels");
        }
        String name = v.folder() + "-" + part;
        return new ImageDataset(name, im.toUnitFloats(), lab, im.count(), 1, im.rows(), im.cols());
    }

    /** The cache directory, resolved as described in the class documentation. */
    public static Path cacheDir() {
        String prop = System.getProperty("latentlab.data");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop);
        }
        String env = System.getenv("LATENTLAB_DATA");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        String home = System.getenv("LATENTLAB_HOME");
        if (home != null && !home.isBlank()) {
            return Paths.get(home, "data", "cache");
        }
        Path root = findRepoRoot();
        if (root != null) {
            return root.resolve("data").resolve("cache");
        }
        throw new DataMissingException("cannot find the data cache: set -Dlatentlab.data=DIR or LATENTLAB_DATA, or "
                + "set LATENTLAB_HOME, or run from inside the LatentLab checkout (a folder with data/SHA256SUMS); "
                + "then run data/fetch");
    }

    private static Path findRepoRoot() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("data").resolve("SHA256SUMS"))) {
                return p;
            }
            p = p.getParent();
        }
        return null;
    }

    /** Parses the manifest that applies to this cache: relative path → lower-case hex SHA-256. */
    static Map<String, String> manifest(Path cacheDir) {
        List<Path> candidates = new ArrayList<>();
        Path abs = cacheDir.toAbsolutePath();
        if (abs.getParent() != null) {
            candidates.add(abs.getParent().resolve("SHA256SUMS"));
        }
        candidates.add(abs.resolve("SHA256SUMS"));
        Path root = findRepoRoot();
        if (root != null) {
            candidates.add(root.resolve("data").resolve("SHA256SUMS"));
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                try {
                    return parseManifest(Files.readString(c, StandardCharsets.UTF_8), c.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read checksum manifest " + c, e);
                }
            }
        }
        try (InputStream in = Mnist.class.getResourceAsStream("SHA256SUMS")) {
            if (in == null) {
                throw new DataMissingException("no checksum manifest: looked for " + candidates
                        + " and the copy bundled in the jar");
            }
            LOG.debug("using the checksum manifest bundled in the jar (none found at {})", candidates);
            return parseManifest(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled SHA256SUMS");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> parseManifest(String text, String source) {
        Map<String, String> m = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            String[] parts = t.split("\\s+\\*?", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F]{64}")) {
                throw new IllegalStateException("checksum manifest " + source + " line " + lineNo
                        + ": expected '<64 hex digits>  <path>', got '" + t + "'");
            }
            m.put(parts[1], parts[0].toLowerCase());
        }
        return m;
    }

    private static void verify(Path file, String rel, Map<String, String> manifest) {
        String expected = manifest.get(rel);
        if (expected == null) {
            throw new IllegalStateException("checksum manifest has no entry for " + rel + " (file " + file + ")");
        }
        try {
            String stamp = Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis() + ":" + expected;
            if (stamp.equals(VERIFIED.get(file.toAbsolutePath()))) {
                return;
            }
            String actual = sha256(file);
            if (!actual.equals(expected)) {
                throw new DataMissingException("checksum mismatch for " + file + ": SHA-256 " + actual
                        + ", expected " + expected + " (data/SHA256SUMS). Delete it and run data/fetch.");
            }
            VERIFIED.put(file.toAbsolutePath(), stamp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) {
                    md.update(buf, 0, r);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
