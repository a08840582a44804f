package dev.nncourse.linalg;

import java.util.List;
import java.util.Locale;

/** What a new matrix needs before its array is allocated: a shape that can exist, and the memory for it. */
final class Allocation {
    private Allocation() {}

    /** Throws unless r ≥ 1, c ≥ 1 and r·c ≤ {@link Matrix#MAX_SIZE}, computed without overflow; returns r·c. */
    static int requireShape(String op, long rows, long cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(op + ": shape must be at least 1×1, got " + rows + "×" + cols);
        }
        boolean exact = rows <= Integer.MAX_VALUE && cols <= Integer.MAX_VALUE;   // then r·c does not overflow a long
        if (!exact || rows * cols > Matrix.MAX_SIZE) {
            throw new IllegalArgumentException(op + ": shape " + rows + "×" + cols + " would have "
                    + (exact ? rows * cols : "more than " + Matrix.MAX_SIZE) + " entries, more than the " + Matrix.MAX_SIZE
                    + " a Java array can hold");
        }
        return (int) (rows * cols);
    }

    /** A zero array for an r×c matrix, refused with the sizes named when it cannot exist or does not fit the heap. */
    static double[] doubles(String op, long rows, long cols) {
        int n = requireShape(op, rows, cols);
        Runtime rt = Runtime.getRuntime();
        if (n > 1 << 20 && 8L * n > rt.maxMemory()) {
            throw outOfMemory(op, rows, cols, "more than the JVM's whole heap of " + bytes(rt.maxMemory()));
        }
        try {
            return new double[n];
        } catch (OutOfMemoryError e) {
            throw outOfMemory(op, rows, cols, "more than the " + bytes(rt.maxMemory() - rt.totalMemory() + rt.freeMemory())
                    + " free in the JVM's heap of " + bytes(rt.maxMemory()));
        }
    }

    private static IllegalArgumentException outOfMemory(String op, long rows, long cols, String than) {
        return new IllegalArgumentException(op + ": shape " + rows + "×" + cols + " needs " + bytes(8 * rows * cols)
                + " of memory, " + than + " (Runtime.maxMemory()); use a smaller shape or give Java more memory (-Xmx)");
    }

    private static String bytes(long n) {
        return String.format(Locale.ROOT, "%d bytes (%.1f GiB)", n, n / (double) (1L << 30));
    }

    /** Throws unless {@code values} is a non-empty array of rows of one length ≥ 1; returns that length. */
    static int requireRectangular(double[][] values) {
        if (Require.given("of", "an array of rows", values).length == 0) {
            throw new IllegalArgumentException("of: expected at least one row and one column, got an empty array");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) throw new IllegalArgumentException("of: row " + i + " is null; expected an array of numbers");
        }
        int c = values[0].length;
        for (int i = 1; i < values.length; i++) {
            if (values[i].length == c) continue;
            throw new IllegalArgumentException(c == 0
                    ? "of: row 0 is empty but row " + i + " has " + values[i].length + " entries; expected every row to have "
                            + "the same number of entries, at least 1"
                    : values[i].length == 0 ? "of: row " + i + " is empty; expected " + c + " entries like row 0"
                    : "of: row " + i + " has " + values[i].length + " entries, expected " + c + " like row 0");
        }
        if (c == 0) {
            throw new IllegalArgumentException("of: expected at least one row and one column, got " + values.length
                    + (values.length == 1 ? " empty row" : " empty rows"));
        }
        return c;
    }

    /** Throws unless the blocks are given, not null, and all have the first one's column count; returns Σ rows. */
    static long stackedRows(List<Matrix> blocks) {
        if (Require.given("stack", "a list of matrices", blocks).isEmpty()) {
            throw new IllegalArgumentException("stack: no blocks given");
        }
        long r = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Matrix b = blocks.get(i);
            if (b == null) throw new IllegalArgumentException("stack: block " + i + " (counting from 0) is null; expected a matrix");
            if (b.cols() != blocks.get(0).cols()) {
                throw new IllegalArgumentException("stack: block " + b.shape() + " has " + b.cols() + " columns, expected "
                        + blocks.get(0).cols() + " like the first block");
            }
            r += b.rows();
        }
        return r;
    }
}
