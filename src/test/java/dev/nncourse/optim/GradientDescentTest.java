package dev.nncourse.optim;

import static dev.nncourse.TestSupport.assertMatrix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

class GradientDescentTest {
    @Test
    void runningMeanEqualsTheAverageOfTheStoredList() {
        Parameter p = new Parameter("W", Matrix.zeros(2, 3));
        GradientDescent gd = new GradientDescent(0.5);
        List<Matrix> stored = new ArrayList<>();   // source 000's dw_list
        for (int batch = 0; batch < 7; batch++) {
            Matrix g = Matrix.gaussian(2, 3, batch);
            stored.add(g);
            p.grad().setTo(g);
            gd.afterBatch(List.of(p), 10);
        }
        double[][] average = new double[2][3];
        for (Matrix g : stored) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) average[i][j] += g.get(i, j) / stored.size();
            }
        }
        assertMatrix(average, gd.meanGradient(p), 1e-14);
        assertEquals(70, gd.count());
        assertEquals(Matrix.zeros(2, 3), p.value(), "no update before the end of the epoch");
    }

    @Test
    void unequalBatchesAreWeightedBySize() {
        Parameter p = new Parameter("b", Matrix.zeros(1, 1));
        GradientDescent gd = new GradientDescent(1);
        int[] sizes = {4, 4, 2};
        double[] grads = {1, 4, 10};
        for (int k = 0; k < 3; k++) {
            p.grad().set(0, 0, grads[k]);
            gd.afterBatch(List.of(p), sizes[k]);
        }
        assertEquals((4 * 1 + 4 * 4 + 2 * 10) / 10.0, gd.meanGradient(p).get(0, 0), 1e-15);
    }

    @Test
    void weightingByBatchSizeGivesTheExactFullBatchGradient() {
        Dense layer = new Dense(3, 2, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(1));
        Matrix x = Matrix.gaussian(10, 3, 2), t = Matrix.gaussian(10, 2, 3);
        layer.backward(Losses.MSE.gradient(layer.forward(x), t));
        Matrix fullW = layer.weightGrad().copy(), fullB = layer.biasGrad().copy();

        GradientDescent gd = new GradientDescent(0.1);
        int[][] batches = {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}};   // the last minibatch is smaller
        for (int[] idx : batches) {
            Matrix xb = x.selectRows(idx), tb = t.selectRows(idx);
            layer.backward(Losses.MSE.gradient(layer.forward(xb), tb));
            gd.afterBatch(layer.parameters(), idx.length);
        }
        Parameter w = layer.parameters().get(0), b = layer.parameters().get(1);
        assertEquals(0, gd.meanGradient(w).maxAbsDiff(fullW), 1e-15);
        assertEquals(0, gd.meanGradient(b).maxAbsDiff(fullB), 1e-15);

        Matrix before = w.value().copy();
        gd.afterEpoch(layer.parameters());
        assertEquals(0, w.value().maxAbsDiff(before.minus(fullW.scale(0.1))), 1e-15);
        assertEquals(0, b.value().maxAbsDiff(fullB.scale(-0.1)), 1e-15);
        assertEquals(0, gd.count());
        assertNull(gd.meanGradient(w), "the running mean starts afresh every epoch");
    }

    @Test
    void nameAndLearningRate() {
        assertEquals(0.5, new GradientDescent(0.5).learningRate());
        assertEquals("gd(lr=0.5)", new GradientDescent(0.5).name());
        assertEquals("gd(lr=0.5)", new GradientDescent(0.5).toString());
    }
}
