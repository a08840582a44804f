package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.EntryGradient;
import dev.nncourse.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** Softmax, log-softmax, log-sum-exp and the softmax Jacobian. */
class SoftmaxTest {
    @Test
    void softmaxOfASmallRowByHand() {
        Matrix p = Softmax.of(Matrix.row(0, Math.log(2), Math.log(5)));   // e^z = 1, 2, 5
        assertMatrix(new double[][] {{1 / 8.0, 2 / 8.0, 5 / 8.0}}, p, 1e-16);
    }

    @Test
    void rowsSumToOneAndShiftingARowChangesNothing() {
        Matrix z = Matrix.gaussian(5, 7, 3).scale(10);
        Matrix p = Softmax.of(z);
        for (int i = 0; i < 5; i++) {
            assertEquals(1, p.getRow(i).sum(), 1e-15);
            for (int j = 0; j < 7; j++) assertTrue(p.get(i, j) > 0);
        }
        assertTrue(Softmax.of(z.plus(123.25)).isClose(p, 1e-15), "softmax(z + c) = softmax(z)");
    }

    @Test
    void hugeLogitsGiveFiniteExactResults() {
        for (double big : new double[] {1e3, 1e5, 1e100, 1e300}) {
            Matrix z = Matrix.row(big, -big, 0);
            assertMatrix(new double[][] {{1, 0, 0}}, Softmax.of(z));
            assertMatrix(new double[][] {{-0.0, -2 * big, -big}}, Softmax.log(z), 0);
            assertMatrix(new double[][] {{big}}, Softmax.logSumExp(z));
            assertMatrix(new double[][] {{1 / 3.0, 1 / 3.0, 1 / 3.0}}, Softmax.of(Matrix.row(big, big, big)), 1e-16);
        }
        assertEquals(1000 + Math.log(2), Softmax.logSumExp(Matrix.row(1000, 1000)).at(0), 1e-13);
    }

    @Test
    void logSoftmaxStaysFiniteWhereSoftmaxUnderflows() {
        Matrix z = Matrix.row(0, -1000);
        assertEquals(0, Softmax.of(z).at(1));
        assertEquals(-1000, Softmax.log(z).at(1), 1e-12);
        assertEquals(Math.log(Softmax.of(Matrix.row(1, 2, 3)).at(0)), Softmax.log(Matrix.row(1, 2, 3)).at(0), 1e-15);
    }

    @Test
    void nonFiniteLogitsGiveARowOfNaNAndLeaveOtherRowsAlone() {
        Matrix z = Matrix.of(new double[][] {{1, Double.NaN}, {Double.POSITIVE_INFINITY, 0}, {0, 0}});
        Matrix p = Softmax.of(z), logP = Softmax.log(z), lse = Softmax.logSumExp(z);
        for (int i = 0; i < 2; i++) {
            assertTrue(Double.isNaN(p.get(i, 0)) && Double.isNaN(p.get(i, 1))
                    && Double.isNaN(logP.get(i, 1)) && Double.isNaN(lse.at(i)));
        }
        assertMatrix(new double[][] {{0.5, 0.5}}, p.getRow(2));
    }

    @Test
    void jacobianIsDiagPMinusPPTransposeAndMatchesFiniteDifferences() {
        Matrix z = Matrix.row(0.3, -1.2, 2.0, 0.5);
        Matrix p = Softmax.of(z), jac = Softmax.jacobian(z);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(p.at(i) * ((i == j ? 1 : 0) - p.at(j)), jac.get(i, j), 1e-16);
                final int row = i;
                Matrix numeric = EntryGradient.numeric(() -> Softmax.of(z).at(row), z);   // ∂p_i/∂z, a row
                EntryGradient.assertClose("∂p_" + i + "/∂z", jac.getRow(i), numeric, 1e-7);
            }
            assertEquals(0, jac.getRow(i).sum(), 1e-16);
        }
        assertTrue(jac.isClose(jac.transpose(), 0));
    }

    @Test
    void jacobianNeedsOneRow() {
        assertMessage(IllegalArgumentException.class, () -> Softmax.jacobian(Matrix.zeros(2, 3)), "one row", "got 2×3");
    }
}
