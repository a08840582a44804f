package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.optim.Sgd;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ForwardStamp}, the one stale-state check, through every class that uses it: {@link Dense}, {@link Dropout},
 * {@link ColumnLayer} and {@link Network} (around every layer; a learner's own layer is {@link LayerTest}'s). A backward
 * pass belongs to one forward pass: before any forward pass, after the input or a parameter of that pass changed in
 * place, or with a G of another shape than the output, it is refused with the same words everywhere, and changes
 * nothing; after a new forward pass it runs.
 */
class ForwardStampTest {
    private static final Class<IllegalStateException> ISE = IllegalStateException.class;
    private static final String CHANGED = " changed since the last forward pass (by an update or a write), so the values "
            + "cached by that pass no longer match; run forward again before each backward pass";

    /**
     * One user of the stamp: its forward and backward passes, an input and a gradient that fit, what its messages start
     * with ({@code who}), and its parameters with the words that name each one when it has changed.
     */
    record Subject(String name, String who, Matrix x, Matrix g, UnaryOperator<Matrix> forward, UnaryOperator<Matrix> backward,
                   List<Matrix> parameters, List<String> changed, List<Matrix> gradients) {
        @Override public String toString() { return name; }

        /** Copies of the gradients the subject has stored so far. */
        List<Matrix> gradientsNow() { return gradients.stream().map(Matrix::copy).toList(); }
    }

    private static Dense dense(int n, int k, long seed) {
        return new Dense(n, k, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(seed));
    }

    private static List<Matrix> grads(List<Parameter> ps) { return ps.stream().map(Parameter::grad).toList(); }

    static Stream<Subject> subjects() {
        Matrix x = Matrix.gaussian(5, 3, 1), g = Matrix.gaussian(5, 2, 2);
        Dense d = dense(3, 2, 3);
        Dropout drop = new Dropout(0.5, 4);
        drop.setTraining(true);
        ColumnLayer col = new ColumnLayer(3, 2, Activations.TANH, 0.1, new Random(5));
        Network net = Network.builder(3, 6).dense(4, Activations.TANH).dropout(0.3).dense(2, Activations.IDENTITY).build();
        net.setTraining(true);
        return Stream.of(
                new Subject("Dense", "Dense.backward", x.copy(), g, d::forward, d::backward, List.of(d.weights(), d.bias()),
                        List.of("its weights W", "its bias b"), grads(d.parameters())),
                new Subject("Dropout", "Dropout.backward", x.copy(), Matrix.gaussian(5, 3, 7), drop::forward, drop::backward,
                        List.of(), List.of(), List.of()),
                new Subject("ColumnLayer", "ColumnLayer.backward", x.transpose(), g.transpose(), col::feedforward, col::backward,
                        List.of(col.weights(), col.bias()), List.of("its weights W", "its bias b"), List.of()),
                new Subject("Network", "Network.backward, layer 2", x.copy(), g, net::forward, net::backward,
                        List.of(net.layer(1).weights(), net.layer(0).weights()),
                        List.of("layer 2: its weights W", "layer 1: its weights W"), grads(net.parameters())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void backwardBeforeAnyForwardPassIsRefused(Subject s) {
        String forward = s.name().equals("ColumnLayer") ? "feedforward" : "forward";   // source 001's name there
        assertMessage(ISE, () -> s.backward().apply(s.g()), s.who() + ": call " + forward + " first; there is no forward pass "
                + "to go back through");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void backwardAfterTheInputChangedIsRefused(Subject s) {
        s.forward().apply(s.x());
        List<Matrix> before = s.gradientsNow();
        s.x().set(0, 0, s.x().get(0, 0) + 1);
        String who = s.name().equals("Network") ? "Network.backward, layer 1" : s.who();
        assertMessage(ISE, () -> s.backward().apply(s.g()), who + ": the input X of that pass" + CHANGED);
        assertEquals(before, s.gradientsNow(), "a refused backward pass set a gradient");
        s.forward().apply(s.x());
        s.backward().apply(s.g());   // fine again
    }

    /** A parameter changed in place, as an update, a {@code set} or a finite-difference check's nudge does it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void backwardAfterAParameterChangedIsRefused(Subject s) {
        for (int i = 0; i < s.parameters().size(); i++) {
            s.forward().apply(s.x());
            List<Matrix> before = s.gradientsNow();
            Matrix p = s.parameters().get(i);
            p.setAt(0, p.at(0) + 1e-5);
            String who = s.name().equals("Network") ? "Network.backward, " : s.who() + ": ";
            assertMessage(ISE, () -> s.backward().apply(s.g()), who + s.changed().get(i) + CHANGED);
            assertEquals(before, s.gradientsNow(), "a refused backward pass set a gradient");
        }
        s.forward().apply(s.x());
        s.backward().apply(s.g());   // fine again
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void aGradientOfAnotherShapeIsRefused(Subject s) {
        Matrix y = s.forward().apply(s.x());
        Matrix wrong = Matrix.zeros(y.rows() + 1, y.cols());
        assertMessage(IllegalArgumentException.class, () -> s.backward().apply(wrong), s.who() + ": gradient "
                + wrong.shape() + " must match the layer's output " + y.shape());
        assertMessage(IllegalArgumentException.class, () -> s.backward().apply(null), s.who() + ": gradient null must match");
    }

    // ------------------------------------------------------------ what each adds

    /** The optimizer's update after a backward pass makes the forward pass's caches stale: one backward per forward. */
    @Test void aBackwardPassAfterAnUpdateIsRefused() {
        for (int m : new int[] {1, 5}) {   // a one-sample gradient (kept as factors) and a minibatch's
            Dense d = dense(3, 2, 8);
            Matrix x = Matrix.gaussian(m, 3, 9), g = Matrix.gaussian(m, 2, 10);
            d.forward(x);
            d.backward(g);
            new Sgd(d.parameters(), 0.1).step(m);
            Matrix w = d.weights().copy();
            assertMessage(ISE, () -> d.backward(g), "Dense.backward: its weights W" + CHANGED);
            assertEquals(w, d.weights());
        }
    }

    /** Every layer is checked before any layer runs: a stale first layer stops the pass before the last one's. */
    @Test void aNetworkChecksEveryLayerBeforeAnyRuns() {
        Network net = Network.builder(3, 1).dense(4, Activations.TANH).dense(2, Activations.IDENTITY).build();
        Matrix x = Matrix.gaussian(5, 3, 1), g = Matrix.gaussian(5, 2, 2);
        net.forward(x);
        net.layer(0).weights().set(0, 0, 1);   // layer 1 stale, layer 2 fresh
        assertMessage(ISE, () -> net.backward(g), "Network.backward, layer 1: its weights W changed");
        assertMessage(ISE, () -> net.backwardParameters(g), "Network.backward, layer 1: its weights W changed");
        assertEquals(Matrix.zeros(4, 2), net.layer(1).weightGrad(), "the last layer ran before the first was checked");
    }

    /** A layer of a network run forward on its own since holds the caches of that other pass: refused. */
    @Test void aNetworkRefusesCachesFromAnotherForwardPass() {
        Network net = Network.builder(3, 1).dense(4, Activations.TANH).dropout(0.5).dense(2, Activations.IDENTITY).build();
        net.setTraining(true);
        Matrix x = Matrix.gaussian(5, 3, 1), g = Matrix.gaussian(5, 2, 2);
        net.forward(x);
        net.layer(1).forward(Matrix.gaussian(5, 4, 9));   // the last layer run on its own
        assertMessage(ISE, () -> net.backward(g), "Network.backward: layer 2 was run forward on its own since the network's "
                + "forward pass, so its caches belong to that other pass; run forward through the network again");
        net.forward(x);
        net.allLayers().get(1).forward(net.layer(0).output());   // the dropout alone: a new mask and output
        assertMessage(ISE, () -> net.backward(g), "Network.backward: the Dropout after layer 1 was run forward on its own");
        net.forward(x);
        net.backward(g);   // fine again
    }

    /** ColumnLayer's backprop updates W and b (source 001's design): so one feedforward allows one backprop. */
    @Test void columnLayerBackpropTwiceAfterOneFeedforwardIsRefused() {
        ColumnLayer l = new ColumnLayer(3, 2, Activations.TANH, 0.1, new Random(1));
        Matrix a1 = Matrix.gaussian(3, 5, 1), dA = Matrix.gaussian(2, 5, 2);
        l.feedforward(a1);
        l.backprop(dA);
        Matrix w = l.weights().copy();
        assertMessage(ISE, () -> l.backprop(dA), "ColumnLayer.backprop: its weights W" + CHANGED);
        assertEquals(w, l.weights());
        l.feedforward(a1);
        l.backprop(dA);   // fine again
    }
}
