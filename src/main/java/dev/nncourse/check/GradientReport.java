package dev.nncourse.check;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The outcome of a gradient check: one row per parameter with its largest absolute and relative error. */
public final class GradientReport {
    /** One parameter's comparison of the analytic against the numeric gradient. */
    public record Row(String parameter, String shape, double maxAbsError, double relativeError) {}

    private final List<Row> rows;

    public GradientReport(List<Row> rows) { this.rows = List.copyOf(rows); }

    public List<Row> rows() { return rows; }

    /** The worst relative error over all parameters. */
    public double maxRelativeError() { return rows.stream().mapToDouble(Row::relativeError).max().orElse(0); }

    /** True when every parameter's relative error is below {@code tolerance}. */
    public boolean passes(double tolerance) { return maxRelativeError() < tolerance; }

    /** Returns this report if every relative error is below {@code tolerance}, and throws naming the failures otherwise. */
    public GradientReport requireBelow(double tolerance) {
        List<Row> bad = rows.stream().filter(r -> !(r.relativeError() < tolerance)).collect(Collectors.toList());
        if (!bad.isEmpty()) {
            throw new IllegalStateException("gradient check failed: relative error not below " + tolerance + " for "
                    + bad.stream().map(r -> String.format(Locale.ROOT, "%s (%.3e)", r.parameter(), r.relativeError()))
                            .collect(Collectors.joining(", ")));
        }
        return this;
    }

    /** The report as a Tablesaw table: parameter, shape, max |a − n|, relative error. */
    public Table toTable() {
        return Table.create("gradient check").addColumns(
                StringColumn.create("parameter", rows.stream().map(Row::parameter).toArray(String[]::new)),
                StringColumn.create("shape", rows.stream().map(Row::shape).toArray(String[]::new)),
                DoubleColumn.create("max |a − n|", rows.stream().mapToDouble(Row::maxAbsError).toArray()),
                DoubleColumn.create("relative error", rows.stream().mapToDouble(Row::relativeError).toArray()));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Gradient check: max relative error %.3e", maxRelativeError()));
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "%n  %-10s %-7s max|a-n| %.3e  rel %.3e", r.parameter(), r.shape(),
                    r.maxAbsError(), r.relativeError()));
        }
        return s.toString();
    }
}
