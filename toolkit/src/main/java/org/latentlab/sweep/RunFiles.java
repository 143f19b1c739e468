package org.latentlab.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file habits of a resumable run directory, shared by every study's sweep: atomic text writes (a reader never
 * sees a half-written file) and the {@code config.txt} guard that refuses to mix two configurations in one directory.
 */
public final class RunFiles {
    /** Name of the configuration record in a run directory. */
    public static final String CONFIG_FILE = "config.txt";

    private RunFiles() {}

    /** Writes {@code text} (UTF-8) to {@code f} through a temporary file in the same folder and an atomic move. */
    public static void writeAtomically(Path f, String text) throws IOException {
        Path dir = f.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + f.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Records {@code config} in {@code runDir/config.txt} on first use; later, throws {@link IllegalStateException}
     * naming the directory and both configurations if the recorded one differs.
     */
    public static void checkConfig(Path runDir, String config) {
        Path f = runDir.resolve(CONFIG_FILE);
        try {
            if (Files.isRegularFile(f)) {
                String have = Files.readString(f, StandardCharsets.UTF_8);
                if (!have.equals(config)) {
                    throw new IllegalStateException("run directory " + runDir + " was made with another "
                            + "configuration:\n" + have + "this run is:\n" + config
                            + "use another run directory or delete it");
                }
            } else {
                writeAtomically(f, config);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + f, e);
        }
    }
}
