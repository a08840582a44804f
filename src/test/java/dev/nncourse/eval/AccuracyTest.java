package dev.nncourse.eval;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nncourse.data.Labels;
import dev.nncourse.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** {@link Accuracy}: the fraction of samples whose argmax is their label; bad input named. */
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
}
