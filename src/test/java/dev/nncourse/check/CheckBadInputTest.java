package dev.nncourse.check;

import static dev.nncourse.TestSupport.assertMessage;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import org.junit.jupiter.api.Test;

/** Gradient checks, check cells and datasets name mismatched shapes and bad sizes. */
class CheckBadInputTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    @Test void checksCloseShapes() {
        assertMessage(IllegalStateException.class, () -> Checks.close("W", Matrix.zeros(2, 2), Matrix.zeros(2, 3), 1e-9),
                "✗ W: the left side is 2×2, the right side 2×3");
    }

    @Test void relativeErrorShapes() {
        assertMessage(IAE, () -> NumericGradient.relativeError(Matrix.zeros(2, 2), Matrix.zeros(1, 2)), "relativeError",
                "2×2 and 1×2 differ");
    }

    @Test void gradientCheckTargetShape() {
        Network net = Network.builder(2, 1).dense(1, Activations.TANH).build();
        assertMessage(IAE, () -> GradientCheck.of(net, Losses.MSE, Matrix.zeros(3, 2), Matrix.zeros(3, 2)),
                "prediction 3×1 and target 3×2");
    }

    @Test void datasetRows() {
        assertMessage(IAE, () -> new Dataset(Matrix.zeros(3, 2), Matrix.zeros(2, 1)), "3 input rows but 2 target rows");
    }

    @Test void emptyRandomDataset() {
        assertMessage(IAE, () -> Datasets.randomRegression(0, 2, 1), "at least 1×1", "got 0×2");
    }
}
