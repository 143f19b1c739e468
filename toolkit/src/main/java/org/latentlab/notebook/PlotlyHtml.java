package org.latentlab.notebook;

import tech.tablesaw.plotly.components.Figure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders Tablesaw/Plotly figures as self-contained HTML for notebook output, fully offline.
 *
 * <p>The plotly.js bundle (webjar {@code org.webjars.bower:plotly.js}, {@value #BUNDLE_RESOURCE}) is inlined into
 * the first figure this instance renders; later figures only call {@code Plotly.newPlot}. While the bundle runs,
 * {@code window.define} is hidden so that require.js (loaded by the classic Notebook and nbconvert's HTML template)
 * does not capture plotly as an anonymous AMD module ("Plotly is not defined"). Tablesaw's own {@code Page}
 * template is not used because it loads plotly from a CDN.
 */
public final class PlotlyHtml {
    /** Class-path resource of the plotly bundle. */
    public static final String BUNDLE_RESOURCE = "META-INF/resources/webjars/plotly.js/1.54.1/dist/plotly.min.js";
    /** Marker comment that starts the inlined bundle (tests count it). */
    public static final String BUNDLE_MARKER = "<!-- latentlab: plotly.js bundle -->";

    private static final AtomicLong COUNTER = new AtomicLong();
    private boolean bundleEmitted;

    /** True once this instance has emitted the bundle. */
    public synchronized boolean bundleEmitted() {
        return bundleEmitted;
    }

    /** Forget that the bundle was emitted (e.g. after a kernel restart cleared the page). */
    public synchronized void reset() {
        bundleEmitted = false;
    }

    /** HTML for one figure: the bundle on first use, a div, and a script that draws into it. */
    public String render(Figure figure) {
        if (figure == null) {
            throw new IllegalArgumentException("figure must not be null");
        }
        // Tablesaw names a JS variable after the div ("target_" + div): the id must be a JS identifier.
        String div = "latentlab_plot_" + Long.toString(System.nanoTime(), 36) + "_" + COUNTER.incrementAndGet();
        StringBuilder b = new StringBuilder();
        synchronized (this) {
            if (!bundleEmitted) {
                b.append(bundleHtml());
                bundleEmitted = true;
            }
        }
        b.append(figure.divString(div));
        b.append("<script>(function(){\n");
        b.append("if (typeof window.Plotly === 'undefined') {")
                .append(" document.getElementById('").append(div).append("').textContent = ")
                .append("'plotly.js is not loaded on this page: re-run the notebook from the top (Notebook.reset()).';")
                .append(" return; }\n");
        b.append(stripScriptTags(figure.asJavascript(div)));
        b.append("\n})();</script>");
        return b.toString();
    }

    private static String stripScriptTags(String js) {
        String s = js.trim();
        if (s.startsWith("<script>")) {
            s = s.substring("<script>".length());
        }
        if (s.endsWith("</script>")) {
            s = s.substring(0, s.length() - "</script>".length());
        }
        return s;
    }

    /** The bundle wrapped so that require.js does not capture it. */
    static String bundleHtml() {
        return BUNDLE_MARKER
                + "<script>window.__latentlabDefine = window.define; window.define = undefined;</script>\n"
                + "<script>" + Bundle.JS + "</script>\n"
                + "<script>window.define = window.__latentlabDefine; delete window.__latentlabDefine;</script>\n";
    }

    /** Lazily loaded bundle text (about 3.4 MB). */
    private static final class Bundle {
        static final String JS = load();

        private static String load() {
            ClassLoader cl = PlotlyHtml.class.getClassLoader();
            try (InputStream in = cl.getResourceAsStream(BUNDLE_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("plotly bundle " + BUNDLE_RESOURCE + " is not on the class path: "
                            + "add org.webjars.bower:plotly.js to it");
                }
                String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                // An inline script ends at the first "</script"; the bundle must not contain one.
                return js.replace("</script", "<\\/script");
            } catch (IOException e) {
                throw new IllegalStateException("cannot read plotly bundle " + BUNDLE_RESOURCE, e);
            }
        }
    }
}
