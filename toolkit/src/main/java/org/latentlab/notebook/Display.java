package org.latentlab.notebook;

import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Notebook output through one {@link KernelBridge}: tables as HTML, Plotly figures offline (bundle once per
 * instance), images as PNG, and live progress. {@link Notebook} holds the process-wide instance; tests build their
 * own with a recording bridge.
 */
public final class Display {
    /** Rows shown by {@link #show(Table)} before the middle is elided. */
    public static final int DEFAULT_MAX_ROWS = 40;

    private final KernelBridge bridge;
    private final PlotlyHtml plotly = new PlotlyHtml();

    /** Output through the given bridge. */
    public Display(KernelBridge bridge) {
        this.bridge = Objects.requireNonNull(bridge, "bridge");
    }

    /** The bridge in use. */
    public KernelBridge bridge() {
        return bridge;
    }

    /** The figure renderer (knows whether the plotly bundle was already emitted). */
    public PlotlyHtml plotly() {
        return plotly;
    }

    /** Shows HTML; returns its display id (null without a kernel or where the kernel gives none). */
    public String html(String html) {
        return bridge.display(KernelBridge.HTML, Objects.requireNonNull(html, "html"));
    }

    /** Replaces an earlier HTML output in place; false where that is not possible. */
    public boolean updateHtml(String displayId, String html) {
        return bridge.update(displayId, KernelBridge.HTML, html);
    }

    /** Shows plain text (logged at INFO without a kernel). */
    public String text(String text) {
        return bridge.display(KernelBridge.TEXT, String.valueOf(text));
    }

    /** Shows a table (at most {@value #DEFAULT_MAX_ROWS} rows). */
    public String show(Table table) {
        return show(table, DEFAULT_MAX_ROWS);
    }

    /** Shows a table with at most {@code maxRows} rows (head and tail of longer tables). */
    public String show(Table table, int maxRows) {
        return html(Html.table(table, maxRows));
    }

    /** Shows a replication table with its machine-readable verdict counts ({@link Replication#html()}). */
    public String show(Replication replication) {
        return html(Objects.requireNonNull(replication, "replication").html());
    }

    /** Shows a Plotly figure, drawn offline. */
    public String show(Figure figure) {
        return html(plotly.render(figure));
    }

    /** Shows an image as PNG. */
    public String show(RenderedImage image) {
        return bridge.display(KernelBridge.PNG, png(image));
    }

    /** Progress of long evaluations (IS, MI, probes, bounds), one in-place output per task. */
    public TaskProgress taskProgress() {
        return new TaskProgress(this, System::nanoTime);
    }

    /** A live progress display titled {@code title}. */
    public LiveProgress progress(String title) {
        return new LiveProgress(this, title, System::nanoTime);
    }

    /** PNG encoding of an image. */
    public static byte[] png(RenderedImage image) {
        Objects.requireNonNull(image, "image");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer available for " + image.getClass().getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    /** Decodes PNG bytes (for tests and round trips). */
    public static BufferedImage readPng(byte[] png) {
        try {
            BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(png));
            if (img == null) {
                throw new IllegalArgumentException("bytes are not a readable PNG image (" + png.length + " bytes)");
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException("PNG decoding failed", e);
        }
    }
}
