package dev.nncourse.optim;

import static dev.nncourse.TestSupport.assertMatrix;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Sgd}: after every minibatch, θ ← θ − η ∂J/∂θ. */
class SgdTest {
    @Test void everyStepGoesAgainstTheGradient() {
        Parameter w = new Parameter("W", Matrix.of(new double[][] {{1, 2}, {3, 4}}));
        Parameter b = new Parameter("b", Matrix.row(0.5, -0.5));
        w.setGrad(Matrix.of(new double[][] {{10, 0}, {-10, 1}}));
        b.setGrad(Matrix.row(2, 4));
        Sgd sgd = new Sgd(List.of(w, b), 0.1);
        sgd.step(8);
        assertMatrix(new double[][] {{0, 2}, {4, 3.9}}, w.value(), 1e-15);
        assertMatrix(new double[][] {{0.3, -0.9}}, b.value(), 1e-15);
        sgd.step(8);
        assertMatrix(new double[][] {{-1, 2}, {5, 3.8}}, w.value(), 1e-15);
        sgd.endEpoch();
        sgd.abandonEpoch();
        assertMatrix(new double[][] {{-1, 2}, {5, 3.8}}, w.value(), 1e-15);
        assertEquals(2, sgd.steps());
        assertEquals(0.1, sgd.learningRate());
    }

    /**
     * Per-sample SGD (the gradient xᵀδ kept as two factors, the step a rank-one update) and minibatch SGD give the bits
     * of backward then θ ← θ − η ∂J/∂θ with the gradient written out, on a network as wide as the benchmarks'.
     */
    @Test void itsStepIsTheWrittenOutUpdateBitForBit() {
        Matrix x = Matrix.gaussian(4, 10, 1), t = Matrix.gaussian(4, 1, 2);
        for (int m : new int[] {1, 4}) {
            Network written = net(), stepped = net();
            Sgd sgd = new Sgd(stepped.parameters(), 0.05);
            for (int step = 0; step < 3; step++) {
                int[] rows = m == 1 ? new int[] {step} : new int[] {0, 1, 2, 3};
                Matrix xb = x.selectRows(rows), tb = t.selectRows(rows);
                written.backward(Losses.MSE.gradient(written.forward(xb), tb));
                for (Parameter p : written.parameters()) p.value().addScaledInPlace(p.grad(), -0.05);
                stepped.backwardParameters(Losses.MSE.gradient(stepped.forward(xb), tb));
                sgd.step(m);
            }
            for (int i = 0; i < written.parameters().size(); i++) {
                assertEquals(written.parameters().get(i).value(), stepped.parameters().get(i).value(), "m = " + m
                        + ", parameter " + i);
            }
        }
    }

    private static Network net() {
        return Network.builder(10, 3).dense(60, Activations.SIGMOID).dense(7, Activations.TANH)
                .dense(1, Activations.SIGMOID).build();
    }
}
