package dev.nncourse.check;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The outcome of a gradient check: one row per parameter with its largest absolute error, its norm-wise relative error
 * and its per-entry relative error (see {@link NumericGradient#relativeError} and
 * {@link NumericGradient#entryRelativeError}). A check passes when both relative errors are below the tolerance: the
 * norm-wise one alone lets an error in a small entry hide behind the large entries.
 */
public final class GradientReport {
    /**
     * One parameter's comparison of the analytic against the numeric gradient: max |a − n|, the norm-wise relative error,
     * the per-entry relative error, and where the worst entry is ({@code "(i, j): analytic A, numeric N"}).
     */
    public record Row(String parameter, String shape, double maxAbsError, double relativeError, double entryError,
            String worstEntry) {
        /** A row whose per-entry error is not known separately: taken to be the norm-wise one. */
        public Row(String parameter, String shape, double maxAbsError, double relativeError) {
            this(parameter, shape, maxAbsError, relativeError, relativeError, "");
        }

        /** The larger of the two relative errors (NaN if either is): what a check compares with its tolerance. */
        public double worstError() {
            return Double.isNaN(relativeError) || Double.isNaN(entryError) ? Double.NaN : Math.max(relativeError, entryError);
        }
    }

    private final List<Row> rows;

    public GradientReport(List<Row> rows) { this.rows = List.copyOf(rows); }

    public List<Row> rows() { return rows; }

    /** The worst norm-wise relative error over all parameters. */
    public double maxRelativeError() { return max(rows.stream().mapToDouble(Row::relativeError).toArray()); }

    /** The worst per-entry relative error over all parameters. */
    public double maxEntryError() { return max(rows.stream().mapToDouble(Row::entryError).toArray()); }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            if (Double.isNaN(v)) return Double.NaN;
            m = Math.max(m, v);
        }
        return m;
    }

    /** True when every parameter's relative errors, norm-wise and per entry, are below {@code tolerance}. */
    public boolean passes(double tolerance) {
        return rows.stream().allMatch(r -> r.worstError() < tolerance);
    }

    /**
     * Returns this report if every relative error, norm-wise and per entry, is below {@code tolerance}, and throws naming
     * the failures otherwise (with the worst entry of each).
     */
    public GradientReport requireBelow(double tolerance) {
        List<Row> bad = rows.stream().filter(r -> !(r.worstError() < tolerance)).collect(Collectors.toList());
        if (!bad.isEmpty()) {
            throw new IllegalStateException("gradient check failed: relative error not below " + tolerance + " for "
                    + bad.stream().map(GradientReport::describe).collect(Collectors.joining(", ")));
        }
        return this;
    }

    private static String describe(Row r) {
        String s = String.format(Locale.ROOT, "%s (%.3e", r.parameter(), r.relativeError());
        if (r.entryError() != r.relativeError() || !r.worstEntry().isEmpty()) {
            s += String.format(Locale.ROOT, "; per entry %.3e", r.entryError());
            if (!r.worstEntry().isEmpty()) s += " at " + r.worstEntry();
        }
        return s + ")";
    }

    /** The report as a Tablesaw table: parameter, shape, max |a − n|, relative error, per-entry relative error. */
    public Table toTable() {
        return Table.create("gradient check").addColumns(
                StringColumn.create("parameter", rows.stream().map(Row::parameter).toArray(String[]::new)),
                StringColumn.create("shape", rows.stream().map(Row::shape).toArray(String[]::new)),
                DoubleColumn.create("max |a − n|", rows.stream().mapToDouble(Row::maxAbsError).toArray()),
                DoubleColumn.create("relative error", rows.stream().mapToDouble(Row::relativeError).toArray()),
                DoubleColumn.create("per entry", rows.stream().mapToDouble(Row::entryError).toArray()));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Gradient check: max relative error %.3e, per entry %.3e", maxRelativeError(), maxEntryError()));
        int width = Math.max(10, rows.stream().mapToInt(r -> r.parameter().length()).max().orElse(0));
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "%n  %-" + width + "s %-7s max|a-n| %.3e  rel %.3e  entry %.3e",
                    r.parameter(), r.shape(), r.maxAbsError(), r.relativeError(), r.entryError()));
        }
        return s.toString();
    }
}
