package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.GradientCheck;
import dev.nncourse.check.GradientReport;
import dev.nncourse.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Max pooling: the maximum of every window, the gradient to the maximum alone, and bad shapes named. */
class MaxPool2DTest {
    @Test void takesEachWindowsMaximumChannelByChannel() {
        // one sample, 2 channels of 2×4; 2×2 windows with stride 2
        Matrix x = Matrix.row(1, 5, 2, 0, 3, 4, 8, 7, -1, -2, -3, -4, -5, -6, -7, -8);
        MaxPool2D pool = new MaxPool2D(2, 2, 4, 2, 2);
        assertEquals(Matrix.row(5, 8, -1, -3), pool.forward(x));
        assertEquals("MaxPool2D(2×2×4 → 2×1×2, 2×2, stride 2)", pool.toString());
    }

    @Test void theGradientGoesToEachWindowsMaximumOnly() {
        Matrix x = Matrix.row(1, 5, 2, 0, 3, 4, 8, 7, -1, -2, -3, -4, -5, -6, -7, -8);
        MaxPool2D pool = new MaxPool2D(2, 2, 4, 2, 2);
        pool.forward(x);
        Matrix dx = pool.backward(Matrix.row(10, 20, 30, 40));
        assertEquals(Matrix.row(0, 10, 0, 0, 0, 0, 20, 0, 30, 0, 40, 0, 0, 0, 0, 0), dx);
    }

    @Test void overlappingWindowsAddTheirGradients() {
        MaxPool2D pool = new MaxPool2D(1, 2, 3, 2, 1);   // two 2×2 windows of a 2×3 image, sharing its middle column
        assertEquals(Matrix.row(9, 9), pool.forward(Matrix.row(0, 9, 1, 0, 0, 0)));
        assertEquals(Matrix.row(0, 5, 0, 0, 0, 0), pool.backward(Matrix.row(2, 3)));
    }

    @Test void passesTheGradientCheckAwayFromTies() {
        Random rng = new Random(2);
        Network net = Network.of(new Conv2D(1, 6, 6, 2, 3, 1, 1, Activations.TANH, Initializers.HE, rng),
                new MaxPool2D(2, 6, 6, 2, 2), new Dense(18, 2, Activations.IDENTITY, Initializers.HE, rng));
        Matrix x = Matrix.gaussian(3, 36, 4), t = Matrix.of(new double[][] {{1, 0}, {0, 1}, {1, 0}});
        GradientReport r = GradientCheck.of(net, Losses.SOFTMAX_CROSS_ENTROPY, x, t);
        assertTrue(r.maxEntryError() < 1e-7, r.toString());
    }

    @Test void windowsThatDoNotFitAreRefused() {
        assertMessage(IllegalArgumentException.class, () -> new MaxPool2D(1, 3, 3, 4, 1), "4×4 window", "height 3");
        assertMessage(IllegalArgumentException.class, () -> new MaxPool2D(1, 5, 5, 2, 2), "stride 2", "5 − 2 = 3");
        assertMessage(IllegalArgumentException.class, () -> new MaxPool2D(2, 4, 4, 2, 2).forward(Matrix.zeros(1, 16)),
                "16 columns", "2×4×4 = 32");
    }
}
