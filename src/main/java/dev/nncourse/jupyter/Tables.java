package dev.nncourse.jupyter;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.html.HtmlWriteOptions;

/**
 * Tablesaw tables as HTML for notebook output: long tables cut to their head and tail, and floating-point numbers
 * rounded to {@link #SIGNIFICANT_DIGITS} significant digits, so that a table fits the notebook's output area.
 */
public final class Tables {
    /** Tables longer than this show their first and last {@code MAX_ROWS / 2} rows only. */
    public static final int MAX_ROWS = 20;
    /** Significant digits of a floating-point number in a table. */
    public static final int SIGNIFICANT_DIGITS = 4;

    private static final MathContext ROUND = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);

    private Tables() {}

    /**
     * The table as an HTML {@code <table>}; a long one is cut to its head and tail, with a note of how many rows it
     * has. A double or float column shows {@link #number} of each value, unless it was given a print formatter of its
     * own ({@code setPrintFormatter}), which is kept.
     */
    public static String html(Table table) {
        if (table == null) throw new IllegalArgumentException("Tables.html: expected a table, got null");
        int n = table.rowCount();
        Table shown = n <= MAX_ROWS ? table : table.first(MAX_ROWS / 2).append(table.last(MAX_ROWS / 2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        rounded(shown).write().usingOptions(HtmlWriteOptions.builder(out).build());
        String html = out.toString(StandardCharsets.UTF_8);
        return n <= MAX_ROWS ? html
                : html + "\n<p><em>" + table.name() + ": first and last " + MAX_ROWS / 2 + " of " + n + " rows</em></p>";
    }

    /** The table as text, its floating-point numbers rounded as in {@link #html} (every row: text is not cut). */
    public static String text(Table table) { return rounded(table).print(); }

    /**
     * x rounded to {@link #SIGNIFICANT_DIGITS} significant digits, without trailing zeros: plain for
     * 10⁻⁴ ≤ |x| &lt; 10⁴ ({@code 0.6688}, {@code -2}, {@code 1235}), otherwise with a power of ten ({@code 2.04e-5},
     * {@code 1.915e-174}, {@code 1.235e4}); {@code 0}, {@code NaN}, {@code ∞} and {@code -∞} as such.
     */
    public static String number(double x) {
        if (Double.isNaN(x)) return "NaN";
        if (Double.isInfinite(x)) return x > 0 ? "∞" : "-∞";
        if (x == 0) return "0";
        BigDecimal r = new BigDecimal(x).round(ROUND).stripTrailingZeros();
        int exponent = r.precision() - r.scale() - 1;   // r = d.ddd × 10^exponent
        if (exponent >= -4 && exponent < 4) return r.toPlainString();
        return r.movePointLeft(exponent).toPlainString() + "e" + exponent;
    }

    /** A copy in which every double or float column with Tablesaw's default formatting is {@link #number} text. */
    private static Table rounded(Table table) {
        Table copy = Table.create(table.name());
        for (Column<?> c : table.columns()) {
            boolean floating = c instanceof DoubleColumn || c instanceof FloatColumn;
            copy.addColumns(floating && defaultFormatted(c) ? text(c) : c.copy());
        }
        return copy;
    }

    /** True if every value prints as it would in a fresh column of its type (so no own formatter was set). */
    private static boolean defaultFormatted(Column<?> c) {
        Column<?> fresh = c instanceof FloatColumn ? FloatColumn.create("fresh", 1) : DoubleColumn.create("fresh", 1);
        for (int i = 0; i < c.size(); i++) {
            if (c.isMissing(i)) continue;
            if (fresh instanceof FloatColumn) ((FloatColumn) fresh).set(0, (float) value(c, i));
            else ((DoubleColumn) fresh).set(0, value(c, i));
            if (!c.getString(i).equals(fresh.getString(0))) return false;
        }
        return true;
    }

    private static StringColumn text(Column<?> c) {
        String[] cells = new String[c.size()];
        for (int i = 0; i < cells.length; i++) cells[i] = number(value(c, i));
        return StringColumn.create(c.name(), cells);
    }

    private static double value(Column<?> c, int i) {
        return c instanceof FloatColumn ? ((FloatColumn) c).getFloat(i) : ((DoubleColumn) c).getDouble(i);
    }
}
