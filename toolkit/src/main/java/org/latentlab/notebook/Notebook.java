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

    /** A live progress display (updated in place where the kernel allows, else one line per epoch). */
    public static LiveProgress progress(String title) {
        return display().progress(title);
    }
}
