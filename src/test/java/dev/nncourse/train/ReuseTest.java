package dev.nncourse.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Dropout;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Layer;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Adam;
import dev.nncourse.optim.Optimizer;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code Trainer.fit} turns on {@link Network#setReuse} (the library's layers write each step's matrices over the
 * last step's): a learner's own layers, which allocate fresh matrices and know nothing of reuse, still train to the
 * same bits as a plain loop of forward, backward and step with reuse off, beside the library's layers, across
 * minibatches of two sizes.
 */
class ReuseTest {
    /** Y = s·X with a trainable scalar s, as the Javadoc of {@link Layer} writes it: fresh matrices every pass. */
    static final class Scale extends Layer {
        final Parameter s = new Parameter("s", Matrix.filled(1, 1, 1.5));
        Matrix x;

        @Override public Matrix forward(Matrix input) { x = input; return input.scale(s.value().at(0)); }

        @Override public Matrix backward(Matrix g) {
            s.setGrad(Matrix.filled(1, 1, g.hadamard(x).sum() / x.rows()));
            return g.scale(s.value().at(0));
        }

        @Override public List<Parameter> parameters() { return List.of(s); }
    }

    /** Y = X and ∂L/∂X = G, returning the very matrices it was given (a dense layer's kept output flows through). */
    static final class PassThrough extends Layer {
        @Override public Matrix forward(Matrix input) { return input; }

        @Override public Matrix backward(Matrix g) { return g; }
    }

    static Network network() {
        Random rng = new Random(3);
        return Network.of(new Dense(5, 8, Activations.RELU, Initializers.HE, rng), new PassThrough(), new Scale(),
                new Dropout(0.25, 11), new Dense(8, 6, Activations.TANH, Initializers.XAVIER_GAUSSIAN, rng), new Scale(),
                new Dense(6, 3, Activations.IDENTITY, Initializers.XAVIER_GAUSSIAN, rng));
    }

    @Test
    void learnersLayersTrainInTheTrainerAsInAPlainLoopWithoutReuse() {
        Matrix x = Matrix.gaussian(23, 5, 1);
        Matrix t = Matrix.zeros(23, 3);
        for (int i = 0; i < 23; i++) t.set(i, i % 3, 1);
        Loss loss = Losses.SOFTMAX_CROSS_ENTROPY;
        int batch = 5, epochs = 3;   // minibatches of 5, 5, 5, 5 and 3

        Network trained = network();
        Trainer.of(trained, loss, new Adam(trained.parameters(), 0.01)).batchSize(batch).shuffle(false).epochs(epochs)
                .fit(x, t);

        Network plain = network();
        Optimizer adam = new Adam(plain.parameters(), 0.01);
        for (int epoch = 0; epoch < epochs; epoch++) {
            plain.setTraining(true);
            for (int from = 0; from < x.rows(); from += batch) {
                int[] rows = IntStream.range(from, Math.min(x.rows(), from + batch)).toArray();
                Matrix xb = x.selectRows(rows), tb = t.selectRows(rows);
                plain.backward(loss.gradient(plain.forward(xb), tb));
                adam.step(rows.length);
            }
            adam.endEpoch();
            plain.setTraining(false);
        }

        List<Parameter> a = trained.parameters(), b = plain.parameters();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i).value().toFlatArray(), a.get(i).value().toFlatArray(), "parameter " + i);
        }
        assertFalse(trained.isReusing(), "fit leaves reuse as it found it");
    }

    @Test
    void afterFitEveryPassReturnsNewMatrices() {
        Network net = network();
        Matrix x = Matrix.gaussian(4, 5, 2), t = Matrix.zeros(4, 3);
        Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, new Adam(net.parameters(), 0.01)).batchSize(4).fit(x, t.plus(1.0 / 3));
        net.setTraining(true);
        Matrix y1 = net.forward(x), copy = y1.copy();
        Matrix y2 = net.forward(Matrix.gaussian(4, 5, 3));
        assertNotSame(y1, y2);
        assertArrayEquals(copy.toFlatArray(), y1.toFlatArray(), "the first pass's output is the caller's to keep");
    }
}
