package dev.nncourse.eval;

import dev.nncourse.data.Labels;
import dev.nncourse.linalg.Matrix;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The k×k confusion matrix of a classifier: C_ij = the number of samples of true class i predicted as class j.
 * Row i holds how the samples of class i were classified, so its diagonal entry over its sum is the recall of class i,
 * and the trace over the total is the accuracy.
 */
public final class ConfusionMatrix {
    /** The most classes a confusion matrix may have: its k² counts are meant to be read as a table or a picture. */
    public static final int MAX_CLASSES = 1000;

    private final int[][] counts;

    private ConfusionMatrix(int[][] counts) { this.counts = counts; }

    /** C_ij = #{n : actual_n = i and predicted_n = j} for labels in {0, …, classes − 1}. */
    public static ConfusionMatrix of(int[] predicted, int[] actual, int classes) {
        Accuracy.requireLabels("ConfusionMatrix.of", predicted, actual);
        if (predicted.length != actual.length || actual.length == 0) {
            throw new IllegalArgumentException("ConfusionMatrix.of: " + predicted.length + " predictions and "
                    + actual.length + " labels; expected the same positive number");
        }
        if (classes < 2 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("ConfusionMatrix.of: expected 2 to " + MAX_CLASSES + " classes, got " + classes
                    + (classes > MAX_CLASSES ? " (a k×k table of that size cannot be read)" : ""));
        }
        int[][] c = new int[classes][classes];
        for (int n = 0; n < actual.length; n++) {
            for (int label : new int[] {actual[n], predicted[n]}) {
                if (label < 0 || label >= classes) {
                    throw new IllegalArgumentException("ConfusionMatrix.of: label " + label + " of sample " + n
                            + " is not one of the classes 0 … " + (classes - 1));
                }
            }
            c[actual[n]][predicted[n]]++;
        }
        return new ConfusionMatrix(c);
    }

    /**
     * The confusion matrix of scores S (n×k logits or probabilities) against targets (an n×1 column of labels or n×k
     * one-hot rows): the predictions are argmax_j S_ij, and k is the number of columns of S.
     */
    public static ConfusionMatrix of(Matrix scores, Matrix targets) {
        int[] labels = Accuracy.labels("ConfusionMatrix.of", scores, targets);
        return of(Labels.argmax("ConfusionMatrix.of", scores), labels, scores.cols());
    }

    /** The number of classes k. */
    public int classes() { return counts.length; }

    /** C_ij: samples of true class i predicted as j. */
    public int count(int actual, int predicted) {
        if (actual < 0 || actual >= classes() || predicted < 0 || predicted >= classes()) {
            throw new IllegalArgumentException("ConfusionMatrix.count: classes " + actual + " and " + predicted + "; expected "
                    + "two of the classes 0 … " + (classes() - 1));
        }
        return counts[actual][predicted];
    }

    /** The number of samples, Σ_ij C_ij. */
    public int total() { return IntStream.range(0, classes()).map(i -> IntStream.of(counts[i]).sum()).sum(); }

    /** The accuracy, Σ_i C_ii / Σ_ij C_ij. */
    public double accuracy() { return (double) IntStream.range(0, classes()).map(i -> counts[i][i]).sum() / total(); }

    /** The counts as a k×k matrix. */
    public Matrix counts() {
        Matrix m = Matrix.zeros(classes(), classes());
        for (int i = 0; i < classes(); i++) for (int j = 0; j < classes(); j++) m.set(i, j, counts[i][j]);
        return m;
    }

    /**
     * Each row divided by its sum, N_ij = C_ij / Σ_j C_ij: row i is how the samples of class i were classified, as
     * fractions that sum to 1, and N_ii is the recall of class i. A class with no samples has a row of NaN (0/0: there
     * is nothing to measure), not of zeros, which would claim a recall of 0.
     */
    public Matrix normalized() {
        Matrix m = counts();
        for (int i = 0; i < classes(); i++) {
            double rowSum = IntStream.of(counts[i]).sum();
            for (int j = 0; j < classes(); j++) m.set(i, j, counts[i][j] / rowSum);
        }
        return m;
    }

    /** The counts as a Tablesaw table: a column of true classes, then one column per predicted class. */
    public Table table() {
        Table t = header("confusion matrix (rows: true class, columns: predicted)");
        for (int j = 0; j < classes(); j++) {
            int col = j;
            t.addColumns(IntColumn.create(Integer.toString(j), IntStream.range(0, classes()).map(i -> counts[i][col]).toArray()));
        }
        return t;
    }

    /** The row-normalised fractions ({@link #normalized}) as a Tablesaw table, laid out like {@link #table()}. */
    public Table normalizedTable() {
        Matrix n = normalized();
        Table t = header("confusion matrix, each row divided by its sum");
        for (int j = 0; j < classes(); j++) {
            int col = j;
            t.addColumns(DoubleColumn.create(Integer.toString(j), IntStream.range(0, classes()).mapToDouble(i -> n.get(i, col))));
        }
        return t;
    }

    /** A table with only its first column: the true classes 0 … k − 1. */
    private Table header(String name) {
        return Table.create(name).addColumns(StringColumn.create("true \\ predicted",
                IntStream.range(0, classes()).mapToObj(Integer::toString).toArray(String[]::new)));
    }

    @Override
    public String toString() {
        return "ConfusionMatrix (" + classes() + " classes, " + total() + " samples, accuracy " + accuracy() + ")\n" + counts();
    }
}
