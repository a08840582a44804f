package dev.nncourse.data;

import dev.nncourse.linalg.Matrix;

/**
 * Class labels c ∈ {0, …, k − 1} and their encodings. A data set holds labels either as an n×1 column of integers
 * (what the generators of {@link Datasets} return) or as n×k one-hot rows (what softmax cross-entropy trains on).
 */
public final class Labels {
    private Labels() {}

    /** The n×k one-hot encoding of an n×1 column of labels: Y_ic = 1 where c is the label of sample i, else 0. */
    public static Matrix oneHot(Matrix labels, int classes) {
        if (classes < 2) throw new IllegalArgumentException("Labels.oneHot: expected at least 2 classes, got " + classes);
        int[] c = column("Labels.oneHot", given("Labels.oneHot", "a column of labels", labels), classes);
        Matrix y = Matrix.zeros(c.length, classes);
        for (int i = 0; i < c.length; i++) y.set(i, c[i], 1);
        return y;
    }

    /**
     * The labels of n samples as ints: from an n×1 column of integer labels as they are, or from n×k one-hot (or
     * class-probability) rows as the column of each row's largest entry, which must be unique.
     */
    public static int[] of(Matrix targets) { return of("Labels.of", targets); }

    /**
     * {@link #of(Matrix)} for the library's own methods: its errors begin with {@code op}, the name of the public
     * method that was called (such as "Accuracy.of"), so that an error names what the learner called.
     */
    public static int[] of(String op, Matrix targets) {
        if (given(op, "targets", targets).cols() == 1) return column(op, targets, Integer.MAX_VALUE);
        int[] c = argmax(op, targets);
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < targets.cols(); j++) {
                if (j != c[i] && targets.get(i, j) == targets.get(i, c[i])) {
                    throw new IllegalArgumentException(op + ": target row " + i + " has its largest value "
                            + targets.get(i, j) + " in columns " + c[i] + " and " + j + "; expected one-hot rows");
                }
            }
        }
        return c;
    }

    /** The number of classes in {@code labels}: 1 + the largest label. */
    public static int count(int[] labels) {
        if (labels == null) throw new IllegalArgumentException("Labels.count: expected an array of labels, got null");
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("Labels.count: label " + labels[i] + " at index " + i + " is not a class "
                        + "0, 1, …; expected labels ≥ 0");
            }
            k = Math.max(k, labels[i] + 1);
        }
        return k;
    }

    /**
     * For each row i, the column c_i = argmax_j S_ij of its largest score: the predicted class when S holds logits or
     * probabilities. Ties go to the first column. A row with a NaN score is an error.
     */
    public static int[] argmax(Matrix scores) { return argmax("Labels.argmax", scores); }

    /** {@link #argmax(Matrix)} for the library's own methods: errors begin with {@code op}, as in {@link #of(String, Matrix)}. */
    public static int[] argmax(String op, Matrix scores) {
        given(op, "scores", scores);
        int[] c = new int[scores.rows()];
        for (int i = 0; i < scores.rows(); i++) {
            for (int j = 0; j < scores.cols(); j++) {
                double s = scores.get(i, j);
                if (Double.isNaN(s)) {
                    throw new IllegalArgumentException(op + ": score (" + i + ", " + j + ") is NaN; expected numbers");
                }
                if (s > scores.get(i, c[i])) c[i] = j;
            }
        }
        return c;
    }

    private static Matrix given(String op, String what, Matrix m) {
        if (m == null) throw new IllegalArgumentException(op + ": expected " + what + ", got null");
        return m;
    }

    /** The entries of an n×1 column, each an integer in [0, limit), as ints. */
    private static int[] column(String op, Matrix labels, int limit) {
        if (labels.cols() != 1) {
            throw new IllegalArgumentException(op + ": expected an n×1 column of class labels, got " + labels.shape());
        }
        int[] c = new int[labels.rows()];
        for (int i = 0; i < c.length; i++) {
            double v = labels.at(i);
            if (!(v >= 0 && v < limit && v == Math.rint(v))) {
                throw new IllegalArgumentException(op + ": label " + v + " in row " + i + " is not a class 0, 1, …"
                        + (limit == Integer.MAX_VALUE ? "" : ", " + (limit - 1)) + "; expected integer class labels");
            }
            c[i] = (int) v;
        }
        return c;
    }
}
