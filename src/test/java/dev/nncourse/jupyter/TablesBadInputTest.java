package dev.nncourse.jupyter;

import static dev.nncourse.TestSupport.assertMessage;

import org.junit.jupiter.api.Test;

/** A missing table is named, not a NullPointerException from inside Tablesaw. */
class TablesBadInputTest {
    @Test void nullTable() {
        assertMessage(IllegalArgumentException.class, () -> Tables.html(null), "Tables.html: expected a table, got null");
    }
}
