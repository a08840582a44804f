package dev.nncourse.check;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activation;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backpropagation through a dense layer against centred finite differences, for every activation × every loss, with
 * and without bias, at relative error below 1e-7.
 *
 * <p>How each combination is set up:
 * <ul>
 *   <li>MSE: the layer under test (3 → 2) is the whole network; targets are Gaussian.
 *   <li>Log loss needs predictions in [0, 1]. The layer under test (3 → 2) is followed by a sigmoid output layer
 *       (2 → 2), so identity, tanh and ReLU layers are checked as hidden layers under log loss; the sigmoid layer on
 *       its own is checked as an output layer by {@link #aSigmoidLayerAloneUnderLogLoss()}. Labels are 0/1 and soft.
 *   <li>Binary cross-entropy on logits is checked the same way, with an identity output layer (2 → 2) after the layer.
 *   <li>ReLU has a kink at 0 where the derivative jumps: the test asserts that every pre-activation of the layer under
 *       test is at least 1e-3 away from 0, so that no ±h step (h = 1e-5, inputs of size ~1) crosses it.
 * </ul>
 */
class DenseGradientCheckTest {
    private static final double TOL = 1e-7;
    private static final Matrix X = Matrix.gaussian(6, 3, 17);
    private static final Matrix MSE_TARGETS = Matrix.gaussian(6, 2, 18);
    private static final Matrix LABELS = Matrix.of(new double[][] {{0, 1}, {1, 1}, {1, 0}, {0, 0}, {0.25, 1}, {1, 0.6}});

    static Stream<Arguments> combinations() {
        return Activations.ALL.stream().flatMap(f -> Losses.ALL.stream().flatMap(loss ->
                Stream.of(true, false).map(bias -> Arguments.of(f, loss, bias))));
    }

    /** The layer under test with a non-zero bias, so the bias gradient is checked away from b = 0 too. */
    private static Dense layer(Activation f, boolean bias) {
        Dense d = new Dense(3, 2, f, Initializers.XAVIER_GAUSSIAN, new Random(5), bias);
        if (bias) d.bias().setTo(Matrix.row(0.1, -0.2));
        return d;
    }

    private static Network network(Dense layer, Loss loss) {
        if (loss == Losses.MSE) return Network.of(layer);
        Activation out = loss == Losses.LOG_LOSS ? Activations.SIGMOID : Activations.IDENTITY;   // probabilities or logits
        return Network.of(layer, Dense.after(layer, 2, out, Initializers.XAVIER_GAUSSIAN, new Random(6)));
    }

    @ParameterizedTest(name = "{0} × {1}, bias {2}")
    @MethodSource("combinations")
    void backpropMatchesFiniteDifferences(Activation f, Loss loss, boolean bias) {
        Dense layer = layer(f, bias);
        Network net = network(layer, loss);
        Matrix t = loss == Losses.MSE ? MSE_TARGETS : LABELS;
        net.forward(X);
        double margin = Arrays.stream(layer.preActivation().toFlatArray()).map(Math::abs).min().orElseThrow();
        assertTrue(f != Activations.RELU || margin > 1e-3, "a pre-activation is within 1e-3 of ReLU's kink: " + margin);

        GradientReport params = GradientCheck.of(net, loss, X, t).requireBelow(TOL);
        assertEquals(net.parameters().size(), params.rows().size());
        GradientCheck.input(net, loss, X, t).requireBelow(TOL);
    }

    @Test
    void aSigmoidLayerAloneUnderLogLoss() {
        for (boolean bias : new boolean[] {true, false}) {
            GradientCheck.of(layer(Activations.SIGMOID, bias), Losses.LOG_LOSS, X, LABELS).requireBelow(TOL);
            GradientCheck.input(Network.of(layer(Activations.SIGMOID, bias)), Losses.LOG_LOSS, X, LABELS).requireBelow(TOL);
        }
    }

    @Test
    void logLossRefusesALayerWhoseOutputIsNotAProbability() {
        assertMessage(IllegalArgumentException.class,
                () -> GradientCheck.of(layer(Activations.IDENTITY, true), Losses.LOG_LOSS, X, LABELS), "prediction", "sigmoid");
    }

    @Test
    void aWrongDerivativeFailsTheCheck() {
        Activation wrong = Activation.of("tanh with f′ = 1", Math::tanh, a -> 1);
        GradientReport report = GradientCheck.of(layer(wrong, true), Losses.MSE, X, MSE_TARGETS);
        assertTrue(report.maxRelativeError() > 1e-2, report.toString());
        assertMessage(IllegalStateException.class, () -> report.requireBelow(TOL), "layer1.W", "layer1.b");
    }
}
