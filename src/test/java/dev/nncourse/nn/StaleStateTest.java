package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.GradientCheck;
import dev.nncourse.linalg.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Aliasing and stale state: layers never share a W by accident, a network holds each layer object once, and a backward
 * pass that would combine a changed W, b or X with the caches of an earlier forward pass throws instead.
 */
class StaleStateTest {
    private static final Class<IllegalStateException> ISE = IllegalStateException.class;
    private static final Matrix X = Matrix.gaussian(5, 3, 1), G = Matrix.gaussian(5, 2, 2);

    private static Dense dense() { return new Dense(3, 2, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(3)); }

    private static Dense perSample() { return new Dense(3, 2, Activations.SIGMOID, Initializers.XAVIER_GAUSSIAN, new Random(4)); }

    // ------------------------------------------------------------ aliasing

    @Test void anInitializerThatReturnsOneMatrixTwiceDoesNotMakeLayersShareW() {
        Matrix shared = Matrix.gaussian(3, 2, 7);
        Initializer same = Initializers.of("same", (n, k, r) -> shared);
        Dense a = new Dense(3, 2, Activations.TANH, same, new Random(0)), b = new Dense(3, 2, Activations.TANH, same, new Random(0));
        assertNotSame(a.weights(), b.weights());
        assertNotSame(shared, a.weights());
        Matrix before = b.weights().copy();
        a.forward(X);
        a.backwardAndDescend(G, 0.5);
        assertEquals(before, b.weights(), "training one layer changed the other");
        assertEquals(before, shared, "training changed the initializer's matrix");
        // two networks built from the same initializer, too
        Network n1 = Network.builder(3, 0).init(same).dense(2, Activations.TANH).build();
        Network n2 = Network.builder(3, 0).init(same).dense(2, Activations.TANH).build();
        n1.forward(X);
        n1.backwardAndDescend(G, 0.5);
        assertEquals(before, n2.layer(0).weights());
    }

    @Test void anInitializerThatReturnsNullIsNamed() {
        assertMessage(IllegalArgumentException.class,
                () -> new Dense(3, 2, Activations.TANH, Initializers.of("broken", (n, k, r) -> null), new Random(0)),
                "initializer broken returned null", "3×2");
    }

    @Test void aNetworkRefusesTheSameLayerObjectTwice() {
        Dense d = dense(), e = new Dense(2, 2, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(5));
        Dense square = new Dense(2, 2, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(6));
        assertMessage(IllegalArgumentException.class, () -> Network.of(square, square), "layers 1 and 2 are the same Dense object",
                "Create a new Dense for each position");
        assertMessage(IllegalArgumentException.class, () -> Network.of(d, e, square, e), "layers 2 and 4 are the same Dense object");
        assertMessage(IllegalArgumentException.class, () -> new Network(List.of(d, square, square)), "layers 2 and 3");
    }

    @Test void aNetworkRefusesANullLayerNamingItsPosition() {
        Dense d = dense();
        assertMessage(IllegalArgumentException.class, () -> Network.of(d, null), "layer 2 of 2 is null", "expected a Dense layer");
        assertMessage(IllegalArgumentException.class, () -> Network.of(null, d), "layer 1 of 2 is null");
        assertMessage(IllegalArgumentException.class, () -> new Network(Arrays.asList(d, null)), "layer 2 of 2 is null");
        assertMessage(IllegalArgumentException.class, () -> Network.of((Dense[]) null), "at least one layer");
        assertMessage(IllegalArgumentException.class, () -> new Network(null), "at least one layer");
    }

    @Test void twoNetworksMayWrapTheSameLayerObject() {
        Dense d = dense();
        Network a = Network.of(d), b = Network.of(d);
        assertEquals(a.forward(X), b.forward(X));
        GradientCheck.of(d, Losses.MSE, X, G).requireBelow(1e-7);
    }

    // ------------------------------------------------------------ stale backward, Dense

    @Test void backwardAfterAnUpdateThrows() {
        for (Dense d : List.of(dense(), perSample())) {
            d.forward(X);
            d.backward(G);
            d.weights().addScaledInPlace(d.weightGrad(), -0.1);   // an update, as an optimizer makes it
            assertMessage(ISE, () -> d.backward(G), "its weights W changed since the last forward pass", "run forward again");
            d.forward(X);
            d.backward(G);   // fine again
            d.bias().set(0, 1, 0.5);
            assertMessage(ISE, () -> d.backward(G), "its bias b changed");
            assertMessage(ISE, () -> d.backwardAndDescend(G, 0.1), "its bias b changed");
        }
    }

    @Test void backwardAndDescendTwiceAfterOneForwardPassThrows() {
        for (Matrix x : List.of(X, X.getRow(2))) {   // a minibatch, and the fused one-sample path
            Dense d = dense();
            Matrix g = G.selectRows(java.util.stream.IntStream.range(0, x.rows()).toArray());
            d.forward(x);
            d.backwardAndDescend(g, 0.1);
            Matrix w = d.weights().copy(), b = d.bias().copy();
            assertMessage(ISE, () -> d.backwardAndDescend(g, 0.1), "Dense.backwardAndDescend", "its weights W changed");
            assertEquals(w, d.weights(), "the refused step changed W");
            assertEquals(b, d.bias(), "the refused step changed b");
            assertMessage(ISE, () -> d.backward(g), "Dense.backward");
        }
    }

    @Test void anInputChangedSinceTheForwardPassThrows() {
        Dense d = dense();
        Matrix x = X.copy();
        d.forward(x);
        x.set(0, 0, 9);
        assertMessage(ISE, () -> d.backward(G), "the input X of that pass changed");
    }

    @Test void aParameterPerturbedInPlaceIsNoticed() {
        Dense d = dense();
        d.forward(X);
        d.weights().setAt(3, d.weights().at(3) + 1e-5);   // what a finite-difference check does
        assertMessage(ISE, () -> d.backward(G), "its weights W changed");
    }

    // ------------------------------------------------------------ stale backward, Network

    @Test void aNetworkChecksEveryLayerBeforeUpdatingAny() {
        Network net = Network.builder(3, 1).dense(4, Activations.TANH).dense(2, Activations.IDENTITY).build();
        Matrix before1 = net.layer(1).weights().copy(), before0 = net.layer(0).weights().copy();
        net.forward(X);
        net.layer(0).weights().set(0, 0, 1);   // layer 1 stale, layer 2 fresh
        Matrix w0 = net.layer(0).weights().copy();
        assertMessage(ISE, () -> net.backwardAndDescend(G, 0.1), "Dense.backwardAndDescend", "its weights W changed");
        assertEquals(before1, net.layer(1).weights(), "the last layer took its step before the first layer was refused");
        assertEquals(w0, net.layer(0).weights());
        assertTrue(!before0.equals(w0));
    }

    @Test void aNetworkRefusesCachesFromDifferentForwardPasses() {
        Network net = Network.builder(3, 1).dense(4, Activations.TANH).dense(2, Activations.IDENTITY).build();
        net.forward(X);
        net.layer(1).forward(Matrix.gaussian(5, 4, 9));   // the last layer run on its own since
        Matrix w1 = net.layer(1).weights().copy();
        assertMessage(ISE, () -> net.backwardAndDescend(G, 0.1), "layer 2's cached input is not layer 1's output");
        assertMessage(ISE, () -> net.backward(G), "layer 2's cached input is not layer 1's output");
        assertEquals(w1, net.layer(1).weights());
    }

    @Test void aNetworkRefusesAGradientOfTheWrongShapeBeforeUpdatingAny() {
        Network net = Network.builder(3, 1).dense(4, Activations.TANH).dense(2, Activations.IDENTITY).build();
        net.forward(X);
        List<Matrix> before = net.parameters().stream().map(p -> p.value().copy()).toList();
        assertMessage(IllegalArgumentException.class, () -> net.backwardAndDescend(Matrix.zeros(5, 3), 0.1), "5×3", "5×2");
        assertMessage(IllegalArgumentException.class, () -> net.backwardAndDescend(G, Double.NaN), "learning rate", "NaN");
        for (int i = 0; i < before.size(); i++) assertEquals(before.get(i), net.parameters().get(i).value());
    }

    // ------------------------------------------------------------ stale backprop, ColumnLayer

    @Test void columnLayerBackpropTwiceAfterOneFeedforwardThrows() {
        ColumnLayer l = new ColumnLayer(3, 2, Activations.TANH, 0.1, new Random(1));
        Matrix a1 = X.transpose(), dA = G.transpose();
        l.feedforward(a1);
        l.backprop(dA);
        Matrix w = l.weights().copy();
        assertMessage(ISE, () -> l.backprop(dA), "ColumnLayer.backprop", "W changed since the last feedforward",
                "call feedforward again");
        assertEquals(w, l.weights());
        l.feedforward(a1);
        l.backprop(dA);   // fine again
        l.feedforward(a1);
        l.bias().set(0, 0, 3);
        assertMessage(ISE, () -> l.backprop(dA), "b changed");
        l.feedforward(a1);
        a1.set(0, 0, 3);
        assertMessage(ISE, () -> l.backprop(dA), "the input A1 changed");
    }
}
