package dev.nncourse.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class TablesTest {
    private static Table numbers(int n) {
        return Table.create("numbers").addColumns(IntColumn.create("n", IntStream.range(0, n).map(i -> 1000 + i).toArray()));
    }

    private static int bodyRows(String html) {
        Matcher m = Pattern.compile("<td>").matcher(html);
        int cells = 0;
        while (m.find()) cells++;
        return cells;
    }

    @Test
    void aShortTableIsShownWhole() {
        String html = Tables.html(numbers(Tables.MAX_ROWS));
        assertEquals(20, bodyRows(html));
        assertTrue(html.contains("<th>n</th>") || html.contains(">n</th>"), html);
        assertTrue(html.contains("1000") && html.contains("1019"));
        assertFalse(html.contains("of 20 rows"));
    }

    @Test
    void aLongTableIsCutToItsFirstAndLastTenRowsWithANote() {
        String html = Tables.html(numbers(50));
        assertEquals(20, bodyRows(html));
        for (int i = 0; i < 10; i++) assertTrue(html.contains(">" + (1000 + i) + "<"), "head row " + i);
        for (int i = 40; i < 50; i++) assertTrue(html.contains(">" + (1000 + i) + "<"), "tail row " + i);
        for (int i = 10; i < 40; i++) assertFalse(html.contains(">" + (1000 + i) + "<"), "middle row " + i + " is cut");
        assertTrue(html.contains("numbers: first and last 10 of 50 rows"), html);
    }
}
