package dev.nncourse.linalg;

import java.util.Locale;

/** Formats a {@link Matrix} for notebooks: its shape on the first line, then aligned rows, eliding the middle of big ones. */
final class MatrixFormat {
    private static final int MAX_SHOWN = 8;   // rows or columns shown before eliding with "…"

    private MatrixFormat() {}

    static String format(Matrix m) {
        int[] rs = shown(m.rows()), cs = shown(m.cols());
        String[][] cells = new String[rs.length][cs.length];
        int width = 1;
        for (int a = 0; a < rs.length; a++) {
            for (int b = 0; b < cs.length; b++) {
                cells[a][b] = rs[a] < 0 || cs[b] < 0 ? "…" : number(m.get(rs[a], cs[b]));
                width = Math.max(width, cells[a][b].length());
            }
        }
        StringBuilder s = new StringBuilder("Matrix ").append(m.shape());
        for (String[] row : cells) {
            s.append("\n[");
            for (int b = 0; b < row.length; b++) {
                s.append(b == 0 ? "" : " ").append(" ".repeat(width - row[b].length())).append(row[b]);
            }
            s.append(']');
        }
        return s.toString();
    }

    /** The indices to show: all of them, or the first and last few with −1 standing for the elided middle. */
    private static int[] shown(int n) {
        if (n <= MAX_SHOWN) return java.util.stream.IntStream.range(0, n).toArray();
        int h = MAX_SHOWN / 2;
        int[] idx = new int[MAX_SHOWN + 1];
        for (int k = 0; k < h; k++) {
            idx[k] = k;
            idx[h + 1 + k] = n - h + k;
        }
        idx[h] = -1;
        return idx;
    }

    private static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e6) return String.format(Locale.ROOT, "%.0f", x);
        double a = Math.abs(x);
        return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(Locale.ROOT, "%.4e", x) : String.format(Locale.ROOT, "%.6f", x);
    }
}
