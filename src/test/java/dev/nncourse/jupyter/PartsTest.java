package dev.nncourse.jupyter;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Layer;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Parameter;
import dev.nncourse.nn.SoftmaxCrossEntropy;
import dev.nncourse.optim.Adam;
import dev.nncourse.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capstone's checks pass the library's own parts and fail a wrong or unsolved part, naming it. */
class PartsTest {
    @Test void theLibrarysOwnPartsPass() {
        assertTrue(Parts.layer("the library's Dense", Parts.DENSE).contains("✓ the library's Dense: backward returns"));
        assertTrue(Parts.loss("the library's loss", SoftmaxCrossEntropy.INSTANCE).startsWith("✓ the library's loss"));
        assertTrue(Parts.optimizer("the library's Adam", Parts.ADAM).endsWith("step t = 3 is Adam's"));
        assertTrue(Parts.loop("the trainer", Parts.TRAINER).contains("✓ the trainer: it shuffles"));
    }

    /** A dense layer whose backward pass forgets the 1/m of ∂J/∂W. */
    static final class NoMean extends Layer {
        final Dense inner;
        final Parameter w, b;
        Matrix x;

        NoMean(Matrix w, Matrix b, dev.nncourse.nn.Activation f) {
            inner = Dense.of(w, b, f);
            this.w = inner.parameters().get(0);
            this.b = inner.parameters().get(1);
        }

        @Override public Matrix forward(Matrix input) { x = input; return inner.forward(input); }

        @Override public Matrix backward(Matrix g) {
            Matrix dx = inner.backward(g);
            w.setGrad(w.grad().scale(x.rows()));
            return dx;
        }

        @Override public List<Parameter> parameters() { return inner.parameters(); }
    }

    @Test void aLayerWithoutTheMeanFailsNamingTheLayerAndTheGradient() {
        var e = assertThrows(IllegalStateException.class, () -> Parts.layer("your dense layer", NoMean::new));
        assertTrue(e.getMessage().startsWith("✗ your dense layer: ∂J/∂W = (1/m)"), e.getMessage());
    }

    @Test void anAdamWithoutBiasCorrectionFailsAtTheFirstStep() {
        var e = assertThrows(IllegalStateException.class, () -> Parts.optimizer("your Adam",
                (ps, lr) -> new Adam(ps, lr * 0.1 / Math.sqrt(0.001))));   // its first step, uncorrected
        assertTrue(e.getMessage().startsWith("✗ your Adam: θ after step t = 1") && e.getMessage().contains("bias correction"),
                e.getMessage());
    }

    @Test void aStubKeepsItsMessageWithThePartsNameInFront() {
        Loss stub = new Loss() {
            public Matrix perSample(Matrix y, Matrix t) { throw new UnsupportedOperationException("exercise not solved yet"); }
            public Matrix gradient(Matrix y, Matrix t) { throw new UnsupportedOperationException("exercise not solved yet"); }
            public String name() { return "stub"; }
        };
        var e = assertThrows(UnsupportedOperationException.class, () -> Parts.loss("your loss", stub));
        assertTrue(e.getMessage().equals("your loss: exercise not solved yet"), e.getMessage());
    }

    @Test void aLoopThatAveragesBatchMeansOrIgnoresTheSeedFails() {
        var unseeded = assertThrows(IllegalStateException.class, () -> Parts.loop("your loop",
                (net, loss, opt, x, t, epochs, batch, seed) -> Parts.TRAINER.fit(net, loss, opt, x, t, epochs, batch, 7)));
        assertTrue(unseeded.getMessage().startsWith("✗ your loop: it shuffles"), unseeded.getMessage());
        var batchMeans = assertThrows(IllegalStateException.class, () -> Parts.loop("your loop",
                (net, loss, opt, x, t, epochs, batch, seed) -> {
                    double[] h = Trainer.of(net, loss, opt).epochs(epochs).batchSize(batch).seed(seed).fit(x, t).loss();
                    for (int e = 0; e < h.length; e++) h[e] *= batch == 5 ? 1.01 : 1;
                    return h;
                }));
        assertTrue(batchMeans.getMessage().startsWith("✗ your loop: an epoch's loss is the mean"), batchMeans.getMessage());
    }
}
