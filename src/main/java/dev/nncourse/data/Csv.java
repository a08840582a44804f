package dev.nncourse.data;

import dev.nncourse.linalg.Matrix;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a numeric CSV file into a {@link Dataset}: line 1 holds the column names, every further line one sample,
 * fields separated by commas (no quoting), UTF-8 text, with or without a byte-order mark at its very start (as Excel's
 * "CSV UTF-8" writes it). The named target columns become T, the others X, in file order.
 *
 * <p>A malformed file gets an error naming the file, the line number (from 1, the header being line 1), the field
 * and the offending value, with invisible characters (a tab, a non-breaking space, …) spelled out as U+XXXX. Blank
 * lines are skipped. Only regular files are read (a named pipe or a device is refused before it is opened), and at
 * most {@link #MAX_BYTES} bytes unless the caller passes another limit; a NUL byte ends the reading with an error,
 * since text files have none.
 */
public final class Csv {
    /**
     * The default limit on the size of a CSV file, 256 MiB: room for data sets such as MNIST's 110 MB training set,
     * small enough that a wrong file (an image, a disk dump) is refused before it fills the heap. The numbers take 8
     * bytes each in memory, so up to 4 times the file's size for a file of one-digit numbers; numbers that do not fit
     * in the heap get an error saying so. {@link #read(Path, long, String...)} takes another limit.
     */
    public static final long MAX_BYTES = 256L << 20;

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    /** How many names or characters an error message shows before eliding the rest. */
    private static final int SHOWN = 12, SHOWN_CHARS = 120;

    private Csv() {}

    /** The dataset in {@code file}, with the columns named in {@code targets} as T and all other columns as X. */
    public static Dataset read(Path file, String... targets) { return read(file, MAX_BYTES, targets); }

    /** {@link #read(Path, String...)} for a file of at most {@code maxBytes} bytes (the default is {@link #MAX_BYTES}). */
    public static Dataset read(Path file, long maxBytes, String... targets) {
        requireArguments(file, maxBytes, targets);
        try (BufferedReader in = open(file, maxBytes)) {
            String first = withoutByteOrderMark(in.readLine());
            if (first == null || first.isBlank()) {
                throw new IllegalArgumentException(file + " line 1: " + (first == null ? "the file is empty" : "blank line")
                        + "; expected a header line of column names");
            }
            List<String> header = header(file, first);
            boolean[] isTarget = targetMask(file, header, targets);
            Values x = new Values(file), t = new Values(file);
            int rows = 0;
            long lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) continue;
                parse(file, lineNumber, line, header, isTarget, x, t);
                rows++;
            }
            if (rows == 0) {
                throw new IllegalArgumentException(file + ": the header " + brief(header) + " is followed by no data lines; "
                        + "expected at least one sample");
            }
            return new Dataset(x.matrix(rows), t.matrix(rows));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file (looked for " + file.toAbsolutePath() + ")", e);
        } catch (AccessDeniedException e) {
            throw new UncheckedIOException(file + ": permission denied; expected a readable CSV file", e);
        } catch (CharacterCodingException e) {
            throw new UncheckedIOException(file + " is not UTF-8 text; expected a CSV file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be read (" + e + ")", e);
        }
    }

    private static void requireArguments(Path file, long maxBytes, String[] targets) {
        if (file == null) throw new IllegalArgumentException("Csv.read: expected the path of a CSV file, got null");
        if (maxBytes < 1) throw new IllegalArgumentException("Csv.read: the size limit must be at least 1 byte, got " + maxBytes);
        if (targets == null) throw new IllegalArgumentException("Csv.read: expected the names of the target columns, got null");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] == null) {
                throw new IllegalArgumentException("Csv.read: target " + (i + 1) + " of " + targets.length
                        + " is null; expected a column name");
            }
            if (!seen.add(targets[i])) {
                throw new IllegalArgumentException("Csv.read: target column \"" + visible(targets[i]) + "\" is given twice in "
                        + brief(Arrays.asList(targets)) + "; expected each target column once");
            }
        }
    }

    /** A reader of the UTF-8 text in {@code file}, after checking that it is a regular file within the limit. */
    private static BufferedReader open(Path file, long maxBytes) throws IOException {
        String kind = FileKind.of(file);
        if (kind != null) throw new IllegalArgumentException(file + " is " + kind + ", not a regular file; expected a CSV file");
        long size = Files.size(file);
        if (size > maxBytes) throw tooLarge(file, "is " + size + " bytes", maxBytes);
        InputStream guarded = new Guard(new FileInputStream(file.toFile()), file, maxBytes);
        return new BufferedReader(new InputStreamReader(guarded, StandardCharsets.UTF_8.newDecoder()));
    }

    private static IllegalArgumentException tooLarge(Path file, String size, long maxBytes) {
        return new IllegalArgumentException(file + " " + size + ", more than the limit of " + maxBytes + " bytes for a CSV "
                + "file (Csv.MAX_BYTES, 256 MiB, by default); to read it anyway, pass a larger limit: "
                + "Csv.read(file, maxBytes, targets...)");
    }

    /**
     * The first line without the byte-order mark U+FEFF (the bytes EF BB BF) that Excel's "CSV UTF-8" and other programs
     * put at the start of a UTF-8 file, as pandas skips it; a mark anywhere else is an invisible character and named.
     */
    private static String withoutByteOrderMark(String first) {
        return first != null && first.startsWith("\uFEFF") ? first.substring(1) : first;
    }

    private static List<String> header(Path file, String line) {
        String[] fields = line.split(",", -1);
        if (fields.length == 1) requireCommas(file, line);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int j = 0; j < fields.length; j++) {
            String name = fields[j].strip();
            String where = file + " line 1, field " + (j + 1) + ": ";
            if (name.isEmpty()) {
                throw new IllegalArgumentException(where + "empty column name; expected a header line of column names such "
                        + "as x1,x2,label");
            }
            String odd = oddCharacter(name);
            if (odd != null) {
                throw new IllegalArgumentException(where + "column name \"" + visible(name) + "\" contains " + odd
                        + "; expected a name without invisible characters, quotes or tabs");
            }
            Integer before = index.putIfAbsent(name, j);
            if (before != null) {
                throw new IllegalArgumentException(where + "column name \"" + name + "\" appears twice (fields " + (before + 1)
                        + " and " + (j + 1) + "); expected distinct names");
            }
        }
        return new ArrayList<>(index.keySet());
    }

    /** Throws when a one-column header looks like another separator's: tabs, semicolons or bars instead of commas. */
    private static void requireCommas(Path file, String line) {
        for (String[] sep : new String[][] {{"\t", "tabs", "tab"}, {";", "semicolons", "semicolon"}, {"|", "bars", "bar"}}) {
            if (line.contains(sep[0])) {
                throw new IllegalArgumentException(file + " line 1: \"" + visible(line) + "\" has no commas but " + sep[1]
                        + ", so this looks like a " + sep[2] + "-separated file; expected comma-separated values");
            }
        }
    }

    private static boolean[] targetMask(Path file, List<String> header, String[] targets) {
        if (targets.length == 0) {
            throw new IllegalArgumentException("Csv.read: no target column named; expected one or more of " + brief(header));
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int j = 0; j < header.size(); j++) index.put(header.get(j), j);
        boolean[] mask = new boolean[header.size()];
        for (String t : targets) {
            Integer j = index.get(t);
            if (j == null) {
                throw new IllegalArgumentException(file + ": no column \"" + visible(t) + "\"; the header has " + brief(header)
                        + nearMatch(header, t));
            }
            mask[j] = true;
        }
        if (targets.length >= header.size()) {
            throw new IllegalArgumentException(file + ": every column of " + brief(header) + " is a target; expected at least "
                    + "one input column");
        }
        return mask;
    }

    /** A hint naming a column whose name differs from {@code target} only in case, spaces, quotes or invisible characters. */
    private static String nearMatch(List<String> header, String target) {
        String key = normalized(target);
        for (int j = 0; j < header.size(); j++) {
            if (normalized(header.get(j)).equals(key)) {
                return "; column " + (j + 1) + " is \"" + visible(header.get(j)) + "\", which differs only in case, spaces, "
                        + "quotes or invisible characters";
            }
        }
        return "";
    }

    private static String normalized(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c) && oddCharacter(c) == null)
                .forEach(b::appendCodePoint);
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** Parses one data line, appending its target fields to {@code t} and the others to {@code x}. */
    private static void parse(Path file, long lineNumber, String line, List<String> header, boolean[] isTarget, Values x,
            Values t) {
        String[] fields = line.split(",", -1);
        if (fields.length != header.size()) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": expected " + header.size() + " fields "
                    + brief(header) + ", found " + fields.length + " in \"" + visible(line) + "\"");
        }
        for (int j = 0; j < fields.length; j++) {
            String f = fields[j].strip();
            if (!NUMBER.matcher(f).matches()) {
                boolean special = f.matches("[+-]?(NaN|Infinity|inf|nan)");
                String odd = oddCharacter(f);
                throw new IllegalArgumentException(where(file, lineNumber, j, header) + "\"" + visible(f) + "\" is not "
                        + (special ? "a finite number" : "a number") + (odd == null ? "" : ": it contains " + odd)
                        + "; expected a decimal such as -1.5 or 2e-3");
            }
            double v = Double.parseDouble(f);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(where(file, lineNumber, j, header) + "\"" + f + "\" overflows to " + v
                        + "; expected a finite number");
            }
            (isTarget[j] ? t : x).add(v);
        }
    }

    private static String where(Path file, long lineNumber, int j, List<String> header) {
        return file + " line " + lineNumber + ", field " + (j + 1) + " (" + header.get(j) + "): ";
    }

    /**
     * The numbers of some columns, row by row, in one growing array: 8 bytes a number, with no object per line, and
     * a clear error when they outgrow a matrix or the heap.
     */
    private static final class Values {
        private final Path file;
        private double[] a = new double[1024];
        private int n;

        Values(Path file) { this.file = file; }

        void add(double v) {
            if (n == a.length) a = copy(a, grow());
            a[n++] = v;
        }

        /** The values as a matrix of {@code rows} rows (n is a multiple of rows: every line has every column). */
        Matrix matrix(int rows) {
            double[] exact = n == a.length ? a : copy(a, n);
            a = null;   // the longer array can go before the next column's copy
            return Matrix.wrap(rows, n / rows, exact);
        }

        private int grow() {
            if (n == Matrix.MAX_SIZE) {
                throw new IllegalArgumentException(file + " has more than " + Matrix.MAX_SIZE + " numbers in its input or "
                        + "target columns, more than a matrix can hold");
            }
            return (int) Math.min(Matrix.MAX_SIZE, n + (n >> 1) + 1L);
        }

        private double[] copy(double[] from, int length) {
            try {
                return Arrays.copyOf(from, length);
            } catch (OutOfMemoryError e) {
                Runtime rt = Runtime.getRuntime();
                throw new IllegalArgumentException(file + ": its numbers need more memory than the JVM's heap of "
                        + rt.maxMemory() + " bytes (Runtime.maxMemory()) has free: " + n + " numbers in some of its columns "
                        + "so far, 8 bytes each, and " + 8L * length + " bytes to hold them next; give Java more memory (-Xmx) "
                        + "or read a smaller file");
            }
        }
    }

    // ---------------------------------------------------------------- messages

    /** The first character of {@code s} that a reader cannot see or that CSV treats specially, as "U+00A0 NO-BREAK SPACE". */
    private static String oddCharacter(String s) {
        for (int i = 0; i < s.length(); i = s.offsetByCodePoints(i, 1)) {
            String odd = oddCharacter(s.codePointAt(i));
            if (odd != null) return odd + " at character " + (s.codePointCount(0, i) + 1);
        }
        return null;
    }

    /** A control character, an invisible format character (BOM, zero-width space), a space other than ' ', or a quote. */
    private static String oddCharacter(int c) {
        int type = Character.getType(c);
        boolean odd = Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SPACE_SEPARATOR && c != ' ' || c == '"';
        return odd ? String.format(Locale.ROOT, "U+%04X %s", c, Character.getName(c)) : null;
    }

    /** {@code s} with each odd character written as {@code \}uXXXX, and cut after {@link #SHOWN_CHARS} characters. */
    private static String visible(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (; i < s.length() && b.length() < SHOWN_CHARS; i = s.offsetByCodePoints(i, 1)) {
            int c = s.codePointAt(i);
            if (oddCharacter(c) != null && c != '"') b.append(String.format(Locale.ROOT, "\\u%04X", c));
            else b.appendCodePoint(c);
        }
        return i == s.length() ? b.toString() : b + "… (" + s.length() + " characters)";
    }

    /** The names as a list, with the middle of a long list elided. */
    private static String brief(List<String> names) {
        List<String> shown = names.stream().map(Csv::visible).toList();
        if (names.size() <= SHOWN) return shown.toString();
        return "[" + String.join(", ", shown.subList(0, SHOWN - 2)) + ", …, " + shown.get(names.size() - 1) + "] ("
                + names.size() + " columns)";
    }

    /**
     * Passes bytes on while counting them: more than the limit is an error, and so is a NUL byte, which a text file
     * never holds (the bytes before it are passed on first, so an earlier problem is reported first).
     */
    private static final class Guard extends FilterInputStream {
        private final Path file;
        private final long limit;
        private long bytes;        // bytes passed on so far
        private long line = 1;     // the line those bytes reached
        private boolean nulNext;   // the next byte is a NUL

        Guard(InputStream in, Path file, long limit) {
            super(in);
            this.file = file;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (nulNext) {
                throw new IllegalArgumentException(file + " line " + line + ": a NUL byte (0x00) at byte " + (bytes + 1)
                        + " of the file, so it looks like a binary file; expected UTF-8 text with comma-separated numbers");
            }
            int n = in.read(b, off, len);
            if (bytes == 0 && n >= 2 && isUtf16Mark(b[off], b[off + 1])) {
                throw new UncheckedIOException(file + " is not UTF-8 text but UTF-16: it starts with the byte-order mark "
                        + String.format(Locale.ROOT, "%02X %02X", b[off], b[off + 1]) + "; expected a CSV file in UTF-8 (save "
                        + "it as \"CSV UTF-8\" or plain UTF-8)", new CharacterCodingException());
            }
            for (int i = 0; i < n; i++) {
                if (b[off + i] == 0) {
                    nulNext = true;
                    if (i == 0) return read(b, off, len);   // throws
                    n = i;
                } else if (b[off + i] == '\n') {
                    line++;
                }
            }
            if (n > 0) bytes += n;
            if (bytes > limit) throw tooLarge(file, "has more than " + limit + " bytes", limit);
            return n;
        }

        /** FF FE or FE FF: the byte-order mark of UTF-16 (little- or big-endian), as Excel's "Unicode text" starts. */
        private static boolean isUtf16Mark(byte first, byte second) {
            return first == (byte) 0xFF && second == (byte) 0xFE || first == (byte) 0xFE && second == (byte) 0xFF;
        }

        @Override
        public long skip(long n) { return 0; }   // no byte passes unexamined

        @Override
        public boolean markSupported() { return false; }
    }
}
