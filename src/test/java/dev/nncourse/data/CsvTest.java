package dev.nncourse.data;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nncourse.linalg.Matrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Csv.read turns a numeric CSV into a Dataset, and names the file, line, field and value of anything malformed. */
class CsvTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    @TempDir Path dir;

    private Path write(String text) throws IOException { return Files.writeString(dir.resolve("data.csv"), text); }

    /** Asserts that reading {@code text} with target column y fails with a message containing every part. */
    private void rejects(String text, String... parts) throws IOException {
        Path f = write(text);
        assertMessage(IAE, () -> Csv.read(f, "y"), parts);
    }

    @Test void readsInputsAndTargetsInFileOrder() throws IOException {
        Path f = write("x1, label ,x2\n0,1,2\n\n-1.5,0,2e-3\n");
        Dataset d = Csv.read(f, "label");
        assertEquals(Matrix.of(new double[][] {{0, 2}, {-1.5, 2e-3}}), d.x());
        assertEquals(Matrix.column(1, 0), d.y());
    }

    @Test void wrongFieldCountNamesLine() throws IOException {
        rejects("x1,x2,y\n1,2,3\n4,5\n", "data.csv line 3", "expected 3 fields [x1, x2, y], found 2", "\"4,5\"");
    }

    @Test void tooManyFieldsNamesLine() throws IOException {
        rejects("x1,y\n1,2\n3,4\n5,6,7\n", "data.csv line 4", "expected 2 fields", "found 3");
    }

    @Test void nonNumericNamesLineFieldAndValue() throws IOException {
        rejects("x1,x2,y\n1,2,3\n4,abc,6\n", "data.csv line 3, field 2 (x2)", "\"abc\" is not a number",
                "expected a decimal");
    }

    @Test void emptyFieldIsNotANumber() throws IOException {
        rejects("x1,y\n1,\n", "line 2, field 2 (y)", "\"\" is not a number");
    }

    @Test void nanValueIsRejected() throws IOException {
        rejects("x1,y\n1,0\nNaN,1\n", "line 3, field 1 (x1)", "\"NaN\" is not a finite number");
    }

    @Test void overflowingValueIsRejected() throws IOException {
        rejects("x1,y\n1e999,0\n", "line 2, field 1 (x1)", "\"1e999\" overflows to Infinity");
    }

    @Test void unknownTargetColumn() throws IOException {
        Path f = write("x1,x2,label\n1,2,3\n");
        assertMessage(IAE, () -> Csv.read(f, "labl"), "no column \"labl\"", "the header has [x1, x2, label]");
    }

    @Test void noTargetNamed() throws IOException {
        Path f = write("x1,y\n1,2\n");
        assertMessage(IAE, () -> Csv.read(f), "no target column named", "[x1, y]");
    }

    @Test void onlyTargetColumns() throws IOException {
        rejects("y\n1\n", "every column of [y] is a target", "at least one input column");
    }

    @Test void duplicateColumnName() throws IOException {
        rejects("x,x,y\n1,2,3\n", "line 1, field 2", "\"x\" appears twice");
    }

    @Test void emptyFile() throws IOException {
        rejects("", "data.csv line 1: the file is empty", "expected a header line");
    }

    @Test void headerWithoutData() throws IOException {
        rejects("x1,y\n\n", "followed by no data lines", "at least one sample");
    }

    @Test void missingFile() {
        Path f = dir.resolve("nope.csv");
        assertMessage(UncheckedIOException.class, () -> Csv.read(f, "y"), "nope.csv: no such file", f.toAbsolutePath().toString());
    }

    @Test void directoryInsteadOfFile() {
        assertMessage(IAE, () -> Csv.read(dir, "y"), dir + " is a directory", "expected a CSV file");
    }

    @Test void pathThroughARegularFile() throws IOException {
        Path f = write("x,y\n1,2\n").resolve("inner.csv");
        assertMessage(UncheckedIOException.class, () -> Csv.read(f, "y"), "inner.csv", "cannot be read");
    }

    @Test void notUtf8() throws IOException {
        Path f = Files.write(dir.resolve("bin.csv"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertMessage(UncheckedIOException.class, () -> Csv.read(f, "y"), "bin.csv is not UTF-8 text");
    }
}
