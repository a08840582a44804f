package dev.nncourse.jupyter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.html.HtmlWriteOptions;

/** Tablesaw tables as HTML for notebook output. */
public final class Tables {
    /** Tables longer than this show their first and last {@code MAX_ROWS / 2} rows only. */
    public static final int MAX_ROWS = 20;

    private Tables() {}

    /** The table as an HTML {@code <table>}; a long one is cut to its head and tail, with a note of how many rows it has. */
    public static String html(Table table) {
        if (table == null) throw new IllegalArgumentException("Tables.html: expected a table, got null");
        int n = table.rowCount();
        Table shown = n <= MAX_ROWS ? table : table.first(MAX_ROWS / 2).append(table.last(MAX_ROWS / 2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        shown.write().usingOptions(HtmlWriteOptions.builder(out).build());
        String html = out.toString(StandardCharsets.UTF_8);
        return n <= MAX_ROWS ? html
                : html + "\n<p><em>" + table.name() + ": first and last " + MAX_ROWS / 2 + " of " + n + " rows</em></p>";
    }
}
