package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.EntryGradient;
import dev.nncourse.check.GradientCheck;
import dev.nncourse.check.GradientReport;
import dev.nncourse.check.NumericGradient;
import dev.nncourse.linalg.Kernels;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.optim.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dense layer: its equations checked sample by sample with plain loops, against finite differences for every
 * activation and loss, and, as jqwik properties, over random stacks of dense layers against finite differences and a
 * backward pass written out with the reference product. Its stale-state checks are {@link ForwardStampTest}'s.
 */
class DenseTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Loss MSE = Losses.MSE;
    private static final Matrix X = Matrix.gaussian(4, 3, 9);
    private static final Matrix T = Matrix.gaussian(4, 2, 10);

    /** A 3 → 2 tanh layer with a non-zero bias, and a batch of 4 samples. */
    private static Dense layer(boolean bias) {
        Dense d = new Dense(3, 2, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(5), bias);
        if (bias) d.bias().setTo(Matrix.row(0.3, -0.2));
        return d;
    }

    /** a_ij = Σ_k x_ik W_kj + b_j for sample i on its own. */
    private static double pre(Dense d, Matrix x, int i, int j) {
        double a = d.bias() == null ? 0 : d.bias().get(0, j);
        for (int k = 0; k < d.inputs(); k++) a += x.get(i, k) * d.weights().get(k, j);
        return a;
    }

    // ------------------------------------------------------------ the equations

    @Test void forwardEqualsThePerSampleLoopAndCachesInputPreActivationAndOutput() {
        for (boolean bias : new boolean[] {true, false}) {
            Dense d = layer(bias);
            Matrix y = d.forward(X);
            assertSame(X, d.input());
            assertSame(y, d.output());
            assertEquals("4×2", y.shape());
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(pre(d, X, i, j), d.preActivation().get(i, j), 1e-14);
                    assertEquals(Math.tanh(pre(d, X, i, j)), y.get(i, j), 1e-14);
                }
            }
            assertEquals(y, d.predict(X), "predict: the same bits, nothing cached");
        }
    }

    @Test void backwardGradientsAreBatchAveragesOfThePerSampleOnes() {
        Dense d = layer(true);
        Matrix g = MSE.gradient(d.forward(X), T);
        Matrix dx = d.backward(g);
        // δ_ij = g_ij f′(a_ij); ∂J/∂W_kj = (1/m) Σ_i x_ik δ_ij; ∂J/∂b_j = (1/m) Σ_i δ_ij; ∂L/∂x_ik = Σ_j δ_ij W_kj
        for (int j = 0; j < 2; j++) {
            double db = 0;
            for (int i = 0; i < 4; i++) db += g.get(i, j) * (1 - Math.pow(Math.tanh(pre(d, X, i, j)), 2)) / 4;
            assertEquals(db, d.biasGrad().get(0, j), 1e-14);
            for (int k = 0; k < 3; k++) {
                double dw = 0;
                for (int i = 0; i < 4; i++) dw += X.get(i, k) * g.get(i, j) * (1 - Math.pow(Math.tanh(pre(d, X, i, j)), 2)) / 4;
                assertEquals(dw, d.weightGrad().get(k, j), 1e-14);
            }
        }
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 3; k++) {
                double s = 0;
                for (int j = 0; j < 2; j++) s += g.get(i, j) * (1 - Math.pow(Math.tanh(pre(d, X, i, j)),
                        2)) * d.weights().get(k, j);
                assertEquals(s, dx.get(i, k), 1e-14);
            }
        }
    }

    /** A layer computes gradients and never updates: W and b keep their bits and their change counts. */
    @Test void backwardNeverChangesTheParameters() {
        for (int m : new int[] {1, 4}) {
            Dense d = layer(true);
            Matrix w = d.weights().copy(), b = d.bias().copy();
            int wv = Kernels.version(d.weights()), bv = Kernels.version(d.bias());
            Matrix x = X.selectRows(m == 1 ? new int[] {2} : new int[] {0, 1, 2, 3});
            d.backward(MSE.gradient(d.forward(x), T.selectRows(m == 1 ? new int[] {2} : new int[] {0, 1, 2, 3})));
            d.backward(MSE.gradient(d.output(), T.selectRows(m == 1 ? new int[] {2} : new int[] {0, 1, 2, 3})));
            assertEquals(w, d.weights());
            assertEquals(b, d.bias());
            assertEquals(wv, Kernels.version(d.weights()));
            assertEquals(bv, Kernels.version(d.bias()));
        }
    }

    /**
     * Per-sample SGD, backward then {@link Sgd}'s step, gives the bits of the written-out update W ← W − η ∂J/∂W: for
     * one sample the gradient xᵀδ stays two factors and the step adds it row by row (the rank-one path), for a
     * minibatch it is a matrix. And the package's {@code backwardParameters} gives the bits of backward's gradients.
     */
    @Test void backwardThenSgdsStepIsTheWrittenOutUpdateBitForBit() {
        for (boolean bias : new boolean[] {true, false}) {
            for (int m : new int[] {1, 3}) {
                int[] rows = m == 1 ? new int[] {2} : new int[] {0, 1, 3};
                Matrix x = X.selectRows(rows), t = T.selectRows(rows);
                Dense stepped = layer(bias), written = layer(bias), parametersOnly = layer(bias);
                stepped.backward(MSE.gradient(stepped.forward(x), t));
                written.backward(MSE.gradient(written.forward(x), t));
                parametersOnly.backwardParameters(MSE.gradient(parametersOnly.forward(x), t));
                String where = "bias " + bias + ", m = " + m;
                for (int i = 0; i < stepped.parameters().size(); i++) {
                    assertEquals(written.parameters().get(i).grad(), parametersOnly.parameters().get(i).grad(), where);
                }
                new Sgd(stepped.parameters(), 0.1).step(m);
                for (Parameter p : written.parameters()) p.value().addScaledInPlace(p.grad(), -0.1);
                assertEquals(written.weights(), stepped.weights(), where);
                assertEquals(written.bias(), stepped.bias(), where);
                assertEquals(written.weightGrad(), stepped.weightGrad(), where + ": ∂J/∂W is still there to read");
            }
        }
    }

    @Test void backwardMatchesFiniteDifferencesOfTheCost() {
        Dense d = layer(true);
        Matrix dx = d.backward(MSE.gradient(d.forward(X), T));
        Matrix dw = d.weightGrad().copy(), db = d.biasGrad().copy();
        assertTrue(NumericGradient.relativeError(dw, NumericGradient.of(() -> MSE.cost(d.forward(X), T), d.weights(),
                1e-5)) < 1e-8);
        assertTrue(NumericGradient.relativeError(db, NumericGradient.of(() -> MSE.cost(d.forward(X), T), d.bias(), 1e-5)) < 1e-8);
        Matrix x = X.copy();
        // row i of ∂L/∂X is ∂L_i/∂x_i: the gradient of the total, not of the mean
        assertTrue(NumericGradient.relativeError(dx, NumericGradient.of(() -> MSE.total(d.forward(x), T), x, 1e-5)) < 1e-8);
    }

    // ------------------------------------------------------------ making one

    @Nested
    class Making {
        @Test void aLayerWithoutBiasHasOnlyWeights() {
            Dense d = layer(false);
            assertNull(d.bias());
            assertNull(d.biasGrad());
            assertEquals(List.of("W"), d.parameters().stream().map(Parameter::name).toList());
            assertEquals(X.mult(d.weights()).map(Math::tanh), d.forward(X));
            assertEquals("Dense(3 → 2, tanh, no bias)", d.toString());
        }

        @Test void aLayerWithBiasStartsAtZeroBias() {
            Dense d = new Dense(3, 2, Activations.RELU, Initializers.HE, new Random(1));
            assertEquals(Matrix.zeros(1, 2), d.bias());
            assertEquals(List.of("W", "b"), d.parameters().stream().map(Parameter::name).toList());
            assertSame(d.weights(), d.parameters().get(0).value());
            assertEquals(Matrix.zeros(3, 2), d.weightGrad());
            assertEquals(Activations.RELU, d.activation());
            assertEquals("Dense(3 → 2, relu)", d.toString());
        }

        @Test void afterTakesItsInputCountFromThePreviousLayer() {
            Dense first = new Dense(5, 4, Activations.TANH, Initializers.GAUSSIAN, new Random(1));
            Dense second = Dense.after(first, 2, Activations.SIGMOID, Initializers.GAUSSIAN, new Random(2));
            assertEquals(4, second.inputs());
            assertEquals(2, second.neurons());
            assertEquals("4×2", second.weights().shape());
            assertEquals("6×2", second.forward(first.forward(Matrix.zeros(6, 5))).shape());
        }

        /** Two layers never share a W by accident: an initializer that returns one matrix twice is copied from. */
        @Test void anInitializerThatReturnsOneMatrixTwiceDoesNotMakeLayersShareW() {
            Matrix shared = Matrix.gaussian(3, 2, 7);
            Initializer same = Initializers.of("same", (n, k, r) -> shared);
            Dense a = new Dense(3, 2, Activations.TANH, same, new Random(0)), b = new Dense(3, 2, Activations.TANH,
                    same, new Random(0));
            assertNotSame(a.weights(), b.weights());
            assertNotSame(shared, a.weights());
            Matrix before = b.weights().copy();
            a.forward(Matrix.gaussian(5, 3, 1));
            a.backward(Matrix.gaussian(5, 2, 2));
            new Sgd(a.parameters(), 0.5).step(5);
            assertEquals(before, b.weights(), "training one layer changed the other");
            assertEquals(before, shared, "training changed the initializer's matrix");
            // two networks built from the same initializer, too
            Network n1 = Network.builder(3, 0).init(same).dense(2, Activations.TANH).build();
            Network n2 = Network.builder(3, 0).init(same).dense(2, Activations.TANH).build();
            n1.forward(Matrix.gaussian(5, 3, 1));
            n1.backward(Matrix.gaussian(5, 2, 2));
            new Sgd(n1.parameters(), 0.5).step(5);
            assertEquals(before, n2.layer(0).weights());
        }
    }

    // ------------------------------------------------------------ Dense.of

    /** {@link Dense#of}: a layer from given weights, with no initializer and no random generator. */
    @Nested
    class Of {
        private static final Matrix W = Matrix.of(new double[][] {{1, -2}, {0.5, 3}, {-1, 0.25}});
        private static final Matrix B = Matrix.row(0.1, -0.2);

        @Test void computesFOfXwPlusBWithTheGivenWeights() {
            Dense d = Dense.of(W, B, Activations.TANH);
            assertEquals(3, d.inputs());
            assertEquals(2, d.neurons());
            assertEquals("Dense(3 → 2, tanh)", d.toString());
            Matrix x = Matrix.row(2, -1, 4);
            // a_0 = 2·1 − 1·0.5 + 4·(−1) + 0.1 = −2.4, a_1 = 2·(−2) − 3 + 4·0.25 − 0.2 = −6.2
            assertEquals(Math.tanh(-2.4), d.forward(x).get(0, 0), 1e-15);
            assertEquals(Math.tanh(-6.2), d.forward(x).get(0, 1), 1e-15);
        }

        @Test void keepsCopiesSoTheCallersMatricesStayItsOwn() {
            Matrix w = W.copy(), b = B.copy();
            Dense d = Dense.of(w, b, Activations.IDENTITY);
            w.set(0, 0, 100);
            b.set(0, 0, 100);
            assertEquals(1, d.weights().get(0, 0));
            assertEquals(0.1, d.bias().get(0, 0));
            d.weights().set(1, 1, -7);
            assertEquals(3, w.get(1, 1), "training the layer does not change the given matrix");
        }

        @Test void withoutBiasItIsXw() {
            Dense d = Dense.of(W, Activations.IDENTITY);
            assertNull(d.bias());
            assertEquals("Dense(3 → 2, identity, no bias)", d.toString());
            assertEquals(Matrix.row(2, 4), d.forward(Matrix.row(1, 2, 0)));   // 1·(1, −2) + 2·(0.5, 3)
            assertEquals(1, d.parameters().size());
        }

        @Test void equalsTheLayerAnInitializerWouldHaveMadeWithTheseWeights() {
            Dense drawn = new Dense(3, 2, Activations.SIGMOID, Initializers.GAUSSIAN, new Random(4));
            drawn.bias().setTo(B);
            Dense given = Dense.of(drawn.weights(), B, Activations.SIGMOID);
            Matrix x = Matrix.gaussian(5, 3, 2), t = Matrix.gaussian(5, 2, 3);
            assertEquals(drawn.forward(x), given.forward(x));
            drawn.backward(Losses.MSE.gradient(drawn.output(), t));
            given.backward(Losses.MSE.gradient(given.output(), t));
            assertEquals(drawn.weightGrad(), given.weightGrad());
            assertEquals(drawn.biasGrad(), given.biasGrad());
            GradientCheck.of(Network.of(given), Losses.MSE, x, t).requireBelow(1e-7);
        }

        @Test void badArgumentsAreNamed() {
            assertMessage(IAE, () -> Dense.of(null, B, Activations.TANH), "Dense.of", "weights W", "got null");
            assertMessage(IAE, () -> Dense.of(W, B, null), "Dense.of", "activation", "null");
            assertMessage(IAE, () -> Dense.of(W, (Matrix) null, Activations.TANH), "Dense.of", "bias", "Dense.of(W, activation)");
            assertMessage(IAE, () -> Dense.of(W, Matrix.row(1, 2, 3), Activations.TANH), "bias 1×3", "must be 1×2");
            assertMessage(IAE, () -> Dense.of(W, B.transpose(), Activations.TANH), "bias 2×1", "must be 1×2");
            assertMessage(IAE, () -> Dense.of(Matrix.row(1, Double.NaN), Activations.TANH), "weights W", "NaN", "(0, 1)");
            assertMessage(IAE, () -> Dense.of(W, Matrix.row(1, Double.POSITIVE_INFINITY), Activations.TANH), "bias b",
                    "Infinity");
        }
    }

    // ------------------------------------------------------------ bad input

    @Nested
    class BadInput {
        private Dense dense(int n, int k) { return new Dense(n, k, Activations.TANH, Initializers.XAVIER_GAUSSIAN, new Random(1)); }

        @Test void countsAndArguments() {
            assertMessage(IAE, () -> dense(0, 3), "Dense: the number of inputs must be a positive count, got 0");
            assertMessage(IAE, () -> dense(2, -1), "Dense: the number of neurons must be a positive count, got -1");
            assertMessage(IAE, () -> new Dense(2, 2, null, Initializers.HE, new Random(1)), "expected an activation", "got null");
            assertMessage(IAE, () -> new Dense(2, 2, Activations.TANH, Initializers.HE, null), "a random generator", "null");
        }

        @Test void anInitializerThatReturnsNullOrTheWrongShapeIsNamed() {
            assertMessage(IAE, () -> new Dense(3, 2, Activations.TANH, Initializers.of("broken", (n, k, r) -> null), new Random(0)),
                    "initializer broken returned null", "3×2");
            Initializer transposed = Initializers.of("bad", (n, k, rng) -> Matrix.zeros(k, n));
            assertMessage(IAE, () -> new Dense(2, 3, Activations.TANH, transposed, new Random(1)), "initializer bad returned 3×2",
                    "expected a 2×3 matrix");
        }

        /** The shape is checked before the initializer is asked for anything. */
        @Test void aShapeBeyondAnArrayIsRefusedFirst() {
            Initializer never = Initializers.of("never", (n, k, rng) -> {
                throw new AssertionError("the initializer was asked for a " + n + "×" + k + " matrix");
            });
            String limit = "more than the 2147483639 a Java array can hold";
            assertMessage(IAE, () -> new Dense(65536, 65537, Activations.TANH, never, new Random(1)), "Dense: the weights W",
                    "shape 65536×65537", "4295032832 entries", limit);
            assertMessage(IAE, () -> new Dense(46341, 46341, Activations.TANH, never, new Random(1), false), "shape 46341×46341");
        }

        @Test void inputsAndGradientsOfTheWrongShape() {
            Dense d = dense(2, 3);
            assertMessage(IAE, () -> d.forward(Matrix.zeros(4, 3)), "Dense.forward: input 4×3 has 3 columns, expected 2");
            assertMessage(IAE, () -> d.predict(Matrix.zeros(4, 3)), "Dense.predict: input 4×3 has 3 columns, expected 2");
            assertMessage(IAE, () -> d.forward(null), "Dense.forward: expected an input matrix X, got null");
            assertMessage(IllegalStateException.class, () -> d.backward(Matrix.zeros(1, 3)), "Dense.backward: call forward first");
            d.forward(Matrix.zeros(4, 2));
            assertMessage(IAE, () -> d.backward(Matrix.zeros(4, 2)),
                    "Dense.backward: gradient 4×2 must match the layer's output 4×3");
        }
    }

    // ------------------------------------------------------------ gradient checks of every combination

    /**
     * Backpropagation through a dense layer against centred finite differences, for every activation × every loss, with
     * and without bias, at relative error below 1e-7. MSE: the layer (3 → 2) is the whole network. Log loss needs
     * probabilities: a sigmoid output layer (2 → 2) follows, so identity, tanh and ReLU layers are checked as hidden
     * layers there, and the sigmoid layer alone by {@link #aSigmoidLayerAloneUnderLogLoss}. Cross-entropy on logits: an
     * identity output layer follows. ReLU's kink: every pre-activation is kept at least 1e-3 away from 0, so that no
     * ±h step (h = 1e-5, inputs of size ~1) crosses it.
     */
    @Nested
    class EveryActivationAndLoss {
        private static final double TOL = 1e-7;
        private static final Matrix XS = Matrix.gaussian(6, 3, 17);
        private static final Matrix MSE_TARGETS = Matrix.gaussian(6, 2, 18);
        private static final Matrix LABELS = Matrix.of(new double[][] {{0, 1}, {1, 1}, {1, 0}, {0, 0}, {0.25, 1}, {1, 0.6}});

        static Stream<Arguments> combinations() {
            return Activations.ALL.stream().flatMap(f -> Losses.ALL.stream().flatMap(loss ->
                    Stream.of(true, false).map(bias -> Arguments.of(f, loss, bias))));
        }

        /** The layer under test with a non-zero bias, so the bias gradient is checked away from b = 0 too. */
        private static Dense layer(Activation f, boolean bias) {
            Dense d = new Dense(3, 2, f, Initializers.XAVIER_GAUSSIAN, new Random(5), bias);
            if (bias) d.bias().setTo(Matrix.row(0.1, -0.2));
            return d;
        }

        private static Network network(Dense layer, Loss loss) {
            if (loss == Losses.MSE) return Network.of(layer);
            Activation out = loss == Losses.LOG_LOSS ? Activations.SIGMOID : Activations.IDENTITY;   // probabilities or logits
            return Network.of(layer, Dense.after(layer, 2, out, Initializers.XAVIER_GAUSSIAN, new Random(6)));
        }

        @ParameterizedTest(name = "{0} × {1}, bias {2}")
        @MethodSource("combinations")
        void backpropMatchesFiniteDifferences(Activation f, Loss loss, boolean bias) {
            Dense layer = layer(f, bias);
            Network net = network(layer, loss);
            Matrix t = loss == Losses.MSE ? MSE_TARGETS : LABELS;
            net.forward(XS);
            double margin = Arrays.stream(layer.preActivation().toFlatArray()).map(Math::abs).min().orElseThrow();
            assertTrue(f != Activations.RELU || margin > 1e-3, "a pre-activation is within 1e-3 of ReLU's kink: " + margin);

            GradientReport params = GradientCheck.of(net, loss, XS, t).requireBelow(TOL);
            assertEquals(net.parameters().size(), params.rows().size());
            GradientCheck.input(net, loss, XS, t).requireBelow(TOL);
        }

        @Test void aSigmoidLayerAloneUnderLogLoss() {
            for (boolean bias : new boolean[] {true, false}) {
                GradientCheck.of(layer(Activations.SIGMOID, bias), Losses.LOG_LOSS, XS, LABELS).requireBelow(TOL);
                GradientCheck.input(Network.of(layer(Activations.SIGMOID, bias)), Losses.LOG_LOSS, XS, LABELS).requireBelow(TOL);
            }
        }

        @Test void logLossRefusesALayerWhoseOutputIsNotAProbability() {
            assertMessage(IAE, () -> GradientCheck.of(layer(Activations.IDENTITY, true), Losses.LOG_LOSS, XS, LABELS),
                    "prediction", "sigmoid");
        }

        @Test void aWrongDerivativeFailsTheCheck() {
            Activation wrong = Activation.of("tanh with f′ = 1", Math::tanh, a -> 1);
            GradientReport report = GradientCheck.of(layer(wrong, true), Losses.MSE, XS, MSE_TARGETS);
            assertTrue(report.maxRelativeError() > 1e-2, report.toString());
            assertMessage(IllegalStateException.class, () -> report.requireBelow(TOL), "layer1.W", "layer1.b");
        }
    }

    // ------------------------------------------------------------ properties (jqwik): random stacks of dense layers

    /** How close a ReLU pre-activation may come to its kink at 0 before the sample is redrawn. */
    static final double KINK = 1e-3;
    /** The smallest gradient entry, in absolute value, whose relative error of 1e-7 finite differences can resolve. */
    static final double SMALLEST = 1e-3;
    /** How close a leaky ReLU pre-activation may come to the kink at 0 (the five-point stencil moves it by up to ~1e-2). */
    private static final double LEAKY_KINK = 0.03;
    /** Cases checked (not rejected) in this run, by each of the two properties that reject some. */
    static final AtomicInteger CHECKED = new AtomicInteger(), NETWORKS = new AtomicInteger();

    @AfterContainer
    static void enoughCasesWereChecked() {
        assertTrue(CHECKED.get() >= 1000, "only " + CHECKED.get() + " cases were checked; raise tries");
        assertTrue(NETWORKS.get() >= 250, "only " + NETWORKS.get() + " networks were checked; raise tries");
    }

    /** A random case: layer widths (the first is the input size), activations, loss, batch size, bias, seed. */
    record Case(List<Integer> widths, List<Activation> activations, Loss loss, int batch, boolean bias, long seed) {
        Network network() {
            Network.Builder b = Network.builder(widths.get(0), seed).init(Initializers.XAVIER_GAUSSIAN).bias(bias);
            for (int l = 0; l < activations.size(); l++) b.dense(widths.get(l + 1), activations.get(l));
            return b.build();
        }

        Matrix targets(Random rng) {
            int k = widths.get(widths.size() - 1);
            return loss == Losses.MSE ? Matrix.gaussian(batch, k, rng)
                    : Matrix.uniform(batch, k, 1, rng).map(u -> u > 0 ? 1 : 0);   // labels 0 and 1
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Integer> depth = Arbitraries.integers().between(1, 4);
        return depth.flatMap(d -> Combinators.combine(
                Arbitraries.integers().between(1, 5).list().ofSize(d + 1),
                Arbitraries.of(Activations.ALL).list().ofSize(d),
                Arbitraries.of(Losses.MSE, Losses.LOG_LOSS, Losses.SIGMOID_CROSS_ENTROPY),
                Arbitraries.integers().between(1, 6),
                Arbitraries.of(true, false),
                Arbitraries.longs()).as((widths, acts, loss, batch, bias, seed) -> {
                    if (loss != Losses.LOG_LOSS) return new Case(widths, acts, loss, batch, bias, seed);
                    List<Activation> sigmoidOut = new ArrayList<>(acts);   // log loss reads probabilities
                    sigmoidOut.set(d - 1, Activations.SIGMOID);
                    return new Case(widths, sigmoidOut, loss, batch, bias, seed);
                }));
    }

    /** For random architectures, activations, losses and batch shapes: finite differences and the reference kernel agree. */
    @Property(tries = 1100, seed = "20241122")
    void backpropMatchesFiniteDifferencesAndTheReferenceKernel(@ForAll("cases") Case c) {
        Network net = c.network();
        Random rng = new Random(c.seed());
        Matrix x, t;
        int draw = 0;
        do {   // redraw data whose gradient finite differences cannot resolve: see resolvable
            x = Matrix.gaussian(c.batch(), c.widths().get(0), rng);
            t = c.targets(rng);
        } while (!resolvable(net, c.loss(), x, t) && ++draw < 50);
        Assume.that(draw < 50);
        CHECKED.incrementAndGet();

        GradientReport report = GradientCheck.of(net, c.loss(), x, t);
        assertTrue(report.passes(1e-7), c + "\n" + report);

        // GradientCheck's last forward pass used the same x; run backprop again and compare it with the reference.
        net.backward(c.loss().gradient(net.forward(x), t));
        List<Matrix> expected = referenceGradients(net, c.loss(), x, t);
        for (int i = 0; i < expected.size(); i++) {
            Matrix actual = net.parameters().get(i).grad();
            double scale = Math.max(1e-300, expected.get(i).maxAbs());
            assertTrue(actual.maxAbsDiff(expected.get(i)) <= 1e-12 * scale,
                    net.nameOf(net.parameters().get(i)) + " differs from the reference kernel for " + c);
        }
    }

    /**
     * Whether a relative error of 1e-7 can be measured here: no ReLU pre-activation within {@link #KINK} of its kink
     * (where f′ jumps), and every parameter's gradient at least {@link #SMALLEST} in size, since the centred difference
     * carries a round-off error of about ε·J/h ≈ 1e-11 whatever the gradient.
     */
    private static boolean resolvable(Network net, Loss loss, Matrix x, Matrix t) {
        net.backward(loss.gradient(net.forward(x), t));
        for (Dense layer : net.layers()) {
            if (layer.activation() == Activations.RELU) {
                Matrix a = layer.preActivation();
                for (int k = 0; k < a.size(); k++) if (Math.abs(a.at(k)) < KINK) return false;
            }
        }
        return net.parameters().stream().allMatch(p -> p.grad().maxAbs() >= SMALLEST);
    }

    /** ∂J/∂W and ∂J/∂b of every layer, in parameter order, computed with {@link Kernels#reference} and plain loops. */
    static List<Matrix> referenceGradients(Network net, Loss loss, Matrix x, Matrix t) {
        int depth = net.layers().size(), m = x.rows();
        Matrix[] in = new Matrix[depth], pre = new Matrix[depth];
        Matrix o = x;
        for (int l = 0; l < depth; l++) {
            Dense layer = net.layer(l);
            in[l] = o;
            Matrix a = product(o, layer.weights());
            if (layer.bias() != null) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < a.cols(); j++) a.set(i, j, a.get(i, j) + layer.bias().get(0, j));
                }
            }
            pre[l] = a;
            o = layer.activation().f(a);
        }
        Matrix g = loss.gradient(o, t);
        Matrix[][] grads = new Matrix[depth][];
        for (int l = depth - 1; l >= 0; l--) {
            Dense layer = net.layer(l);
            Matrix delta = g.hadamard(layer.activation().df(pre[l]));
            Matrix dw = product(in[l].transpose(), delta).scale(1.0 / m);
            Matrix db = Matrix.zeros(1, delta.cols());
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < delta.cols(); j++) db.set(0, j, db.get(0, j) + delta.get(i, j) / m);
            }
            grads[l] = layer.bias() == null ? new Matrix[] {dw} : new Matrix[] {dw, db};
            g = product(delta, layer.weights().transpose());
        }
        List<Matrix> out = new ArrayList<>();
        for (Matrix[] layerGrads : grads) out.addAll(List.of(layerGrads));
        assertEquals(net.parameters().size(), out.size());
        return out;
    }

    private static Matrix product(Matrix a, Matrix b) {
        Matrix c = Matrix.zeros(a.rows(), b.cols());
        Kernels.reference(a, b, c);
        return c;
    }

    /**
     * Leaky ReLU hidden layers, an identity output, softmax cross-entropy and the L2 penalty: ∂(J + R)/∂θ by backprop
     * against five-point finite differences, entry by entry (relative error ≤ 1e-7, see {@link EntryGradient}).
     */
    @Property(tries = 400, seed = "1404")
    void leakyReluNetworksWithSoftmaxAndTheL2Penalty(@ForAll @IntRange(min = 1, max = 5) int inputs,
            @ForAll @IntRange(min = 0, max = 3) int hidden, @ForAll @IntRange(min = 2, max = 5) int classes,
            @ForAll @IntRange(min = 1, max = 6) int batch, @ForAll @DoubleRange(min = 0.01, max = 0.99) double slope,
            @ForAll @DoubleRange(min = 0, max = 1) double lambda, @ForAll boolean oneHot, @ForAll long seed) {
        Random rng = new Random(seed);
        Network.Builder b = Network.builder(inputs, seed).init(Initializers.HE);
        for (int l = 0; l < hidden; l++) b.dense(1 + rng.nextInt(5), new LeakyRelu(slope));
        Network net = b.dense(classes, Activations.IDENTITY).build();
        Matrix x = Matrix.gaussian(batch, inputs, rng), y = SoftmaxCrossEntropyTest.targets(batch, classes, oneHot, rng);
        L2Penalty r = new L2Penalty(lambda);
        Loss ce = Losses.SOFTMAX_CROSS_ENTROPY;

        net.backward(ce.gradient(net.forward(x), y));
        for (int l = 0; l < hidden; l++) {
            Matrix a = net.layer(l).preActivation();
            for (int k = 0; k < a.size(); k++) Assume.that(Math.abs(a.at(k)) > LEAKY_KINK);
        }
        NETWORKS.incrementAndGet();
        r.addGradient(net.parameters());   // ∂(J + R)/∂θ
        for (Parameter p : net.parameters()) {
            Matrix analytic = p.grad().copy();
            Matrix numeric = EntryGradient.numeric(() -> ce.cost(net.forward(x), y) + r.value(net), p.value());
            EntryGradient.assertClose(net.nameOf(p) + " of " + net, analytic, numeric, 1e-7);
        }
    }

    /** Dense layers with leaky ReLU also send the right gradient back to their input. */
    @Property(tries = 200, seed = "1405")
    void inputGradientThroughLeakyRelu(@ForAll @IntRange(min = 1, max = 5) int inputs, @ForAll @IntRange(min = 1,
            max = 5) int width,
            @ForAll @DoubleRange(min = 0.01, max = 0.99) double slope, @ForAll long seed) {
        Random rng = new Random(seed);
        Network net = Network.of(new Dense(inputs, width, new LeakyRelu(slope), Initializers.HE, rng),
                new Dense(width, 3, Activations.IDENTITY, Initializers.HE, rng));
        Matrix x = Matrix.gaussian(2, inputs, rng), y = SoftmaxCrossEntropyTest.targets(2, 3, true, rng);
        Loss ce = Losses.SOFTMAX_CROSS_ENTROPY;
        Matrix analytic = net.backward(ce.gradient(net.forward(x), y));
        Matrix a = net.layer(0).preActivation();
        for (int k = 0; k < a.size(); k++) Assume.that(Math.abs(a.at(k)) > LEAKY_KINK);
        EntryGradient.assertClose("∂L/∂X", analytic, EntryGradient.numeric(() -> ce.total(net.forward(x), y), x), 1e-7);
    }
}
