package dev.nncourse.optim;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class SgdTest {
    @Test
    void everyBatchStepsAgainstTheGradient() {
        Parameter w = new Parameter("W", Matrix.of(new double[][] {{1, 2}, {3, 4}}));
        Parameter b = new Parameter("b", Matrix.row(0.5, -0.5));
        w.grad().setTo(Matrix.of(new double[][] {{10, 0}, {-10, 1}}));
        b.grad().setTo(Matrix.row(2, 4));
        Sgd sgd = new Sgd(0.1);
        sgd.afterBatch(List.of(w, b), 8);
        assertMatrix(new double[][] {{0, 2}, {4, 3.9}}, w.value(), 1e-15);
        assertMatrix(new double[][] {{0.3, -0.9}}, b.value(), 1e-15);
        sgd.afterBatch(List.of(w, b), 8);
        assertMatrix(new double[][] {{-1, 2}, {5, 3.8}}, w.value(), 1e-15);
        sgd.afterEpoch(List.of(w, b));
        assertMatrix(new double[][] {{-1, 2}, {5, 3.8}}, w.value(), 1e-15);
    }

    @Test
    void stepIsBackwardThenAfterBatchBitForBit() {
        Matrix x = Matrix.gaussian(4, 10, 1), t = Matrix.gaussian(4, 1, 2);
        for (int m : new int[] {1, 4}) {
            Network plain = net(), fused = net();
            Sgd sgd = new Sgd(0.05);
            for (int step = 0; step < 3; step++) {
                Matrix xb = x.selectRows(m == 1 ? new int[] {step} : new int[] {0, 1, 2, 3});
                Matrix tb = t.selectRows(m == 1 ? new int[] {step} : new int[] {0, 1, 2, 3});
                plain.backward(Losses.MSE.gradient(plain.forward(xb), tb));
                sgd.afterBatch(plain.parameters(), m);
                sgd.step(fused, Losses.MSE.gradient(fused.forward(xb), tb), m);
            }
            for (int i = 0; i < plain.parameters().size(); i++) {
                assertEquals(plain.parameters().get(i).value(), fused.parameters().get(i).value(), "m = " + m + ", parameter " + i);
            }
        }
    }

    private static Network net() {
        return Network.builder(10, 3).dense(60, Activations.SIGMOID).dense(7, Activations.TANH).dense(1, Activations.SIGMOID).build();
    }

    @Test
    void learningRateMustBePositiveAndFinite() {
        for (double lr : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertMessage(IllegalArgumentException.class, () -> new Sgd(lr), "learning rate", String.valueOf(lr));
            assertMessage(IllegalArgumentException.class, () -> new GradientDescent(lr), "learning rate", String.valueOf(lr));
        }
        assertEquals(0.25, new Sgd(0.25).learningRate());
        assertEquals("sgd(lr=0.25)", new Sgd(0.25).name());
        assertEquals("sgd(lr=0.25)", new Sgd(0.25).toString());
    }
}
