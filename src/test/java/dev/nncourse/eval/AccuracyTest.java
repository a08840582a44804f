package dev.nncourse.eval;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Labels;
import dev.nncourse.linalg.Matrix;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Test;

/** {@link Accuracy}: the fraction of samples whose argmax is their label; every entry point names itself in its errors. */
class AccuracyTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    /** Five samples of three classes; predictions argmax = 0, 1, 2, 2, 0 against labels 0, 1, 1, 2, 2. */
    static final Matrix SCORES = Matrix.of(new double[][] {{3, 1, 0}, {0, 2, 1}, {0, 1, 5}, {-1, -2, 0}, {0.5, 0.1, 0.4}});
    static final Matrix LABELS = Matrix.column(0, 1, 1, 2, 2);

    @Test
    void accuracyFromIntegerLabelsOrOneHotRows() {
        assertEquals(0.6, Accuracy.of(SCORES, LABELS), 1e-15);
        assertEquals(0.6, Accuracy.of(SCORES, Labels.oneHot(LABELS, 3)), 1e-15);
        assertEquals(0.6, Accuracy.of(SCORES.scale(100).plus(7), LABELS), 1e-15, "logits or probabilities: the argmax is the same");
        assertEquals(1, Accuracy.of(new int[] {2, 0}, new int[] {2, 0}));
        assertEquals(0, Accuracy.of(new int[] {1}, new int[] {0}));
    }

    @Test void scoresWithOneColumn() {
        assertMessage(IAE, () -> Accuracy.of(Matrix.column(0.2, 0.9), Matrix.column(0, 1)), "1 column", "one column per class");
    }

    @Test void targetsOfTheWrongShape() {
        assertMessage(IAE, () -> Accuracy.of(SCORES, Matrix.zeros(5, 2)), "scores 5×3", "targets 5×2");
        assertMessage(IAE, () -> Accuracy.of(SCORES, Matrix.column(0, 1)), "5 predictions and 2 labels");
    }

    @Test void labelsOutsideTheClasses() {
        assertMessage(IAE, () -> Accuracy.of(SCORES, Matrix.column(0, 1, 3, 2, 2)), "label 3 in row 2", "3 classes");
        assertMessage(IAE, () -> Accuracy.of(SCORES, Matrix.column(0, 1, 0.5, 2, 2)), "label 0.5 in row 2");
    }

    @Test void noSamples() {
        assertMessage(IAE, () -> Accuracy.of(new int[0], new int[0]), "0 predictions and 0 labels");
    }

    @Test void nanScores() {
        assertMessage(IAE, () -> Accuracy.of(Matrix.row(Double.NaN, 1), Matrix.column(0)), "NaN");
    }

    @Test void missingArgumentsAreNamedNotANullPointer() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertMessage(iae, () -> Accuracy.of(null, new int[] {1}), "Accuracy.of", "got null and 1 labels");
        assertMessage(iae, () -> Accuracy.of(null, Matrix.column(1)), "Accuracy.of", "got null and 1×1");
    }

    /** Asserts that the call throws an error that starts with the name of the method called, and names no other. */
    private static void namesItself(String method, Executable call) {
        IllegalArgumentException e = assertThrows(IAE, call);
        assertTrue(e.getMessage().startsWith(method + ": "), e.getMessage());
        for (String other : List.of("Accuracy.of", "ConfusionMatrix.of", "Labels.")) {
            if (!other.equals(method)) assertFalse(e.getMessage().contains(other), e.getMessage());
        }
    }

    @Test void everyEntryPointNamesItselfInItsErrors() {
        Matrix badLabel = Matrix.column(0, 1, 0.5, 2, 2), nanScores = SCORES.copy().set(1, 1, Double.NaN);
        Matrix tie = Labels.oneHot(LABELS, 3).set(0, 1, 1);
        for (String method : List.of("Accuracy.of", "ConfusionMatrix.of")) {
            Function<Matrix[], Object> call = method.equals("Accuracy.of") ? a -> Accuracy.of(a[0], a[1])
                    : a -> ConfusionMatrix.of(a[0], a[1]);
            namesItself(method, () -> call.apply(new Matrix[] {SCORES, badLabel}));
            namesItself(method, () -> call.apply(new Matrix[] {SCORES, Matrix.column(0, 1, 3, 2, 2)}));
            namesItself(method, () -> call.apply(new Matrix[] {SCORES, tie}));
            namesItself(method, () -> call.apply(new Matrix[] {nanScores, LABELS}));
            namesItself(method, () -> call.apply(new Matrix[] {SCORES, Matrix.zeros(5, 2)}));
            namesItself(method, () -> call.apply(new Matrix[] {Matrix.column(0.2, 0.9), Matrix.column(0, 1)}));
            namesItself(method, () -> call.apply(new Matrix[] {null, LABELS}));
        }
        namesItself("ConfusionMatrix.count", () -> ConfusionMatrix.of(SCORES, LABELS).count(3, 0));
        namesItself("ConfusionMatrix.count", () -> ConfusionMatrix.of(SCORES, LABELS).count(0, -1));
    }
}
