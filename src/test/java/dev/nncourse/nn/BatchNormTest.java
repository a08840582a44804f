package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.GradientCheck;
import dev.nncourse.check.GradientReport;
import dev.nncourse.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Batch normalisation: the minibatch's statistics in training, the running ones in evaluation, its gradients. */
class BatchNormTest {
    @Test void inTrainingEveryColumnComesOutWithMeanZeroAndVarianceOne() {
        BatchNorm bn = new BatchNorm(3);
        bn.setTraining(true);
        Matrix y = bn.forward(Matrix.gaussian(50, 3, 1).scale(7).plus(4));
        Matrix mean = y.columnMeans(), var = y.hadamard(y).columnMeans();
        for (int j = 0; j < 3; j++) {
            assertEquals(0, mean.at(j), 1e-12);
            assertEquals(1, var.at(j), 1e-5, "σ² / (σ² + ε)");
        }
    }

    @Test void theRunningAveragesMoveTowardsTheMinibatchsAndServeInEvaluation() {
        BatchNorm bn = new BatchNorm(1);
        bn.setTraining(true);
        bn.forward(Matrix.column(1, 3));                 // mean 2, variance 1
        assertEquals(0.1 * 2, bn.runningMean().at(0), 1e-15);
        assertEquals(0.9 * 1 + 0.1 * 1, bn.runningVariance().at(0), 1e-15);
        bn.setTraining(false);
        double expected = (5 - 0.2) / Math.sqrt(1 + BatchNorm.EPS);
        assertEquals(expected, bn.forward(Matrix.column(5)).at(0), 1e-15, "one sample in evaluation: the running stats");
        assertEquals(bn.predict(Matrix.column(5)), bn.forward(Matrix.column(5)));
    }

    @Test void passesTheGradientCheckInTrainingAndInEvaluation() {
        Random rng = new Random(3);
        for (boolean training : new boolean[] {true, false}) {
            BatchNorm bn = new BatchNorm(4);
            bn.parameters().get(0).value().setTo(Matrix.gaussian(1, 4, 5));
            bn.parameters().get(1).value().setTo(Matrix.gaussian(1, 4, 6));
            Network net = Network.of(new Dense(3, 4, Activations.TANH, Initializers.HE, rng), bn,
                    new Dense(4, 2, Activations.IDENTITY, Initializers.HE, rng));
            net.setTraining(training);
            Matrix x = Matrix.gaussian(6, 3, 7), t = Matrix.gaussian(6, 2, 8);
            GradientReport params = GradientCheck.of(net, Losses.MSE, x, t), input = GradientCheck.input(net, Losses.MSE, x, t);
            assertTrue(params.maxEntryError() < 1e-7, "training " + training + ": " + params);
            assertTrue(input.maxEntryError() < 1e-7, "training " + training + ": " + input);
        }
    }

    @Test void aMinibatchOfOneIsRefusedInTraining() {
        BatchNorm bn = new BatchNorm(2);
        bn.setTraining(true);
        assertMessage(IllegalArgumentException.class, () -> bn.forward(Matrix.row(1, 2)), "minibatch of 1 sample",
                "variance 0", "evaluation mode");
        assertMessage(IllegalArgumentException.class, () -> bn.forward(Matrix.zeros(3, 5)), "5 columns", "expected 2");
    }

    @Test void aNetworksSnapshotPutsTheRunningAveragesBack() {
        BatchNorm bn = new BatchNorm(2);
        Network net = Network.of(new Dense(2, 2, Activations.TANH, Initializers.HE, new Random(1)), bn);
        Network.Snapshot before = net.snapshot();
        net.setTraining(true);
        net.forward(Matrix.gaussian(8, 2, 2));
        assertNotEquals(Matrix.zeros(1, 2), bn.runningMean());
        before.restore();
        assertEquals(Matrix.zeros(1, 2), bn.runningMean());
        assertEquals(Matrix.filled(1, 2, 1), bn.runningVariance());
    }
}
