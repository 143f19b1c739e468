package org.latentlab.notebook;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The replication table a notebook ends with: each claim of the paper, our number, and a verdict computed from
 * that number. Verdicts: {@link #REPRODUCED}, {@link #NOT_REPRODUCED}, {@link #NA} (the run lacks what the claim
 * needs, e.g. a second k in quick mode), and for claims that give a range {@link #IN_RANGE}, {@link #CLOSE} and
 * {@link #OUT_OF_RANGE} ({@link #range}). The report index counts them as reproduced / not reproduced / n/a, with
 * <i>in range</i> and <i>close</i> counted as reproduced and <i>out of range</i> as not reproduced
 * ({@link #category}).
 *
 * <p>{@link #html()} renders a table whose {@code data-replication} attribute holds the counts
 * ({@code reproduced=5;not reproduced=1;n/a=2}); {@code environment/run-notebooks} reads it from the executed
 * notebook for {@code build/report/index.html}. Show it with {@link Notebook#show(Replication)}.
 *
 * @param title  the table's caption, e.g. "replication check against Peşte, Malagò &amp; Sârbu (SPEC §4(d))"
 * @param checks the rows, in the order shown
 */
public record Replication(String title, List<Check> checks) {
    public static final String REPRODUCED = "reproduced";
    public static final String NOT_REPRODUCED = "not reproduced";
    public static final String NA = "n/a";
    public static final String IN_RANGE = "in range";
    public static final String CLOSE = "close";
    public static final String OUT_OF_RANGE = "out of range";
    /** Every verdict a check may carry. */
    public static final Set<String> VERDICTS = Set.of(REPRODUCED, NOT_REPRODUCED, NA, IN_RANGE, CLOSE, OUT_OF_RANGE);
    /** The categories the report index counts, in its order. */
    public static final List<String> CATEGORIES = List.of(REPRODUCED, NOT_REPRODUCED, NA);

    /**
     * One row: the paper's claim, our number(s) as text, and the verdict.
     *
     * @throws IllegalArgumentException when a field is null or the verdict is not one of {@link #VERDICTS}
     */
    public record Check(String claim, String ours, String verdict) {
        public Check {
            if (claim == null || ours == null || verdict == null) {
                throw new IllegalArgumentException("claim, ours and verdict must not be null, got claim=" + claim
                        + ", ours=" + ours + ", verdict=" + verdict);
            }
            if (!VERDICTS.contains(verdict)) {
                throw new IllegalArgumentException("verdict must be one of " + List.copyOf(VERDICTS) + ", got '"
                        + verdict + "' for claim '" + claim + "'");
            }
        }
    }

    /** @throws IllegalArgumentException when the title or the list is null or a check is null */
    public Replication {
        if (title == null || checks == null || checks.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("title and checks must not be null (nor any check), got title="
                    + title + ", checks=" + checks);
        }
        checks = List.copyOf(checks);
    }

    /** A claim that holds or not: {@link #REPRODUCED} when {@code holds}, else {@link #NOT_REPRODUCED}. */
    public static Check check(String claim, String ours, boolean holds) {
        return new Check(claim, ours, holds ? REPRODUCED : NOT_REPRODUCED);
    }

    /** A claim this run cannot judge: {@link #NA}, with the reason as "ours". */
    public static Check na(String claim, String why) {
        return new Check(claim, why, NA);
    }

    /**
     * A claim that a number lies in [lo, hi]: {@link #IN_RANGE}; within {@code margin} outside it {@link #CLOSE};
     * else (NaN included) {@link #OUT_OF_RANGE}. "Ours" is the value with 4 decimals.
     */
    public static Check range(String claim, double value, double lo, double hi, double margin) {
        String verdict = value >= lo && value <= hi ? IN_RANGE
                : value >= lo - margin && value <= hi + margin ? CLOSE : OUT_OF_RANGE;
        return new Check(claim, String.format(Locale.ROOT, "%.4f", value), verdict);
    }

    /**
     * The index category of a verdict: in range and close count as {@link #REPRODUCED}, out of range as
     * {@link #NOT_REPRODUCED}; the three base verdicts map to themselves.
     *
     * @throws IllegalArgumentException for a verdict outside {@link #VERDICTS}
     */
    public static String category(String verdict) {
        return switch (Objects.requireNonNullElse(verdict, "")) {
            case REPRODUCED, IN_RANGE, CLOSE -> REPRODUCED;
            case NOT_REPRODUCED, OUT_OF_RANGE -> NOT_REPRODUCED;
            case NA -> NA;
            default -> throw new IllegalArgumentException("verdict must be one of " + List.copyOf(VERDICTS)
                    + ", got '" + verdict + "'");
        };
    }

    /** Number of checks per category, in the order of {@link #CATEGORIES} (zeros included). */
    public Map<String, Integer> counts() {
        Map<String, Integer> n = new LinkedHashMap<>();
        CATEGORIES.forEach(c -> n.put(c, 0));
        checks.forEach(c -> n.merge(category(c.verdict()), 1, Integer::sum));
        return n;
    }

    /** The counts as the index reads them: {@code reproduced=5;not reproduced=1;n/a=2}. */
    public String countsAttribute() {
        StringBuilder b = new StringBuilder();
        counts().forEach((k, v) -> b.append(b.length() == 0 ? "" : ";").append(k).append('=').append(v));
        return b.toString();
    }

    /** The checks as a Tablesaw table: columns "paper's claim", "ours", "verdict". */
    public Table table() {
        Table t = Table.create(title, StringColumn.create("paper's claim"), StringColumn.create("ours"),
                StringColumn.create("verdict"));
        for (Check c : checks) {
            t.stringColumn("paper's claim").append(c.claim());
            t.stringColumn("ours").append(c.ours());
            t.stringColumn("verdict").append(c.verdict());
        }
        return t;
    }

    /**
     * The table as HTML (every row), wrapped in a {@code <div class="latentlab-replication"
     * data-replication="…">} that carries {@link #countsAttribute()} for the report index, followed by a line with
     * the counts.
     */
    public String html() {
        Map<String, Integer> n = counts();
        return "<div class=\"latentlab-replication\" data-replication=\"" + Html.escape(countsAttribute()) + "\">"
                + Html.table(table(), Math.max(2, checks.size()))
                + String.format(Locale.ROOT, "<p style=\"margin:4px 0\">%d reproduced, %d not reproduced, %d n/a "
                + "(in range and close count as reproduced, out of range as not reproduced)</p>",
                n.get(REPRODUCED), n.get(NOT_REPRODUCED), n.get(NA))
                + "</div>";
    }
}
