package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.EntryGradient;
import dev.nncourse.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inverted dropout: its rate, its two modes, its mask, its expectation and its backward pass. */
class DropoutTest {
    private static final Matrix X = Matrix.gaussian(40, 30, 5);

    private static Dropout training(double p, long seed) {
        Dropout d = new Dropout(p, seed);
        d.setTraining(true);
        return d;
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1, 1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0 - 1e-300})
    void aRateOutside0To1IsNamed(double p) {
        assertMessage(IllegalArgumentException.class, () -> new Dropout(p, 1), "Dropout: the rate p must be a number in [0, 1)",
                "got " + p);
        assertMessage(IllegalArgumentException.class, () -> Network.builder(2, 1).dense(2, Activations.TANH).dropout(p),
                "got " + p);
    }

    @Test void aRateOf1SaysWhy() {
        assertMessage(IllegalArgumentException.class, () -> new Dropout(1, 1), "p = 1 would drop everything");
    }

    @Test void aNegativeDrawCountIsNamed() {
        assertMessage(IllegalArgumentException.class, () -> new Dropout(0.5, 1, -3), "number of entries drawn", "got -3");
    }

    /** A refused dropout changes nothing in the builder: the next layers get the weights they would have got. */
    @Test void aRefusedRateLeavesTheBuildersGeneratorAlone() {
        Network.Builder b = Network.builder(3, 9).dense(4, Activations.TANH);
        assertMessage(IllegalArgumentException.class, () -> b.dropout(2), "got 2.0");
        Network net = b.dense(2, Activations.IDENTITY).build();
        Network plain = Network.builder(3, 9).dense(4, Activations.TANH).dense(2, Activations.IDENTITY).build();
        assertEquals(plain.layer(1).weights(), net.layer(1).weights());
    }

    @Test void evaluationModeIsTheDefaultAndTheIdentity() {
        Dropout d = new Dropout(0.5, 3);
        assertFalse(d.isTraining());
        assertSame(X, d.forward(X));
        assertNull(d.mask());
        Matrix g = Matrix.gaussian(40, 30, 6);
        assertEquals(g, d.backward(g));
        assertEquals(0, d.draws(), "no mask is drawn in evaluation");
    }

    @Test void trainingModeKeepsAndScalesAsTheMaskSays() {
        Dropout d = training(0.25, 3);
        Matrix y = d.forward(X), m = d.mask();
        for (int k = 0; k < X.size(); k++) {
            assertTrue(m.at(k) == 0 || m.at(k) == 1, "mask entry " + m.at(k));
            assertEquals(m.at(k) == 0 ? 0 : X.at(k) * (1 / 0.75), y.at(k), "entry " + k);
        }
        assertEquals(X.size(), d.draws());
        Matrix g = Matrix.gaussian(40, 30, 6);
        Matrix back = d.backward(g);
        for (int k = 0; k < X.size(); k++) assertEquals(m.at(k) == 0 ? 0 : g.at(k) * d.scale(), back.at(k), "entry " + k);
        m.setAt(0, 1 - m.at(0));
        assertNotEquals(m, d.mask(), "mask() is a copy");
    }

    @Test void theKeptFractionIsOneMinusP() {
        for (double p : new double[] {0, 0.1, 0.5, 0.9}) {
            Dropout d = training(p, 11);
            int n = 200_000;
            double kept = d.forward(Matrix.filled(400, 500, 1)).sum() * (1 - p) / n;
            double sigma = Math.sqrt(p * (1 - p) / n);
            assertEquals(1 - p, kept, 5 * sigma + 1e-12, "p = " + p);
        }
    }

    /** E[dropout(x)] = x: the mean of many passes is within 5 standard errors of x in every entry. */
    @Property(tries = 40, seed = "1313")
    void theExpectationIsTheInput(@ForAll @DoubleRange(min = 0, max = 0.9) double p, @ForAll @IntRange(min = 1, max = 5) int rows,
            @ForAll @IntRange(min = 1, max = 5) int cols, @ForAll long seed) {
        Matrix x = Matrix.gaussian(rows, cols, seed);
        Dropout d = training(p, seed);
        int n = 4000;
        Matrix sum = Matrix.zeros(rows, cols);
        for (int s = 0; s < n; s++) sum.addScaledInPlace(d.forward(x), 1);
        Matrix mean = sum.scale(1.0 / n);
        for (int k = 0; k < x.size(); k++) {
            double se = Math.abs(x.at(k)) * Math.sqrt(p / (1 - p) / n);
            assertEquals(x.at(k), mean.at(k), 5 * se + 1e-12, "entry " + k + ", p = " + p);
        }
    }

    @Test void masksAreReproducibleAndResumable() {
        Dropout a = training(0.4, 77), b = training(0.4, 77);
        a.forward(X);
        Matrix second = a.forward(X);
        b.forward(X);
        b.forward(X);
        assertEquals(a.mask(), b.mask(), "the same seed, the same masks");
        Dropout resumed = new Dropout(0.4, 77, X.size());
        resumed.setTraining(true);
        assertEquals(second, resumed.forward(X), "goes on after draws entries");
        assertNotEquals(training(0.4, 78).forward(X), training(0.4, 77).forward(X), "another seed, other masks");
    }

    @Test void pZeroKeepsEverything() {
        Dropout d = training(0, 5);
        assertEquals(X, d.forward(X));
        assertEquals(Matrix.filled(40, 30, 1), d.mask());
    }

    /**
     * Backprop through dropout in training mode against five-point finite differences, entry by entry (relative error
     * ≤ 1e-7). A training-mode forward pass draws a new mask each time, so the objective rebuilds the network around the
     * same dense layers with fresh dropout layers at the generator position of the analytic pass: the same masks.
     */
    @Property(tries = 200, seed = "1501")
    void gradientsThroughDropoutInTraining(@ForAll @IntRange(min = 1, max = 4) int inputs,
            @ForAll @IntRange(min = 1, max = 5) int width, @ForAll @IntRange(min = 2, max = 4) int classes,
            @ForAll @IntRange(min = 1, max = 5) int batch, @ForAll @DoubleRange(min = 0, max = 0.8) double p,
            @ForAll boolean inputDropout, @ForAll long seed) {
        Random rng = new Random(seed);
        Dense hidden = new Dense(inputs, width, Activations.TANH, Initializers.XAVIER_GAUSSIAN, rng);
        Dense out = new Dense(width, classes, Activations.IDENTITY, Initializers.XAVIER_GAUSSIAN, rng);
        long s1 = rng.nextLong(), s2 = rng.nextLong();
        Supplier<Network> fresh = () -> {
            List<Layer> layers = new ArrayList<>();
            if (inputDropout) layers.add(new Dropout(p, s1));
            layers.add(hidden);
            layers.add(new Dropout(p, s2));
            layers.add(out);
            Network net = new Network(layers);
            net.setTraining(true);
            return net;
        };
        Matrix x = Matrix.gaussian(batch, inputs, rng), y = SoftmaxCrossEntropyTest.targets(batch, classes, true, rng);
        Network net = fresh.get();
        Matrix dx = net.backward(Losses.SOFTMAX_CROSS_ENTROPY.gradient(net.forward(x), y));
        for (Parameter q : net.parameters()) {
            Matrix analytic = q.grad().copy();
            Matrix numeric = EntryGradient.numeric(() -> Losses.SOFTMAX_CROSS_ENTROPY.cost(fresh.get().forward(x), y), q.value());
            EntryGradient.assertClose(net.nameOf(q) + ", p = " + p, analytic, numeric, 1e-7);
        }
        EntryGradient.assertClose("∂L/∂X, p = " + p, dx,
                EntryGradient.numeric(() -> Losses.SOFTMAX_CROSS_ENTROPY.total(fresh.get().forward(x), y), x), 1e-7);
    }
}
