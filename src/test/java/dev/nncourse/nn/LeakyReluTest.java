package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nncourse.linalg.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

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
}
