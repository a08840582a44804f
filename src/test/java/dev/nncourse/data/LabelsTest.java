package dev.nncourse.data;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LabelsTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    @Test
    void oneHotPutsAOneInTheLabelsColumn() {
        assertMatrix(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, Labels.oneHot(Matrix.column(2, 0, 1, 2), 3));
        assertMatrix(new double[][] {{1, 0, 0, 0}}, Labels.oneHot(Matrix.column(0), 4));   // classes beyond the labels seen
    }

    @Test
    void labelsFromAColumnOrFromOneHotRowsAndBack() {
        Matrix labels = Matrix.column(1, 0, 2, 2);
        assertArrayEquals(new int[] {1, 0, 2, 2}, Labels.of(labels));
        assertArrayEquals(new int[] {1, 0, 2, 2}, Labels.of(Labels.oneHot(labels, 3)));
        assertArrayEquals(new int[] {1}, Labels.of(Matrix.row(0.2, 0.7, 0.1)), "class probabilities");
        assertEquals(3, Labels.count(Labels.of(labels)));
    }

    @Test
    void argmaxPerRowWithTiesToTheFirstColumn() {
        Matrix s = Matrix.of(new double[][] {{0.1, 3, -2}, {-1, -5, -0.5}, {7, 7, 1}, {-1e300, -1e300, -1e299}});
        assertArrayEquals(new int[] {1, 2, 0, 2}, Labels.argmax(s));
    }

    @Test void argmaxOfNaN() {
        assertMessage(IAE, () -> Labels.argmax(Matrix.of(new double[][] {{0, 1}, {Double.NaN, 1}})), "score (1, 0) is NaN");
    }

    @Test void labelThatIsNotAnInteger() {
        assertMessage(IAE, () -> Labels.oneHot(Matrix.column(0, 1.5), 3), "label 1.5 in row 1", "integer class labels");
        assertMessage(IAE, () -> Labels.of(Matrix.column(0, -1)), "label -1.0 in row 1");
        assertMessage(IAE, () -> Labels.of(Matrix.column(Double.NaN)), "label NaN in row 0");
    }

    @Test void labelTooLargeForTheClasses() {
        assertMessage(IAE, () -> Labels.oneHot(Matrix.column(0, 3), 3), "label 3.0 in row 1", "0, 1, …, 2");
    }

    @Test void oneHotNeedsTwoClassesAndAColumn() {
        assertMessage(IAE, () -> Labels.oneHot(Matrix.column(0, 0), 1), "at least 2 classes", "got 1");
        assertMessage(IAE, () -> Labels.oneHot(Matrix.zeros(3, 2), 3), "n×1 column", "got 3×2");
    }

    @Test void rowsWithoutASingleLargestEntryAreNotOneHot() {
        assertMessage(IAE, () -> Labels.of(Matrix.of(new double[][] {{0, 1, 0}, {0, 0, 0}})), "target row 1", "columns 0 and 1", "one-hot");
        assertMessage(IAE, () -> Labels.of(Matrix.row(0.5, 0.5)), "target row 0");
    }

    /** Asserts that the call throws an error that starts with the name of the method called. */
    private static void namesItself(String method, Executable call) {
        IllegalArgumentException e = assertThrows(IAE, call);
        assertTrue(e.getMessage().startsWith(method + ": "), e.getMessage());
    }

    @Test void everyMethodNamesItselfInItsErrors() {
        namesItself("Labels.of", () -> Labels.of(Matrix.column(0, 0.5)));
        namesItself("Labels.of", () -> Labels.of(Matrix.row(0.5, 0.5)));
        namesItself("Labels.of", () -> Labels.of(null));
        namesItself("Labels.oneHot", () -> Labels.oneHot(Matrix.column(0, 3), 3));
        namesItself("Labels.oneHot", () -> Labels.oneHot(Matrix.zeros(3, 2), 3));
        namesItself("Labels.oneHot", () -> Labels.oneHot(Matrix.column(0), 1));
        namesItself("Labels.oneHot", () -> Labels.oneHot(null, 3));
        namesItself("Labels.argmax", () -> Labels.argmax(Matrix.row(Double.NaN, 1)));
        namesItself("Labels.argmax", () -> Labels.argmax(null));
        namesItself("Labels.count", () -> Labels.count(null));
        namesItself("Labels.count", () -> Labels.count(new int[] {0, -1}));
    }
}
