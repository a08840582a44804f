package dev.nncourse.optim;

import static dev.nncourse.TestSupport.assertMatrix;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link GradientDescent}: one update per epoch with the exact full-batch gradient, folded in as a running mean. */
class GradientDescentTest {
    @Test void theRunningMeanIsTheAverageOfTheStoredList() {
        Parameter p = new Parameter("W", Matrix.zeros(2, 3));
        GradientDescent gd = new GradientDescent(List.of(p), 0.5);
        List<Matrix> stored = new ArrayList<>();   // source 000's dw_list
        for (int batch = 0; batch < 7; batch++) {
            Matrix g = Matrix.gaussian(2, 3, batch);
            stored.add(g);
            p.setGrad(g);
            gd.step(10);
        }
        double[][] average = new double[2][3];
        for (Matrix g : stored) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) average[i][j] += g.get(i, j) / stored.size();
            }
        }
        assertMatrix(average, gd.meanGradient(0), 1e-14);
        assertEquals(70, gd.count());
        assertEquals(Matrix.zeros(2, 3), p.value(), "no update before the end of the epoch");
    }

    @Test void unequalBatchesAreWeightedBySize() {
        Parameter p = new Parameter("b", Matrix.zeros(1, 1));
        GradientDescent gd = new GradientDescent(List.of(p), 1);
        int[] sizes = {4, 4, 2};
        double[] grads = {1, 4, 10};
        for (int k = 0; k < 3; k++) {
            p.setGrad(Matrix.row(grads[k]));
            gd.step(sizes[k]);
        }
        assertEquals((4 * 1 + 4 * 4 + 2 * 10) / 10.0, gd.meanGradient(0).get(0, 0), 1e-15);
    }

    @Test void weightingByBatchSizeGivesTheExactFullBatchGradient() {
        Dense layer = new Dense(3, 2, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(1));
        Matrix x = Matrix.gaussian(10, 3, 2), t = Matrix.gaussian(10, 2, 3);
        layer.backward(Losses.MSE.gradient(layer.forward(x), t));
        Matrix fullW = layer.weightGrad().copy(), fullB = layer.biasGrad().copy();

        GradientDescent gd = new GradientDescent(layer.parameters(), 0.1);
        assertEquals(Matrix.zeros(3, 2), gd.meanGradient(0), "zero before the first step");
        int[][] batches = {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}};   // the last minibatch is smaller
        for (int[] idx : batches) {
            Matrix xb = x.selectRows(idx), tb = t.selectRows(idx);
            layer.backward(Losses.MSE.gradient(layer.forward(xb), tb));
            gd.step(idx.length);
        }
        assertEquals(0, gd.meanGradient(0).maxAbsDiff(fullW), 1e-15);
        assertEquals(0, gd.meanGradient(1).maxAbsDiff(fullB), 1e-15);

        Matrix before = layer.weights().copy();
        gd.endEpoch();
        assertEquals(0, layer.weights().maxAbsDiff(before.minus(fullW.scale(0.1))), 1e-15);
        assertEquals(0, layer.bias().maxAbsDiff(fullB.scale(-0.1)), 1e-15);
        assertEquals(0, gd.count());
        assertEquals(Matrix.zeros(3, 2), gd.meanGradient(0), "the running mean starts afresh every epoch");
    }

    /** Abandoning an epoch forgets its half-summed mean and count, and changes no parameter. */
    @Test void abandoningAnEpochForgetsItsHalfSum() {
        Parameter p = new Parameter("W", Matrix.row(1, 2));
        GradientDescent gd = new GradientDescent(List.of(p), 0.5);
        p.setGrad(Matrix.row(4, 4));
        gd.step(3);
        gd.abandonEpoch();
        assertEquals(0, gd.count());
        assertEquals(Matrix.zeros(1, 2), gd.meanGradient(0));
        p.setGrad(Matrix.row(2, -2));
        gd.step(1);
        gd.endEpoch();
        assertEquals(Matrix.row(0, 3), p.value(), "only the new epoch's gradient was applied");
    }
}
