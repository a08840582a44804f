package dev.nncourse.eval;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static dev.nncourse.eval.AccuracyTest.LABELS;
import static dev.nncourse.eval.AccuracyTest.SCORES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** {@link ConfusionMatrix}: true class against prediction, its fractions, its tables; bad input named. */
class ConfusionMatrixTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    @Test
    void confusionMatrixCountsTrueClassAgainstPrediction() {
        ConfusionMatrix cm = ConfusionMatrix.of(SCORES, LABELS);
        assertMatrix(new double[][] {{1, 0, 0}, {0, 1, 1}, {1, 0, 1}}, cm.counts());
        assertEquals(2, cm.count(1, 1) + cm.count(2, 2));
        assertEquals(5, cm.total());
        assertEquals(0.6, cm.accuracy(), 1e-15);
        assertEquals(3, cm.classes());
        assertEquals(cm.counts(), ConfusionMatrix.of(new int[] {0, 1, 2, 2, 0}, new int[] {0, 1, 1, 2, 2}, 3).counts());
    }

    @Test
    void rowNormalisationGivesEachClassesFractionsAndNaNForAClassWithoutSamples() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1, 1, 0}, new int[] {0, 0, 1, 1}, 3);
        Matrix n = cm.normalized();
        assertMatrix(new double[][] {{0.5, 0.5, 0}, {0.5, 0.5, 0}}, Matrix.stack(List.of(n.getRow(0), n.getRow(1))));
        for (int j = 0; j < 3; j++) assertTrue(Double.isNaN(n.get(2, j)), "class 2 has no samples");
    }

    @Test
    void tablesHaveTheTrueClassThenOneColumnPerPrediction() {
        ConfusionMatrix cm = ConfusionMatrix.of(SCORES, LABELS);
        Table t = cm.table();
        assertEquals(List.of("true \\ predicted", "0", "1", "2"), t.columnNames());
        assertEquals(3, t.rowCount());
        assertEquals("1", t.stringColumn(0).get(1));
        assertEquals(1, t.intColumn("2").get(1));
        Table n = cm.normalizedTable();
        assertEquals(0.5, n.doubleColumn("0").get(2), 1e-15);
        assertTrue(cm.toString().contains("accuracy 0.6"), cm.toString());
    }

    @Test void badLabelsAndCounts() {
        assertMessage(IAE, () -> ConfusionMatrix.of(new int[] {0, 4}, new int[] {0, 1}, 3), "label 4 of sample 1");
        assertMessage(IAE, () -> ConfusionMatrix.of(new int[] {0}, new int[] {-1}, 3), "label -1 of sample 0");
        assertMessage(IAE, () -> ConfusionMatrix.of(new int[] {0}, new int[] {0}, 1), "2 to 1000 classes", "got 1");
        assertMessage(IAE, () -> ConfusionMatrix.of(new int[] {0}, new int[] {0}, 1 << 20), "got 1048576", "cannot be read");
        assertMessage(IAE, () -> ConfusionMatrix.of(new int[] {1}, new int[0], 2), "1 predictions and 0 labels");
    }

    @Test void missingArgumentsAreNamedNotANullPointer() {
        Class<IllegalArgumentException> iae = IAE;
        assertMessage(iae, () -> ConfusionMatrix.of(new int[] {0}, null, 2), "ConfusionMatrix.of", "1 labels and null");
        assertMessage(iae, () -> ConfusionMatrix.of(null, Matrix.column(0)), "ConfusionMatrix.of", "null");
    }
}
