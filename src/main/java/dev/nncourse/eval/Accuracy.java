package dev.nncourse.eval;

import dev.nncourse.data.Labels;
import dev.nncourse.linalg.Matrix;

/** The fraction of samples whose predicted class is the true one: (1/n) Σ_i [ĉ_i = c_i]. */
public final class Accuracy {
    private Accuracy() {}

    /**
     * The accuracy of scores S (n×k logits or probabilities, one sample per row) against the targets: ĉ_i = argmax_j
     * S_ij ({@link Labels#argmax}) and c_i from an n×1 column of integer labels or from n×k one-hot rows
     * ({@link Labels#of}).
     */
    public static double of(Matrix scores, Matrix targets) {
        int[] labels = labels("Accuracy.of", scores, targets);
        return of(Labels.argmax("Accuracy.of", scores), labels);
    }

    /**
     * The labels of the targets, after checking them against the scores (n×k, k ≥ 2): an n×1 column of labels below
     * k, or one-hot rows of the scores' shape. Errors begin with {@code op}, the public method that was called.
     */
    static int[] labels(String op, Matrix scores, Matrix targets) {
        if (scores == null || targets == null) {
            throw new IllegalArgumentException(op + ": expected scores and targets, got "
                    + (scores == null ? "null" : scores.shape()) + " and " + (targets == null ? "null" : targets.shape()));
        }
        if (scores.cols() < 2) {
            throw new IllegalArgumentException(op + ": the scores have " + scores.cols() + " column; expected one "
                    + "column per class (k ≥ 2), such as the logits of a softmax classifier");
        }
        if (targets.cols() != 1 && targets.cols() != scores.cols()) {
            throw new IllegalArgumentException(op + ": scores " + scores.shape() + " and targets " + targets.shape()
                    + "; expected an n×1 column of labels or one-hot rows of the scores' shape");
        }
        int[] labels = Labels.of(op, targets);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= scores.cols()) {
                throw new IllegalArgumentException(op + ": label " + labels[i] + " in row " + i + " is not one of the "
                        + scores.cols() + " classes 0 … " + (scores.cols() - 1) + " that the scores have columns for");
            }
        }
        return labels;
    }

    /** (1/n) Σ_i [predicted_i = actual_i]. */
    public static double of(int[] predicted, int[] actual) {
        requireLabels("Accuracy.of", predicted, actual);
        if (predicted.length != actual.length || actual.length == 0) {
            throw new IllegalArgumentException("Accuracy.of: " + predicted.length + " predictions and " + actual.length
                    + " labels; expected the same positive number");
        }
        int correct = 0;
        for (int i = 0; i < actual.length; i++) if (predicted[i] == actual[i]) correct++;
        return (double) correct / actual.length;
    }

    /** Throws unless both arrays of class labels are there, naming which is missing. */
    static void requireLabels(String op, int[] predicted, int[] actual) {
        if (predicted == null || actual == null) {
            throw new IllegalArgumentException(op + ": expected predicted and actual labels, got "
                    + (predicted == null ? "null" : predicted.length + " labels") + " and "
                    + (actual == null ? "null" : actual.length + " labels"));
        }
    }
}
