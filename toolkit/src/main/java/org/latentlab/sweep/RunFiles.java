package org.latentlab.sweep;

import com.google.gson.Gson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The run store's file rules, shared by every study's sweep: atomic text writes and a run directory's config. */
public final class RunFiles {
    private RunFiles() {}

    /** Name of the configuration record in a run directory. */
    public static final String CONFIG_FILE = "config.txt";

    /** Writes {@code text} to {@code f} through a temporary file and an atomic rename: never half-written. */
    public static void writeAtomically(Path f, String text) throws IOException {
        try {
            org.latentlab.data.AtomicFiles.writeString(f, text);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Reads a JSON file written by {@link #writeAtomically} into {@code type}.
     *
     * @throws IllegalStateException if the file holds no value (e.g. it is empty)
     */
    public static <T> T readJson(Path f, Gson gson, Class<T> type) {
        try {
            T v = gson.fromJson(Files.readString(f, StandardCharsets.UTF_8), type);
            if (v == null) {
                throw new IllegalStateException("result file " + f + " is empty; delete it to recompute");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    /**
     * Records {@code config} in {@code <runDir>/config.txt} on first use; later, refuses a run directory that was
     * made with another configuration (its cached results would not belong to this one).
     *
     * @throws RunDirectoryMismatchException (an IllegalStateException) naming the directory and both
     *         configurations when they differ
     */
    public static void checkConfig(Path runDir, String config) {
        Path f = runDir.resolve(CONFIG_FILE);
        try {
            if (Files.isRegularFile(f)) {
                String have = Files.readString(f, StandardCharsets.UTF_8);
                if (!have.equals(config)) {
                    throw new RunDirectoryMismatchException("run directory " + runDir + " was made with another "
                            + "configuration:\n" + have + "this run is:\n" + config
                            + "use another run directory or delete it");
                }
            } else {
                writeAtomically(f, config);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + f + " (" + e.getMessage() + ")", e);
        }
    }
}
