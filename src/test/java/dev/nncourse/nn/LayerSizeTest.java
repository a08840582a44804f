package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nncourse.data.Datasets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Layers and networks whose weight matrices would not fit a Java array are refused before anything is drawn, naming
 * the shape; and a network counts its parameters in a long, so the count is never a wrapped int.
 */
class LayerSizeTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final String LIMIT = "more than the 2147483639 a Java array can hold";
    /** An initializer that must not be reached: the shape is refused first. */
    private static final Initializer NEVER = Initializers.of("never", (n, k, rng) -> {
        throw new AssertionError("the initializer was asked for a " + n + "×" + k + " matrix");
    });

    @Test void theIssuesNetworkIsRefusedNotCountedAsZeroParameters() {
        assertMessage(IAE, () -> Network.builder(1 << 30, 1).bias(false).dense(1 << 30, Activations.IDENTITY).build(),
                "Dense", "shape 1073741824×1073741824", "would have 1152921504606846976 entries", LIMIT);
    }

    @Test void denseChecksItsShapeBeforeCallingTheInitializer() {
        assertMessage(IAE, () -> new Dense(65536, 65537, Activations.TANH, NEVER, new Random(1)), "Dense: the weights W",
                "shape 65536×65537", "4295032832 entries", LIMIT);
        assertMessage(IAE, () -> new Dense(46341, 46341, Activations.TANH, NEVER, new Random(1), false), "shape 46341×46341");
    }

    @Test void columnLayerNamesItsShape() {
        assertMessage(IAE, () -> new ColumnLayer(65536, 65537, Activations.TANH, 0.1, new Random(1)), "ColumnLayer",
                "shape 65537×65536", "4295032832 entries", LIMIT);
    }

    @Test void columnLayerNamesNonPositiveCounts() {
        assertMessage(IAE, () -> new ColumnLayer(0, 3, Activations.TANH, 0.1, new Random(1)), "ColumnLayer",
                "got 0 inputs and 3 neurons");
        assertMessage(IAE, () -> new ColumnLayer(2, -1, Activations.TANH, 0.1, new Random(1)), "ColumnLayer",
                "got 2 inputs and -1 neurons");
    }

    @Test void datasetShapesAreCheckedToo() {
        assertMessage(IAE, () -> Datasets.randomRegression(65536, 65537, 1), "shape 65536×65537", LIMIT);
    }

    @Test void parameterCountIsALong() throws NoSuchMethodException {
        assertEquals(long.class, Network.class.getMethod("parameterCount").getReturnType());
        Network net = Network.builder(300, 1).dense(200, Activations.TANH).bias(false).dense(100, Activations.IDENTITY).build();
        assertEquals(300L * 200 + 200 + 200 * 100, net.parameterCount());
    }
}
