package dev.nncourse.data;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** {@link Standardizer}: each column to mean 0 and variance 1 with the training data's statistics. */
class StandardizerTest {
    @Test
    void standardizerUsesTheTrainingStatisticsOnly() {
        Matrix train = Matrix.of(new double[][] {{1, 5, 3}, {3, 5, 3}, {5, 5, 3}});
        Standardizer s = Standardizer.fit(train);
        assertEquals(Matrix.row(3, 5, 3), s.mean());
        assertEquals(Math.sqrt(8 / 3.0), s.std().at(0), 1e-15);
        assertEquals(Matrix.row(Math.sqrt(8 / 3.0), 1, 1), s.std(), "constant columns keep σ = 1");
        Matrix z = s.apply(train);
        assertEquals(0, z.columnMeans().maxAbs(), 1e-15);
        assertEquals(1.5, z.get(2, 0) * z.get(2, 0), 1e-14);   // ((5 − 3) / √(8/3))² = 3/2
        assertEquals(Matrix.row((7 - 3) / Math.sqrt(8 / 3.0), 1, -3), s.apply(Matrix.row(7, 6, 0)), "other data: the same μ, σ");
    }

    @Test
    void aConstantColumnWhoseMeanRoundsIsOnlyCentred() {
        Matrix x = Matrix.filled(7, 1, 0.1);
        Matrix z = Standardizer.fit(x).apply(x);
        assertTrue(z.maxAbs() < 1e-15, "not (0.1 − mean) / 1e-17: " + z);
    }

    @Test
    void standardizerBadInput() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertMessage(iae, () -> Standardizer.fit(Matrix.row(1, Double.NaN)), "Standardizer.fit", "NaN");
        assertMessage(iae, () -> Standardizer.fit(Matrix.zeros(3, 2)).apply(Matrix.zeros(1, 3)), "3 columns", "fitted on 2");
    }
}
