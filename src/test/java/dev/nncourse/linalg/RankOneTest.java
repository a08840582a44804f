package dev.nncourse.linalg;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * {@link Matrix#dotRowsThenAddOuter}, one sample's fused way back through W with its SGD step: it must give the very
 * bits of δ·Wᵀ followed by W ← W + s·xᵀδ done separately, in both kernels; so must the update alone,
 * {@link Matrix#addOuterInPlace}.
 */
class RankOneTest {
    private static final List<MicroKernel> KERNELS = List.of(Gemm.KERNEL, new ScalarKernel());

    @ParameterizedTest(name = "W {0}×{1}")
    @CsvSource({"1,1", "1,17", "3,5", "4,4", "7,9", "8,8", "9,16", "10,60", "60,140", "140,50", "50,10", "10,1", "13,7", "17,33"})
    void fusedEqualsTheProductThenTheUpdateBitForBit(int n, int k) {
        Random rng = new Random(31L * n + k);
        Matrix w = Matrix.gaussian(n, k, rng), x = Matrix.gaussian(1, n, rng), delta = Matrix.gaussian(1, k, rng);
        double s = -0.05;
        Matrix expectedDx = delta.multTranspose(w);
        Matrix expectedW = w.copy().addScaledInPlace(x.transposeMult(delta), s);
        Matrix reference = Matrix.zeros(1, n);
        MatMul.reference(delta, w.transpose(), reference);
        assertEquals(reference, expectedDx, "the separate product is the reference one");

        Matrix w1 = w.copy();
        assertEquals(expectedDx, w1.dotRowsThenAddOuter(delta, x, s), "δ·Wᵀ with the old W");
        assertEquals(expectedW, w1, "W + s·xᵀδ");
        for (MicroKernel kernel : KERNELS) {
            Matrix w2 = w.copy(), dx = Matrix.zeros(1, n);
            Gemm.multTransposeRankOne(kernel, delta.data, x.data, s, w2.data, dx.data, n, k);
            assertEquals(expectedDx, dx, kernel.getClass().getSimpleName());
            assertEquals(expectedW, w2, kernel.getClass().getSimpleName());
        }
        Matrix w3 = w.copy();
        int version = w3.version();
        assertEquals(expectedW, w3.addOuterInPlace(x, delta, s), "the update alone, W + s·xᵀδ");
        assertEquals(version + 1, w3.version(), "an in-place change counts");
    }

    @Test
    void shapesMustFitW() {
        Matrix w = Matrix.zeros(3, 4);
        assertMessage(IllegalArgumentException.class, () -> w.dotRowsThenAddOuter(Matrix.zeros(1, 3), Matrix.zeros(1, 3), 1),
                "W is 3×4", "δ must be 1×4", "x 1×3", "got δ 1×3");
        assertMessage(IllegalArgumentException.class, () -> w.dotRowsThenAddOuter(Matrix.zeros(1, 4), Matrix.zeros(2, 3), 1),
                "x 2×3");
        Matrix square = Matrix.zeros(1, 1);
        assertMessage(IllegalArgumentException.class, () -> square.dotRowsThenAddOuter(square, Matrix.zeros(1, 1), 1),
                "different matrices");
        assertMessage(IllegalArgumentException.class, () -> w.addOuterInPlace(Matrix.zeros(1, 4), Matrix.zeros(1, 4), 1),
                "addOuterInPlace: W is 3×4", "x must be 1×3", "δ 1×4", "got x 1×4");
        assertMessage(IllegalArgumentException.class, () -> w.addOuterInPlace(Matrix.zeros(1, 3), Matrix.zeros(1, 3), 1),
                "δ 1×3");
        assertMessage(IllegalArgumentException.class, () -> square.addOuterInPlace(square, Matrix.zeros(1, 1), 1),
                "different matrices");
        assertMessage(IllegalArgumentException.class, () -> w.addOuterInPlace(null, Matrix.zeros(1, 4), 1), "a row x");
        assertEquals(Matrix.zeros(3, 4), w, "a refused update changes nothing");
    }
}
