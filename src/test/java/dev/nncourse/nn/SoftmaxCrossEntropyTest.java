package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.EntryGradient;
import dev.nncourse.check.GradientCheck;
import dev.nncourse.linalg.Matrix;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Softmax cross-entropy on logits: values by hand, stability at |z| = 1e3 and beyond, bad targets. */
class SoftmaxCrossEntropyTest {
    private static final Loss CE = Losses.SOFTMAX_CROSS_ENTROPY;
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    @Test
    void lossIsMinusLogOfTheTrueClassProbability() {
        Matrix z = Matrix.of(new double[][] {{0, Math.log(2), Math.log(5)}, {1, 1, 1}});
        Matrix y = Matrix.of(new double[][] {{0, 0, 1}, {1, 0, 0}});
        assertMatrix(new double[][] {{-Math.log(5 / 8.0)}, {Math.log(3)}}, CE.perSample(z, y), 1e-15);
        assertMatrix(new double[][] {{1 / 8.0, 2 / 8.0, 5 / 8.0 - 1}, {1 / 3.0 - 1, 1 / 3.0, 1 / 3.0}}, CE.gradient(z, y), 1e-16);
        assertEquals((-Math.log(5 / 8.0) + Math.log(3)) / 2, CE.cost(z, y), 1e-15);
        assertSame(SoftmaxCrossEntropy.INSTANCE, CE);
        assertEquals("softmax-ce", CE.name());
    }

    @Test
    void lossEqualsLogSumExpMinusTargetDotLogitsAlsoForProbabilityTargets() {
        Matrix z = Matrix.gaussian(4, 5, 1).scale(3);
        Matrix y = Matrix.uniform(4, 5, 1, new Random(2)).map(Math::abs);
        y = y.zip(y.rowSums().mult(Matrix.filled(1, 5, 1)), (a, s) -> a / s);   // rows sum to 1
        Matrix expected = Softmax.logSumExp(z).minus(z.hadamard(y).rowSums());
        assertTrue(CE.perSample(z, y).isClose(expected, 1e-14));
        assertTrue(CE.gradient(z, y).isClose(Softmax.of(z).minus(y), 0));
    }

    @Test
    void finiteAndExactAtLogitsOfAThousandAndFarBeyond() {
        for (double big : new double[] {1e3, 1e4, 1e8, 1e100, 1e300}) {
            Matrix z = Matrix.of(new double[][] {{big, -big}, {big, -big}, {-big, 0}});
            Matrix y = Matrix.of(new double[][] {{0, 1}, {1, 0}, {1, 0}});
            assertMatrix(new double[][] {{2 * big}, {0}, {big}}, CE.perSample(z, y));
            assertMatrix(new double[][] {{1, -1}, {0, 0}, {-1, 1}}, CE.gradient(z, y));
        }
        Matrix z = Matrix.row(1000, 1000 - 7);   // a small loss next to large logits: no cancellation
        assertEquals(Math.log1p(Math.exp(-7)), CE.total(z, Matrix.row(1, 0)), 1e-19);
        assertEquals(Math.exp(-40), CE.total(Matrix.row(40, 0), Matrix.row(1, 0)), 1e-31);   // not 0, not a rounding error
    }

    @Test
    void aNetworkWithIdentityOutputPassesTheGradientCheckAtLogitsNearAThousand() {
        Network net = Network.builder(3, 5).dense(4, Activations.TANH).dense(3, Activations.IDENTITY).build();
        net.layer(1).weights().scaleInPlace(2000);   // logits of several hundred to a few thousand
        Matrix x = Matrix.gaussian(6, 3, 9), y = Matrix.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0},
                {0, 1, 0}, {0, 0, 1}});
        assertTrue(net.forward(x).maxAbs() > 1e3, "the logits reach 1e3");
        GradientCheck.of(net, CE, x, y).requireBelow(1e-6);
    }

    @Test
    void nonFiniteLogitsGiveNaNSoTheTrainerReportsDivergence() {
        Matrix z = Matrix.of(new double[][] {{Double.NaN, 0}, {0, 1}}), y = Matrix.of(new double[][] {{1, 0}, {0, 1}});
        assertTrue(Double.isNaN(CE.perSample(z, y).at(0)) && Double.isNaN(CE.gradient(z, y).at(0)));
        assertTrue(Double.isNaN(CE.perSample(Matrix.row(Double.NEGATIVE_INFINITY, 0), Matrix.row(0, 1)).at(0)));
        assertEquals(Math.log1p(Math.exp(-1)), CE.perSample(z, y).at(1), 1e-16);
    }

    @Test void targetsOfAnotherShape() {
        assertMessage(IAE, () -> CE.perSample(Matrix.zeros(2, 3), Matrix.zeros(2, 1)), "softmax-ce: prediction 2×3 and target",
                "shapes 2×3 and 2×1 differ");
    }

    @Test void oneClass() {
        assertMessage(IAE, () -> CE.gradient(Matrix.zeros(2, 1), Matrix.filled(2, 1, 1)), "1 column", "at least 2 classes");
    }

    @Test void targetOutsideZeroOne() {
        assertMessage(IAE, () -> CE.perSample(Matrix.zeros(1, 3), Matrix.row(2, -1, 0)), "target 2.0", "row 0, column 0", "[0, 1]");
        assertMessage(IAE, () -> CE.gradient(Matrix.zeros(1, 2), Matrix.row(Double.NaN, 1)), "target NaN");
    }

    @Test void integerLabelsInsteadOfOneHot() {
        assertMessage(IAE, () -> CE.perSample(Matrix.zeros(2, 2), Matrix.of(new double[][] {{0, 0}, {1, 0}})),
                "target row 0 sums to 0.0", "one-hot", "sum to 1");
    }

    @Test void probabilitiesThatDoNotSumToOne() {
        assertMessage(IAE, () -> CE.gradient(Matrix.zeros(1, 3), Matrix.row(0.5, 0.5, 0.5)), "sums to 1.5");
    }

    /** Random targets: one-hot rows, or class probabilities (positive, normalised to sum to 1). */
    static Matrix targets(int m, int k, boolean oneHot, Random rng) {
        Matrix y = Matrix.zeros(m, k);
        for (int i = 0; i < m; i++) {
            if (oneHot) {
                y.set(i, rng.nextInt(k), 1);
            } else {
                double sum = 0;
                for (int j = 0; j < k; j++) sum += y.set(i, j, rng.nextDouble() + 1e-3).get(i, j);
                for (int j = 0; j < k; j++) y.set(i, j, y.get(i, j) / sum);
            }
        }
        return y;
    }

    /** ∂L/∂z = softmax(z) − y against five-point finite differences, entry by entry ({@link EntryGradient}). */
    @Property(tries = 400, seed = "1401")
    void theGradientIsSoftmaxMinusY(@ForAll @IntRange(min = 1, max = 6) int m, @ForAll @IntRange(min = 2, max = 9) int k,
            @ForAll @DoubleRange(min = 0.01, max = 30) double scale, @ForAll boolean oneHot, @ForAll long seed) {
        Random rng = new Random(seed);
        Matrix z = Matrix.gaussian(m, k, rng).scale(scale), y = targets(m, k, oneHot, rng);
        Matrix analytic = CE.gradient(z, y);   // row i is ∂L_i/∂z_i, so the whole matrix is ∂(Σ_i L_i)/∂Z
        EntryGradient.assertClose("softmax-ce " + m + "×" + k + " scale " + scale, analytic,
                EntryGradient.numeric(() -> CE.total(z, y), z), 1e-7);
    }
}
