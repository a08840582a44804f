package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nncourse.EntryGradient;
import dev.nncourse.linalg.Matrix;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LeakyReluTest {
    @Test
    void slopeOneHundredthByDefault() {
        Activation f = Activations.LEAKY_RELU;
        assertEquals(3, f.f(3));
        assertEquals(-0.02, f.f(-2), 1e-18);
        assertEquals(1, f.df(0.5));
        assertEquals(0.01, f.df(-0.5));
        assertEquals(0.01, f.df(0), "the kink takes the left derivative, as RELU does");
        assertEquals("leaky-relu(0.01)", f.name());
        assertEquals(new LeakyRelu(0.01), f);
        assertFalse(Activations.ALL.contains(f), "ALL lists the activations of the source documents only");
    }

    @Test
    void anySlopeInZeroOneAndWholeMatrices() {
        LeakyRelu f = new LeakyRelu(0.2);
        assertEquals(Matrix.row(-0.4, 0, 3), f.f(Matrix.row(-2, 0, 3)));
        assertEquals(Matrix.row(0.2, 0.2, 1), f.df(Matrix.row(-2, 0, 3)));
        assertEquals(0.2, f.slope());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1, -0.01, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
    void slopeOutsideZeroOne(double slope) {
        assertMessage(IllegalArgumentException.class, () -> new LeakyRelu(slope), "slope α", "(0, 1)", "got " + slope);
    }

    /** f′ against five-point finite differences, entry by entry, with every entry at least 0.03 from the kink at 0. */
    @Property(tries = 300, seed = "1402")
    void derivativeAwayFromTheKink(@ForAll @DoubleRange(min = 1e-3, max = 0.999) @Scale(4) double slope,
            @ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 5) int cols, @ForAll long seed) {
        LeakyRelu f = new LeakyRelu(slope);
        double kink = 0.03;
        Matrix a = Matrix.gaussian(rows, cols, new Random(seed)).scale(3).map(v -> Math.abs(v) < kink ? v + 2 * kink : v);
        Matrix analytic = f.df(a);   // f acts entry by entry, so ∂(Σ f(a))/∂a = f′(a)
        EntryGradient.assertClose("leaky-relu(" + slope + ")′", analytic, EntryGradient.numeric(() -> f.f(a).sum(), a), 1e-7);
    }
}
