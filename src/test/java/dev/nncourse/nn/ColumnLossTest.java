package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.GradientCheck;
import dev.nncourse.check.NumericGradient;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.optim.Sgd;
import dev.nncourse.train.Trainer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Loss#byColumns()}: losses for data with one sample per column, whose cost is the 1/m mean. */
class ColumnLossTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Matrix A = Matrix.row(0.2, 0.7, 0.9, 0.4);   // four samples, one output: 1×4
    private static final Matrix Y = Matrix.row(0, 1, 1, 0);

    /** −(y log a + (1 − y) log(1 − a)) by hand. */
    private static double logloss(double a, double y) { return -(y * Math.log(a) + (1 - y) * Math.log(1 - a)); }

    @Test
    void theCostOfARowOfFourSamplesIsTheirMeanNotTheirSum() {
        double sum = 0;
        for (int i = 0; i < 4; i++) sum += logloss(A.at(i), Y.at(i));
        Loss byColumns = Losses.LOG_LOSS.byColumns();
        assertEquals(sum / 4, byColumns.cost(A, Y), 1e-15, "source 001's 1/m * np.sum(logloss(y, A))");
        assertEquals(sum, byColumns.total(A, Y), 1e-15);
        assertEquals(sum, Losses.LOG_LOSS.cost(A, Y), 1e-15, "the row loss takes the 1×4 row for one sample");
        assertEquals("1×4", byColumns.perSample(A, Y).shape());
        for (int i = 0; i < 4; i++) assertEquals(logloss(A.at(i), Y.at(i)), byColumns.perSample(A, Y).at(i), 1e-15);
    }

    @Test
    void severalOutputsPerSampleAreSummedWithinAColumnAndAveragedOverColumns() {
        Matrix y = Matrix.of(new double[][] {{0.1, 0.6, 0.8}, {0.3, 0.5, 0.95}});   // 2 outputs × 3 samples
        Matrix t = Matrix.of(new double[][] {{0, 1, 1}, {1, 0, 1}});
        double sum = 0;
        for (int k = 0; k < 6; k++) sum += logloss(y.at(k), t.at(k));
        assertEquals(sum / 3, Losses.LOG_LOSS.byColumns().cost(y, t), 1e-15);
        assertEquals(Losses.LOG_LOSS.cost(y.transpose(), t.transpose()), Losses.LOG_LOSS.byColumns().cost(y, t), 1e-15);
        Matrix e = Matrix.gaussian(3, 5, 1), z = Matrix.gaussian(3, 5, 2);
        assertEquals(Losses.MSE.cost(e.transpose(), z.transpose()), Losses.MSE.byColumns().cost(e, z), 1e-15);
    }

    @Test
    void theGradientIsThePerSampleGradientColumnByColumn() {
        Loss byColumns = Losses.LOG_LOSS.byColumns();
        Matrix g = byColumns.gradient(A, Y);
        assertEquals("1×4", g.shape());
        for (int i = 0; i < 4; i++) assertEquals((A.at(i) - Y.at(i)) / (A.at(i) * (1 - A.at(i))), g.at(i), 1e-14);
        // m ∂J/∂a against finite differences of the cost: the gradient is per sample, not divided by m
        Matrix probe = A.copy();
        Matrix numeric = NumericGradient.of(() -> byColumns.cost(probe, Y), probe, NumericGradient.H).scale(4);
        assertTrue(NumericGradient.entryRelativeError(g, numeric) < 1e-7);
        Matrix z = Matrix.gaussian(1, 4, 3);
        assertEquals(Losses.SIGMOID_CROSS_ENTROPY.gradient(z.transpose(), Y.transpose()).transpose(),
                Losses.SIGMOID_CROSS_ENTROPY.byColumns().gradient(z, Y));
    }

    @Test
    void byColumnsOfAColumnLossIsItselfAndByRowsUndoesIt() {
        Loss c = Losses.MSE.byColumns();
        assertSame(c, c.byColumns());
        assertSame(Losses.MSE, c.byRows());
        assertSame(Losses.MSE, Losses.MSE.byRows());
        assertTrue(c.samplesInColumns());
        assertFalse(Losses.MSE.samplesInColumns());
        assertEquals("logloss by columns", Losses.LOG_LOSS.byColumns().name());
    }

    @Test
    void theSaturatedSampleIsNamedByItsColumn() {
        Matrix a = Matrix.row(0.5, 1.0, 0.5), y = Matrix.row(0, 0, 1);
        assertEquals(1, Losses.LOG_LOSS.byColumns().firstSaturatedRow(a, y));
    }

    @Test
    void badInputIsNamedAndARowTrainerRefusesAColumnLoss() {
        Loss c = Losses.LOG_LOSS.byColumns();
        assertMessage(IAE, () -> c.cost(A, Y.transpose()), "1×4", "4×1");
        assertMessage(IAE, () -> c.gradient(null, Y), "logloss by columns", "got null and 1×4");
        assertMessage(IAE, () -> c.perSample(A, Matrix.row(0, 1, 2, 0)), "label 2.0");
        Network net = Network.builder(2, 1).dense(1, Activations.SIGMOID).build();
        assertMessage(IAE, () -> Trainer.of(net, c, new Sgd(net.parameters(), 0.1)), "Trainer.of",
                "one sample per column", "logloss",
                "loss.byRows()");
        Matrix x = Matrix.gaussian(4, 2, new Random(1));
        assertMessage(IAE, () -> GradientCheck.of(net, c, x, Y.transpose()), "GradientCheck.of", "one sample per column");
    }
}
