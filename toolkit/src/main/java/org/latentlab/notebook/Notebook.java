package org.latentlab.notebook;

import org.latentlab.LatentLab;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

import java.awt.image.RenderedImage;

/**
 * The notebook display facade: static, void helpers for notebook cells that work under the rapaio kernel, IJava
 * and JJava (found by reflection), and do nothing but log outside a kernel.
 *
 * <pre>{@code
 * Notebook.show(table);              // HTML table
 * Notebook.show(Plots.history(...)); // Plotly figure, offline
 * Notebook.show(ImageGrid.of(...).image());
 * var progress = Notebook.progress("k = 2");   // live training progress
 * }</pre>
 *
 * <p>The helpers return nothing on purpose: kernels print the value of an expression statement, and a display id
 * would show up as {@code Out[n]: <uuid>}.
 */
public final class Notebook {
    private static volatile Display current;

    private Notebook() {}

    /** The process-wide display, bound to the kernel found on first use. */
    public static Display display() {
        Display d = current;
        if (d == null) {
            synchronized (Notebook.class) {
                d = current;
                if (d == null) {
                    d = new Display(KernelBridge.detect());
                    current = d;
                }
            }
        }
        return d;
    }

    /** Starts over: detects the kernel again and inlines the plotly bundle again with the next figure. */
    public static synchronized void reset() {
        current = null;
    }

    /** Name of the kernel in use: {@code rapaio}, {@code jjava}, {@code ijava} or {@code headless}. */
    public static String kernel() {
        return display().bridge().name();
    }

    /** Quick or full mode, from {@code LATENTLAB_MODE} (quick by default). */
    public static LatentLab.Mode mode() {
        return LatentLab.Mode.current();
    }

    /** Shows a Tablesaw table as HTML. */
    public static void show(Table table) {
        display().show(table);
    }

    /** Shows a Tablesaw table as HTML, at most {@code maxRows} rows. */
    public static void show(Table table, int maxRows) {
        display().show(table, maxRows);
    }

    /** Shows a replication table (every row, with its verdict counts for the report index). */
    public static void show(Replication replication) {
        display().show(replication);
    }

    /** Shows a Tablesaw/Plotly figure, rendered offline. */
    public static void show(Figure figure) {
        display().show(figure);
    }

    /** Shows an image (e.g. an {@code ImageGrid}) as PNG. */
    public static void show(RenderedImage image) {
        display().show(image);
    }

    /** Shows raw HTML. */
    public static void html(String html) {
        display().html(html);
    }

    /** Shows plain text. */
    public static void text(String text) {
        display().text(text);
    }

    /** A training listener that shows progress live (pass it to {@code VaeTrainer.train}). */
    public static TrainingProgress trainingProgress(String title) {
        return new TrainingProgress(display(), title);
    }

    /**
     * The folder for a notebook's cached runs (checkpoints, results): {@code <repo>/runs/<notebook>/<mode>}, so a
     * re-run resumes instead of training again. The repository is {@code $LATENTLAB_HOME}, else the first folder
     * upwards from the working directory that holds {@code data/SHA256SUMS}, else the working directory.
     */
    public static java.nio.file.Path runDir(String notebook) {
        return runDir(notebook, mode());
    }

    /** {@link #runDir(String)} for a given mode (the CLI's {@code --mode}). */
    public static java.nio.file.Path runDir(String notebook, LatentLab.Mode mode) {
        if (notebook == null || notebook.isBlank() || notebook.contains("/") || notebook.contains("..")) {
            throw new IllegalArgumentException("runDir: notebook must be a plain name like '00_getting_started', got '"
                    + notebook + "'");
        }
        return repoRoot().resolve("runs").resolve(notebook).resolve(mode.name().toLowerCase(java.util.Locale.ROOT));
    }

    static java.nio.file.Path repoRoot() {
        String home = System.getenv("LATENTLAB_HOME");
        if (home != null && !home.isBlank()) {
            return java.nio.file.Path.of(home).toAbsolutePath().normalize();
        }
        java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
        for (java.nio.file.Path p = cwd; p != null; p = p.getParent()) {
            if (java.nio.file.Files.isRegularFile(p.resolve("data").resolve("SHA256SUMS"))) {
                return p;
            }
        }
        return cwd;
    }

    /**
     * Progress of long evaluations: pass it as the last argument of e.g. {@code BoundEstimator.logLikelihood} or
     * {@code MutualInformation.estimate}; one output per task, updated in place where the kernel allows.
     */
    public static TaskProgress taskProgress() {
        return display().taskProgress();
    }

    /** A live progress display (updated in place where the kernel allows, else one line per epoch). */
    public static LiveProgress progress(String title) {
        return display().progress(title);
    }
}
