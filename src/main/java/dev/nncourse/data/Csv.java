package dev.nncourse.data;

import dev.nncourse.linalg.Matrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a numeric CSV file into a {@link Dataset}: line 1 holds the column names, every further line one sample,
 * fields separated by commas (no quoting). The named target columns become T, the others X, in file order.
 *
 * <p>A malformed file gets an error naming the file, the line number (from 1, the header being line 1), the field
 * and the offending value. Blank lines are skipped.
 */
public final class Csv {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Csv() {}

    /** The dataset in {@code file}, with the columns named in {@code targets} as T and all other columns as X. */
    public static Dataset read(Path file, String... targets) {
        List<String> lines = lines(file);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalArgumentException(file + " line 1: " + (lines.isEmpty() ? "the file is empty" : "blank line")
                    + "; expected a header line of column names");
        }
        List<String> header = header(file, lines.get(0));
        boolean[] isTarget = targetMask(file, header, targets);
        List<double[]> xs = new ArrayList<>(), ts = new ArrayList<>();
        for (int l = 1; l < lines.size(); l++) {
            if (lines.get(l).isBlank()) continue;
            double[] row = parse(file, l + 1, lines.get(l), header);
            xs.add(select(row, isTarget, false));
            ts.add(select(row, isTarget, true));
        }
        if (xs.isEmpty()) {
            throw new IllegalArgumentException(file + ": the header " + header + " is followed by no data lines; expected "
                    + "at least one sample");
        }
        return new Dataset(Matrix.of(xs.toArray(double[][]::new)), Matrix.of(ts.toArray(double[][]::new)));
    }

    private static List<String> lines(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a directory; expected a CSV file");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
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

    private static List<String> header(Path file, String line) {
        List<String> names = Arrays.stream(line.split(",", -1)).map(String::strip).toList();
        for (int j = 0; j < names.size(); j++) {
            if (names.get(j).isEmpty()) {
                throw new IllegalArgumentException(file + " line 1, field " + (j + 1) + ": empty column name; expected a "
                        + "header line of column names such as x1,x2,label");
            }
            if (names.indexOf(names.get(j)) != j) {
                throw new IllegalArgumentException(file + " line 1, field " + (j + 1) + ": column name \"" + names.get(j)
                        + "\" appears twice; expected distinct names");
            }
        }
        return names;
    }

    private static boolean[] targetMask(Path file, List<String> header, String[] targets) {
        if (targets.length == 0) {
            throw new IllegalArgumentException("Csv.read: no target column named; expected one or more of " + header);
        }
        boolean[] mask = new boolean[header.size()];
        for (String t : targets) {
            int j = header.indexOf(t);
            if (j < 0) throw new IllegalArgumentException(file + ": no column \"" + t + "\"; the header has " + header);
            mask[j] = true;
        }
        if (targets.length >= header.size()) {
            throw new IllegalArgumentException(file + ": every column of " + header + " is a target; expected at least "
                    + "one input column");
        }
        return mask;
    }

    private static double[] parse(Path file, int lineNumber, String line, List<String> header) {
        String[] fields = line.split(",", -1);
        if (fields.length != header.size()) {
            throw new IllegalArgumentException(file + " line " + lineNumber + ": expected " + header.size() + " fields "
                    + header + ", found " + fields.length + " in \"" + line + "\"");
        }
        double[] row = new double[fields.length];
        for (int j = 0; j < fields.length; j++) {
            String f = fields[j].strip();
            String where = file + " line " + lineNumber + ", field " + (j + 1) + " (" + header.get(j) + "): ";
            if (!NUMBER.matcher(f).matches()) {
                boolean special = f.matches("[+-]?(NaN|Infinity|inf|nan)");
                throw new IllegalArgumentException(where + "\"" + f + "\" is not " + (special ? "a finite number" : "a number")
                        + "; expected a decimal such as -1.5 or 2e-3");
            }
            row[j] = Double.parseDouble(f);
            if (!Double.isFinite(row[j])) {
                throw new IllegalArgumentException(where + "\"" + f + "\" overflows to " + row[j] + "; expected a finite number");
            }
        }
        return row;
    }

    private static double[] select(double[] row, boolean[] isTarget, boolean targets) {
        double[] out = new double[row.length];
        int n = 0;
        for (int j = 0; j < row.length; j++) if (isTarget[j] == targets) out[n++] = row[j];
        return Arrays.copyOf(out, n);
    }
}
