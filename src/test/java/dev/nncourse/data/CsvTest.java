package dev.nncourse.data;

import static dev.nncourse.TestSupport.assertMessage;
import static dev.nncourse.TestSupport.fifo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
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

    /**
     * Csv.read on anything that is not a small text file: special files are refused before they are opened (a FIFO would
     * block for ever, /dev/zero never ends), the size is bounded, binary content and invisible characters are named, and
     * a wide header is checked in linear time.
     */
    @Nested
    class SpecialInput {
        private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
        /** Far longer than any of these reads takes, far shorter than for ever: only a hang or a quadratic scan fails it. */
        private static final Duration HANG = Duration.ofSeconds(60);
        @TempDir Path dir;

        private Path write(String text) throws IOException { return Files.writeString(dir.resolve("data.csv"), text); }

        private void rejects(String text, String... parts) throws IOException {
            Path f = write(text);
            assertMessage(IAE, () -> Csv.read(f, "y"), parts);
        }

        private static void withoutHanging(Executable call) { assertTimeoutPreemptively(HANG, call); }

        // ---------------------------------------------------------------- not a regular file

        @Test void aNamedPipeIsRefusedWithoutBlocking() throws Exception {
            Path f = fifo(dir.resolve("pipe.csv"));
            withoutHanging(() -> assertMessage(IAE, () -> Csv.read(f, "y"), "pipe.csv is a named pipe (FIFO), not a regular file",
                    "expected a CSV file"));
        }

        @Test void aDeviceIsRefusedWithoutReading() {
            withoutHanging(() -> assertMessage(IAE, () -> Csv.read(Path.of("/dev/zero"), "y"),
                    "/dev/zero is a character device, not a regular file"));
        }

        @Test void aLinkToADeviceIsRefusedToo() throws IOException {
            Path link = Files.createSymbolicLink(dir.resolve("zero.csv"), Path.of("/dev/zero"));
            withoutHanging(() -> assertMessage(IAE, () -> Csv.read(link, "y"), "zero.csv is a character device"));
        }

        // ---------------------------------------------------------------- size

        @Test void aSparseFileBeyondTheDefaultLimitIsRefusedBeforeReading() throws IOException {
            Path f = dir.resolve("huge.csv");
            Files.writeString(f, "x,y\n1,2\n");
            try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
                r.setLength(Csv.MAX_BYTES + 1);   // sparse: no disk space, no time
            }
            withoutHanging(() -> assertMessage(IAE, () -> Csv.read(f, "y"), "is 268435457 bytes",
                    "more than the limit of 268435456 bytes", "Csv.read(file, maxBytes, targets...)"));
            assertEquals(256L << 20, Csv.MAX_BYTES);
        }

        @Test void theCallerCanSetTheLimit() throws IOException {
            Path f = write("x,y\n1,2\n3,4\n");   // 12 bytes
            assertMessage(IAE, () -> Csv.read(f, 11, "y"), "is 12 bytes", "more than the limit of 11 bytes");
            assertEquals(Matrix.column(2, 4), Csv.read(f, 12, "y").y());
            assertMessage(IAE, () -> Csv.read(f, 0, "y"), "the size limit must be at least 1 byte, got 0");
        }

        // ---------------------------------------------------------------- binary content

        @Test void nulBytesAfterAValidHeaderAreNamedAtOnce() throws IOException {
            byte[] b = Arrays.copyOf("x,y\n".getBytes(StandardCharsets.US_ASCII), 4 + (1 << 20));   // then 1 MiB of NUL bytes
            Path f = Files.write(dir.resolve("nul.csv"), b);
            assertMessage(IAE, () -> Csv.read(f, "y"), "nul.csv line 2: a NUL byte (0x00) at byte 5", "looks like a binary file");
        }

        @Test void aNulByteInTheDataIsNamedWithItsLine() throws IOException {
            rejects("x,y\n1,2\n3\u0000,4\n", "line 3: a NUL byte (0x00) at byte 10");
        }

        @Test void anEarlierProblemIsReportedBeforeALaterNul() throws IOException {
            rejects("x,y\n1,oops\n\u0000", "line 2, field 2 (y): \"oops\" is not a number");
        }

        // ---------------------------------------------------------------- invisible characters and separators

        @Test void aByteOrderMarkAtTheStartIsSkippedAsExcelWritesIt() throws IOException {
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};   // Excel's "CSV UTF-8": a BOM and CRLF line ends
            byte[] text = "x,y\r\n1,2\r\n3,4\r\n".getBytes(StandardCharsets.UTF_8);
            byte[] file = Arrays.copyOf(bom, bom.length + text.length);
            System.arraycopy(text, 0, file, bom.length, text.length);
            Path f = Files.write(dir.resolve("excel.csv"), file);
            Dataset d = Csv.read(f, "y");
            assertEquals(Matrix.column(1, 3), d.x());
            assertEquals(Matrix.column(2, 4), d.y());
            assertEquals(Matrix.column(2, 4), Csv.read(f, "x").x(), "the first column is named x, not \uFEFFx");
        }

        @Test void aByteOrderMarkAnywhereElseIsNamed() throws IOException {
            rejects("\uFEFF\uFEFFx,y\n1,2\n", "line 1, field 1", "U+FEFF ZERO WIDTH NO-BREAK SPACE at character 1");
            rejects("x,\uFEFFy\n1,2\n", "line 1, field 2", "U+FEFF");
            rejects("x,y\n\uFEFF1,2\n", "line 2, field 1 (x)", "is not a number: it contains U+FEFF");
            rejects("\uFEFF\n1,2\n", "line 1: blank line", "expected a header line");
        }

        @Test void utf16TextIsNamed() throws IOException {
            Path f = Files.write(dir.resolve("unicode.csv"), "\uFEFFx,y\n1,2\n".getBytes(StandardCharsets.UTF_16LE));
            assertMessage(UncheckedIOException.class, () -> Csv.read(f, "y"), "unicode.csv is not UTF-8 text but UTF-16",
                    "byte-order mark FF FE", "expected a CSV file in UTF-8");
            Path g = Files.write(dir.resolve("big.csv"), "x,y\n1,2\n".getBytes(StandardCharsets.UTF_16));   // FE FF first
            assertMessage(UncheckedIOException.class, () -> Csv.read(g, "y"), "big.csv is not UTF-8 text but UTF-16",
                    "byte-order mark FE FF");
        }

        @Test void aTabSeparatedFileIsNamed() throws IOException {
            rejects("x\ty\n1\t2\n", "line 1: \"x\\u0009y\" has no commas but tabs", "tab-separated", "expected comma-separated");
        }

        @Test void aSemicolonSeparatedFileIsNamed() throws IOException {
            rejects("x;y\n1,5;2\n", "has no commas but semicolons", "semicolon-separated");
        }

        @Test void aNonBreakingSpaceInAValueIsNamed() throws IOException {
            rejects("x,y\n1,\u00a02\n", "line 2, field 2 (y): \"\\u00A02\" is not a number",
                    "it contains U+00A0 NO-BREAK SPACE at character 1");
        }

        @Test void aNonBreakingSpaceInANameIsNamed() throws IOException {
            rejects("x,\u00a0y\n1,2\n", "line 1, field 2: column name \"\\u00A0y\" contains U+00A0 NO-BREAK SPACE");
        }

        @Test void aZeroWidthSpaceIsNamed() throws IOException {
            rejects("x,y\n1,2\u200b\n", "\"2\\u200B\" is not a number", "U+200B ZERO WIDTH SPACE at character 2");
        }

        @Test void quotedNamesAreNamed() throws IOException {
            rejects("\"x\",\"y\"\n1,2\n", "column name \"\"x\"\" contains U+0022 QUOTATION MARK");
        }

        @Test void aTargetThatDiffersOnlyInCaseGetsAHint() throws IOException {
            Path f = write("x,Label\n1,2\n");
            assertMessage(IAE, () -> Csv.read(f, "label"), "no column \"label\"", "column 2 is \"Label\"", "differs only in case");
        }

        // ---------------------------------------------------------------- targets

        @Test void theSameTargetTwiceIsNamed() throws IOException {
            Path two = write("x,y\n1,2\n");
            assertMessage(IAE, () -> Csv.read(two, "y", "y"), "target column \"y\" is given twice", "[y, y]");
            Path three = Files.writeString(dir.resolve("three.csv"), "x,z,y\n1,2,3\n");
            assertMessage(IAE, () -> Csv.read(three, "y", "z", "y"), "target column \"y\" is given twice", "[y, z, y]");
        }

        @Test void missingArguments() throws IOException {
            Path f = write("x,y\n1,2\n");
            assertMessage(IAE, () -> Csv.read(null, "y"), "Csv.read: expected the path of a CSV file, got null");
            assertMessage(IAE, () -> Csv.read(f, (String[]) null), "expected the names of the target columns, got null");
            assertMessage(IAE, () -> Csv.read(f, "x", null), "target 2 of 2 is null");
        }

        // ---------------------------------------------------------------- wide files

        @Test void aWideHeaderIsCheckedInLinearTime() throws IOException {
            int n = 300_000;   // a quadratic duplicate check compares 4.5e10 pairs here: minutes, not seconds
            StringBuilder s = new StringBuilder();
            for (int j = 0; j < n; j++) s.append(j == 0 ? "c0" : ",c" + j);
            s.append('\n');
            for (int j = 0; j < n; j++) s.append(j == 0 ? "1" : ",2");
            s.append('\n');
            Path f = write(s.toString());
            Dataset d = assertTimeoutPreemptively(HANG, () -> Csv.read(f, "c0"));
            assertEquals(n - 1, d.x().cols());
            assertEquals(Matrix.row(1), d.y());
        }

        @Test void messagesAboutWideFilesStayShort() throws IOException {
            StringBuilder s = new StringBuilder("c0");
            for (int j = 1; j < 1000; j++) s.append(",c").append(j);
            s.append("\n1,2\n");
            Path f = write(s.toString());
            IllegalArgumentException e = assertMessage(IAE, () -> Csv.read(f, "c0"), "line 2: expected 1000 fields",
                    "(1000 columns)",
                    "found 2 in \"1,2\"");
            assertTrue(e.getMessage().length() < 500, e.getMessage());
            assertFalse(e.getMessage().contains("c500"), e.getMessage());
        }
    }

    /** A file is read whatever the thread's interrupt flag (a stop button may leave it set), and the flag is kept. */
    @Test void aReadWorksWithTheInterruptFlagSetAndKeepsIt() throws IOException {
        Path f = Files.writeString(dir.resolve("d.csv"), "x,y\n1,2\n3,4\n");
        try {
            Thread.currentThread().interrupt();
            Dataset d = Csv.read(f, "y");
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(2, d.size());
        } finally {
            Thread.interrupted();
        }
    }
}
