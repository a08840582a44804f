package dev.nncourse.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The elementwise kernels behind {@link Matrix#logistic}, {@link Matrix#isFinite} and {@link Matrix#addScaledInPlace}. */
class ElementwiseKernelsTest {
    private static final List<MicroKernel> KERNELS = List.of(Gemm.KERNEL, new ScalarKernel());

    /** σ(a) exactly as source 002's stable_sigmoid writes it, with {@code Math.exp}. */
    private static double sigmoid(double a) {
        if (a >= 0) return 1 / (1 + Math.exp(-a));
        double e = Math.exp(a);
        return e / (1 + e);
    }

    @Test
    void logisticIsTheStableSigmoidWithinTwoUlps() {
        double[] x = new double[20_011];
        for (int i = 0; i < x.length; i++) x[i] = -750 + 1500.0 * i / (x.length - 1);
        x[0] = -1000;
        x[1] = 1000;
        x[2] = 0;
        for (MicroKernel k : KERNELS) {
            double[] y = new double[x.length];
            k.logistic(x, y);
            for (int i = 0; i < x.length; i++) {
                double want = sigmoid(x[i]);
                assertTrue(Math.abs(y[i] - want) <= 2 * Math.ulp(want), "σ(" + x[i] + ") = " + y[i] + ", want " + want);
            }
            assertEquals(0.0, y[0]);
            assertEquals(1.0, y[1]);
            assertEquals(0.5, y[2]);
        }
    }

    @Test
    void everyKernelGivesTheSameLogisticBits() {
        Random rng = new Random(11);
        double[] x = new double[10_007];
        for (int i = 0; i < x.length; i++) x[i] = 30 * rng.nextGaussian();
        double[] simd = new double[x.length], scalar = new double[x.length];
        Gemm.KERNEL.logistic(x, simd);
        new ScalarKernel().logistic(x, scalar);
        assertArrayEquals(scalar, simd);
    }

    @Test
    void expIsWithinOneUlpOfMathExpDownToTheSubnormals() {
        for (double x = -760; x <= 0; x += 0.0173) {
            double want = Math.exp(x), got = Exp.exp(x);
            assertTrue(Math.abs(got - want) <= Math.ulp(want), "e^" + x + " = " + got + ", want " + want);
        }
        assertEquals(1.0, Exp.exp(0));
        assertEquals(1.0, Exp.exp(-0.0));
        assertEquals(0.0, Exp.exp(-746));
        assertEquals(0.0, Exp.exp(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Exp.exp(Double.NaN)));
        assertEquals(Double.MIN_VALUE, Exp.exp(-744.44), 0.0, "the smallest subnormal");
    }

    @Test
    void logisticOfAnEntryDoesNotDependOnWhereItSits() {
        // A value in the SIMD body and the same value in the tail (or a 1×1 matrix) get the same bits.
        Random rng = new Random(3);
        for (int n = 1; n <= 37; n++) {
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = 8 * rng.nextGaussian();
            Matrix all = Matrix.row(x).logistic();
            for (int i = 0; i < n; i++) assertEquals(Matrix.row(x[i]).logistic().get(0, 0), all.get(0, i), "n=" + n + ", i=" + i);
        }
        assertTrue(Double.isNaN(Matrix.row(Double.NaN).logistic().get(0, 0)));
    }

    @Test
    void isFiniteFindsNanAndInfinityAnywhere() {
        for (MicroKernel k : KERNELS) {
            for (int n : new int[] {1, 7, 8, 33, 100}) {
                for (int at = 0; at < n; at++) {
                    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                        double[] x = new double[n];
                        java.util.Arrays.fill(x, Double.MAX_VALUE);
                        assertTrue(k.allFinite(x));
                        x[at] = bad;
                        assertFalse(k.allFinite(x), bad + " at " + at + " of " + n);
                    }
                }
            }
        }
    }

    @Test
    void addScaledInPlaceRoundsLikeThePlainLoop() {
        Random rng = new Random(9);
        for (MicroKernel k : KERNELS) {
            for (int n : new int[] {1, 5, 8, 17, 1000}) {
                double[] y = new double[n], x = new double[n], want = new double[n];
                for (int i = 0; i < n; i++) {
                    y[i] = rng.nextGaussian();
                    x[i] = rng.nextGaussian();
                    want[i] = y[i] + -0.05 * x[i];
                }
                k.axpy(-0.05, x, y);
                assertArrayEquals(want, y);
            }
        }
    }

    @Test
    void productsIntoAnExistingMatrix() {
        Matrix a = Matrix.gaussian(5, 3, 1), b = Matrix.gaussian(3, 4, 2), c = Matrix.filled(5, 4, 7);
        assertEquals(a.mult(b), a.multInto(b, c));
        assertEquals(a.mult(b), c);
        assertEquals(a.transpose().mult(a), a.transposeMultInto(a, Matrix.zeros(3, 3)));
        assertEquals(b.mult(b.transpose()), b.multTransposeInto(b, Matrix.zeros(3, 3)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.multInto(b, Matrix.zeros(4, 5)))
                .getMessage().contains("5×4"));
        Matrix square = Matrix.gaussian(3, 3, 4);
        assertThrows(IllegalArgumentException.class, () -> square.multInto(square.copy(), square));
    }
}
