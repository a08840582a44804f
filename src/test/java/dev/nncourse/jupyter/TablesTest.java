package dev.nncourse.jupyter;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

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

    @Test
    void numbersKeepFourSignificantDigitsPlainBetweenATenThousandthAndTenThousand() {
        assertEquals("0.6688", Tables.number(0.6687999203449386));
        assertEquals("-2", Tables.number(-2.0));
        assertEquals("0.5", Tables.number(0.5));
        assertEquals("1235", Tables.number(1234.5678));
        assertEquals("0.0001", Tables.number(1e-4));
        assertEquals("9.999", Tables.number(9.99949));
        assertEquals("10", Tables.number(9.9996));
    }

    @Test
    void tinyAndHugeNumbersGetAPowerOfTenInsteadOfADigitString() {
        assertEquals("1.915e-174", Tables.number(1.9151695967140057E-174));
        assertEquals("2.04e-5", Tables.number(0.000020401996941300157));
        assertEquals("-9.002e-11", Tables.number(-0.00000000009001982492762295));
        assertEquals("1.235e4", Tables.number(12345.678));
        assertEquals("1e300", Tables.number(1e300));
        assertEquals("4.941e-324", Tables.number(Double.MIN_VALUE));
    }

    @Test
    void zeroNaNAndInfinitiesAreNamed() {
        assertEquals("0", Tables.number(0.0));
        assertEquals("0", Tables.number(-0.0));
        assertEquals("NaN", Tables.number(Double.NaN));
        assertEquals("∞", Tables.number(Double.POSITIVE_INFINITY));
        assertEquals("-∞", Tables.number(Double.NEGATIVE_INFINITY));
    }

    @Test
    void floatingPointColumnsAreRoundedInTheHtmlAndNaNIsShown() {
        Table t = Table.create("t").addColumns(DoubleColumn.create("loss", 0.36023812257842897, Double.NaN, 2.04e-5),
                FloatColumn.create("f", new float[] {0.1f, 2f, 3f}), IntColumn.create("epoch", 1, 2, 3));
        String html = Tables.html(t);
        for (String cell : new String[] {"0.3602", "NaN", "2.04e-5", "0.1", "2", "3"}) {
            assertTrue(html.contains("<td>" + cell + "</td>"), cell + " in " + html);
        }
        assertFalse(html.contains("0.36023812257842897") || html.contains("0.100000001"), html);
        assertEquals(0.36023812257842897, t.doubleColumn("loss").get(0), "the table itself is not changed");
    }

    @Test
    void theTextFormRoundsTheSameWay() {
        Table t = Table.create("t").addColumns(DoubleColumn.create("p", 1.9151695967140057E-174, Double.NaN));
        String text = Tables.text(t);
        assertTrue(text.contains("1.915e-174") && text.contains("NaN"), text);
        assertFalse(text.contains("0000000000"), text);
    }

    @Test
    void aColumnsOwnPrintFormatterIsKept() {
        DoubleColumn c = DoubleColumn.create("rms", 0.96123, 0.08);
        c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
        String html = Tables.html(Table.create("t").addColumns(c));
        assertTrue(html.contains("<td>0.961</td>") && html.contains("<td>0.080</td>"), html);
    }

    @Test
    void textIsStillEscaped() {
        Table t = Table.create("t").addColumns(tech.tablesaw.api.StringColumn.create("share with |a| > 4", "<b>"));
        String html = Tables.html(t);
        assertTrue(html.contains("&gt; 4") && html.contains("&lt;b&gt;"), html);
    }

    @Test void nullTable() {
        assertMessage(IllegalArgumentException.class, () -> Tables.html(null), "Tables.html: expected a table, got null");
    }
}
