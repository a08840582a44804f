package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.EntryGradient;
import dev.nncourse.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class L2PenaltyTest {
    @Test
    void penaltyIsHalfLambdaTimesTheSumOfSquaredWeightsAndSkipsBiases() {
        Parameter w = new Parameter("W", Matrix.of(new double[][] {{1, -2}, {3, 0}}));
        Parameter b = new Parameter("b", Matrix.row(10, 10));
        L2Penalty r = new L2Penalty(0.1);
        assertEquals(0.05 * 14, r.value(List.of(w, b)), 1e-15);
        assertEquals(Matrix.of(new double[][] {{0.1, -0.2}, {0.30000000000000004, 0}}), r.gradient(w));
        assertEquals(Matrix.zeros(1, 2), r.gradient(b));
        w.setGrad(Matrix.filled(2, 2, 1));
        r.addGradient(List.of(w, b));
        assertTrue(w.grad().isClose(Matrix.of(new double[][] {{1.1, 0.8}, {1.3, 1}}), 1e-15));
        assertEquals(Matrix.zeros(1, 2), b.grad());
        assertTrue(L2Penalty.appliesTo(w) && !L2Penalty.appliesTo(b));
    }

    /** A one-sample gradient kept as two factors is written out, then λW is added: the bits of adding to the matrix. */
    @Test
    void theGradientAddsToAOneSampleGradientKeptAsFactors() {
        Matrix u = Matrix.row(0.5, -1), v = Matrix.row(2, 0.25);
        Parameter factored = new Parameter("W", Matrix.of(new double[][] {{1, -2}, {3, 0}}));
        Parameter written = new Parameter("W", factored.value().copy());
        factored.setGradProduct(u, v, 1);
        written.setGrad(u.transposeMult(v));
        new L2Penalty(0.1).addGradient(List.of(factored));
        new L2Penalty(0.1).addGradient(List.of(written));
        assertEquals(written.grad(), factored.grad());
        assertEquals(u.transposeMult(v).addScaledInPlace(factored.value(), 0.1), factored.grad());
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

    /** ∂R/∂W = λW against five-point finite differences of R, entry by entry; biases are not penalised (∂R/∂b = 0). */
    @Property(tries = 300, seed = "1403")
    void theGradientIsLambdaW(@ForAll @DoubleRange(min = 0, max = 10) double lambda, @ForAll @IntRange(min = 1, max = 4) int layers,
            @ForAll long seed) {
        Random rng = new Random(seed);
        List<Parameter> params = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int n = 1 + rng.nextInt(5), k = 1 + rng.nextInt(5);
            params.add(new Parameter("W", Matrix.gaussian(n, k, rng).scale(4)));
            params.add(new Parameter("b", Matrix.gaussian(1, k, rng)));
        }
        L2Penalty r = new L2Penalty(lambda);
        for (Parameter p : params) {
            EntryGradient.assertClose("∂R/∂" + p, r.gradient(p), EntryGradient.numeric(() -> r.value(params), p.value()), 1e-7);
        }
    }
}
