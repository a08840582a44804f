package dev.nncourse.data;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nncourse.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Datasets} and {@link Dataset}. */
class DatasetsTest {
    @Test
    void xorHasTheFourInputsAndTheirExclusiveOr() {
        Dataset xor = Datasets.xor();
        assertMatrix(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, xor.x());
        assertMatrix(new double[][] {{0}, {1}, {1}, {0}}, xor.y());
        assertEquals(4, xor.size());
        for (int i = 0; i < 4; i++) assertEquals((int) xor.x().get(i, 0) ^ (int) xor.x().get(i, 1), xor.y().get(i, 0));
    }

    @Test
    void randomRegressionIsSeededAndReproducible() {
        Dataset d = Datasets.randomRegression(50, 3, 7);
        assertEquals("50×3", d.x().shape());
        assertEquals("50×1", d.y().shape());
        assertEquals(d, Datasets.randomRegression(50, 3, 7));
        assertNotEquals(d.x(), Datasets.randomRegression(50, 3, 8).x());
    }

    @Test
    void randomRegressionDrawsAllInputsFirstThenTheLabels() {
        Random rng = new Random(7);
        Dataset d = Datasets.randomRegression(4, 2, 7);
        for (int k = 0; k < 8; k++) assertEquals(rng.nextGaussian(), d.x().at(k));
        for (int k = 0; k < 4; k++) assertEquals(rng.nextGaussian(), d.y().at(k));
    }

    @Test
    void randomRegressionDataAreStandardNormal() {
        Dataset d = Datasets.randomRegression(20000, 5, 1);
        assertEquals(0, d.x().mean(), 0.01);
        assertEquals(1, d.x().hadamard(d.x()).mean(), 0.02);
        assertEquals(0, d.y().mean(), 0.03);
    }

    @Test
    void aDatasetNeedsOneTargetRowPerSample() {
        assertMessage(IllegalArgumentException.class, () -> new Dataset(Matrix.zeros(3, 2), Matrix.zeros(2, 1)),
                "3 input rows", "2 target rows");
    }

    @Test
    void missingInputsOrTargetsAreNamed() {
        assertMessage(IllegalArgumentException.class, () -> new Dataset(null, Matrix.zeros(2, 1)), "Dataset",
                "inputs X and targets T", "got null and 2×1");
        assertMessage(IllegalArgumentException.class, () -> new Dataset(Matrix.zeros(2, 1), null), "got 2×1 and null");
    }
}
