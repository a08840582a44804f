package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class L2PenaltyTest {
    @Test
    void penaltyIsHalfLambdaTimesTheSumOfSquaredWeightsAndSkipsBiases() {
        Parameter w = new Parameter("W", Matrix.of(new double[][] {{1, -2}, {3, 0}}));
        Parameter b = new Parameter("b", Matrix.row(10, 10));
        L2Penalty r = new L2Penalty(0.1);
        assertEquals(0.05 * 14, r.value(List.of(w, b)), 1e-15);
        assertEquals(Matrix.of(new double[][] {{0.1, -0.2}, {0.30000000000000004, 0}}), r.gradient(w));
        assertEquals(Matrix.zeros(1, 2), r.gradient(b));
        w.grad().setTo(Matrix.filled(2, 2, 1));
        r.addGradient(List.of(w, b));
        assertTrue(w.grad().isClose(Matrix.of(new double[][] {{1.1, 0.8}, {1.3, 1}}), 1e-15));
        assertEquals(Matrix.zeros(1, 2), b.grad());
        assertTrue(L2Penalty.appliesTo(w) && !L2Penalty.appliesTo(b));
    }

    @Test
    void valueOfANetworkCountsEveryLayer() {
        Network net = Network.builder(2, 1).dense(3, Activations.TANH).dense(1, Activations.IDENTITY).build();
        double sum = net.layer(0).weights().hadamard(net.layer(0).weights()).sum()
                + net.layer(1).weights().hadamard(net.layer(1).weights()).sum();
        assertEquals(0.25 * sum, new L2Penalty(0.5).value(net), 1e-15);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-3, Double.NaN, Double.POSITIVE_INFINITY})
    void lambdaMustBeFiniteAndNonNegative(double lambda) {
        assertMessage(IllegalArgumentException.class, () -> new L2Penalty(lambda), "weight decay λ", "≥ 0", "got " + lambda);
    }
}
