package org.latentlab.notebook;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.List;

/** HTML rendering of Tablesaw tables and text for notebook output. */
public final class Html {
    private Html() {}

    /** Escapes {@code & < > " '} for HTML text and attribute values. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The table as an HTML {@code <table>} with its name as caption. Numeric columns are right-aligned. With more
     * than {@code maxRows} rows, the first and last {@code maxRows/2} are shown around an ellipsis row.
     */
    public static String table(Table t, int maxRows) {
        if (t == null) {
            throw new IllegalArgumentException("table must not be null");
        }
        if (maxRows < 2) {
            throw new IllegalArgumentException("maxRows must be >= 2, got " + maxRows);
        }
        List<Column<?>> cols = t.columns();
        StringBuilder b = new StringBuilder(256 + 64 * t.rowCount() * Math.max(1, cols.size()));
        b.append("<table class=\"latentlab-table\" style=\"border-collapse:collapse;font-size:13px\">");
        if (t.name() != null && !t.name().isBlank()) {
            b.append("<caption style=\"caption-side:top;text-align:left;font-weight:bold;white-space:nowrap\">")
                    .append(escape(t.name())).append("</caption>");
        }
        b.append("<thead><tr>");
        for (Column<?> c : cols) {
            b.append("<th style=\"text-align:").append(align(c))
                    .append(";padding:2px 8px;border-bottom:1px solid #888\">").append(escape(c.name())).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        int n = t.rowCount();
        boolean cut = n > maxRows;
        int head = cut ? maxRows / 2 : n;
        for (int r = 0; r < head; r++) {
            row(b, cols, r);
        }
        if (cut) {
            b.append("<tr><td colspan=\"").append(cols.size())
                    .append("\" style=\"text-align:center;color:#888\">… ").append(n - 2 * (maxRows / 2))
                    .append(" more rows …</td></tr>");
            for (int r = n - maxRows / 2; r < n; r++) {
                row(b, cols, r);
            }
        }
        b.append("</tbody></table>");
        return b.toString();
    }

    private static String align(Column<?> c) {
        return isNumeric(c) ? "right" : "left";
    }

    private static boolean isNumeric(Column<?> c) {
        return c instanceof tech.tablesaw.api.NumericColumn<?>;
    }

    private static void row(StringBuilder b, List<Column<?>> cols, int r) {
        b.append("<tr>");
        for (Column<?> c : cols) {
            String text;
            if ((c instanceof tech.tablesaw.api.DoubleColumn || c instanceof tech.tablesaw.api.FloatColumn)
                    && !c.isMissing(r)) {
                text = number(((Number) c.get(r)).doubleValue());
            } else {
                text = c.getString(r);
            }
            b.append("<td style=\"text-align:").append(isNumeric(c) ? "right" : "left")
                    .append(";padding:2px 8px\">").append(escape(text)).append("</td>");
        }
        b.append("</tr>");
    }

    /**
     * Compact number text: integers as integers, otherwise 5 significant digits (scientific notation below
     * 1e-4 or from 1e6 on); NaN as an en dash.
     */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e9) {
            return Long.toString((long) v);
        }
        if (a >= 1e-4 && a < 1e6) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(5)).stripTrailingZeros()
                    .toPlainString();
        }
        return String.format(java.util.Locale.ROOT, "%.4e", v);
    }

    /** Preformatted text block. */
    public static String pre(String text) {
        return "<pre style=\"margin:0\">" + escape(text) + "</pre>";
    }
}
