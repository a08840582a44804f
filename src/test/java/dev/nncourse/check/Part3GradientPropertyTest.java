package dev.nncourse.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.EntryGradient;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.L2Penalty;
import dev.nncourse.nn.LeakyRelu;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The gradients of Part 3 against five-point finite differences, entry by entry (relative error ≤ 1e-7, see
 * {@link EntryGradient}), over random shapes: softmax cross-entropy on logits, leaky ReLU, the L2 penalty, and all
 * three together in networks.
 */
class Part3GradientPropertyTest {
    private static final Loss CE = Losses.SOFTMAX_CROSS_ENTROPY;
    private static final double TOL = 1e-7;
    /** How close a leaky ReLU pre-activation may come to the kink at 0 (the stencil moves it by up to ~1e-2). */
    private static final double KINK = 0.03;
    private static final AtomicInteger NETWORKS = new AtomicInteger();

    @AfterContainer
    static void enoughNetworksWereChecked() {
        assertTrue(NETWORKS.get() >= 250, "only " + NETWORKS.get() + " networks were checked; raise tries");
    }

    /** Random targets: one-hot rows, or class probabilities (positive, normalised to sum to 1). */
    static Matrix targets(int m, int k, boolean oneHot, Random rng) {
        Matrix y = Matrix.zeros(m, k);
        for (int i = 0; i < m; i++) {
            if (oneHot) {
                y.set(i, rng.nextInt(k), 1);
            } else {
                double sum = 0;
                for (int j = 0; j < k; j++) sum += y.set(i, j, rng.nextDouble() + 1e-3).get(i, j);
                for (int j = 0; j < k; j++) y.set(i, j, y.get(i, j) / sum);
            }
        }
        return y;
    }

    @Property(tries = 400, seed = "1401")
    void softmaxCrossEntropyGradientIsSoftmaxMinusY(@ForAll @IntRange(min = 1, max = 6) int m,
            @ForAll @IntRange(min = 2, max = 9) int k, @ForAll @DoubleRange(min = 0.01, max = 30) double scale,
            @ForAll boolean oneHot, @ForAll long seed) {
        Random rng = new Random(seed);
        Matrix z = Matrix.gaussian(m, k, rng).scale(scale), y = targets(m, k, oneHot, rng);
        Matrix analytic = CE.gradient(z, y);   // row i is ∂L_i/∂z_i, so the whole matrix is ∂(Σ_i L_i)/∂Z
        EntryGradient.assertClose("softmax-ce " + m + "×" + k + " scale " + scale, analytic,
                EntryGradient.numeric(() -> CE.total(z, y), z), TOL);
    }

    @Property(tries = 300, seed = "1402")
    void leakyReluDerivativeAwayFromTheKink(@ForAll @DoubleRange(min = 1e-3, max = 0.999) @Scale(4) double slope,
            @ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 5) int cols, @ForAll long seed) {
        LeakyRelu f = new LeakyRelu(slope);
        Matrix a = Matrix.gaussian(rows, cols, new Random(seed)).scale(3).map(v -> Math.abs(v) < KINK ? v + 2 * KINK : v);
        Matrix analytic = f.df(a);   // f acts entry by entry, so ∂(Σ f(a))/∂a = f′(a)
        EntryGradient.assertClose("leaky-relu(" + slope + ")′", analytic, EntryGradient.numeric(() -> f.f(a).sum(), a), TOL);
    }

    @Property(tries = 300, seed = "1403")
    void l2PenaltyGradientIsLambdaW(@ForAll @DoubleRange(min = 0, max = 10) double lambda,
            @ForAll @IntRange(min = 1, max = 4) int layers, @ForAll long seed) {
        Random rng = new Random(seed);
        List<Parameter> params = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int n = 1 + rng.nextInt(5), k = 1 + rng.nextInt(5);
            params.add(new Parameter("W", Matrix.gaussian(n, k, rng).scale(4)));
            params.add(new Parameter("b", Matrix.gaussian(1, k, rng)));
        }
        L2Penalty r = new L2Penalty(lambda);
        for (Parameter p : params) {
            EntryGradient.assertClose("∂R/∂" + p, r.gradient(p), EntryGradient.numeric(() -> r.value(params), p.value()), TOL);
        }
    }

    /** Leaky ReLU hidden layers, an identity output, softmax cross-entropy and the L2 penalty: J + R by backprop. */
    @Property(tries = 400, seed = "1404")
    void networksWithAllThree(@ForAll @IntRange(min = 1, max = 5) int inputs, @ForAll @IntRange(min = 0, max = 3) int hidden,
            @ForAll @IntRange(min = 2, max = 5) int classes, @ForAll @IntRange(min = 1, max = 6) int batch,
            @ForAll @DoubleRange(min = 0.01, max = 0.99) double slope, @ForAll @DoubleRange(min = 0, max = 1) double lambda,
            @ForAll boolean oneHot, @ForAll long seed) {
        Random rng = new Random(seed);
        Network.Builder b = Network.builder(inputs, seed).init(dev.nncourse.nn.Initializers.HE);
        for (int l = 0; l < hidden; l++) b.dense(1 + rng.nextInt(5), new LeakyRelu(slope));
        Network net = b.dense(classes, Activations.IDENTITY).build();
        Matrix x = Matrix.gaussian(batch, inputs, rng), y = targets(batch, classes, oneHot, rng);
        L2Penalty r = new L2Penalty(lambda);

        net.backward(CE.gradient(net.forward(x), y));
        for (int l = 0; l < hidden; l++) {
            Matrix a = net.layer(l).preActivation();
            for (int k = 0; k < a.size(); k++) Assume.that(Math.abs(a.at(k)) > KINK);
        }
        NETWORKS.incrementAndGet();
        r.addGradient(net.parameters());   // ∂(J + R)/∂θ
        for (Parameter p : net.parameters()) {
            Matrix analytic = p.grad().copy();
            Matrix numeric = EntryGradient.numeric(() -> CE.cost(net.forward(x), y) + r.value(net), p.value());
            EntryGradient.assertClose(net.nameOf(p) + " of " + net, analytic, numeric, TOL);
        }
    }

    /** Dense layers with leaky ReLU also send the right gradient back to their input. */
    @Property(tries = 200, seed = "1405")
    void inputGradientThroughLeakyRelu(@ForAll @IntRange(min = 1, max = 5) int inputs, @ForAll @IntRange(min = 1, max = 5) int width,
            @ForAll @DoubleRange(min = 0.01, max = 0.99) double slope, @ForAll long seed) {
        Random rng = new Random(seed);
        Network net = Network.of(new Dense(inputs, width, new LeakyRelu(slope), dev.nncourse.nn.Initializers.HE, rng),
                new Dense(width, 3, Activations.IDENTITY, dev.nncourse.nn.Initializers.HE, rng));
        Matrix x = Matrix.gaussian(2, inputs, rng), y = targets(2, 3, true, rng);
        Matrix analytic = net.backward(CE.gradient(net.forward(x), y));
        Matrix a = net.layer(0).preActivation();
        for (int k = 0; k < a.size(); k++) Assume.that(Math.abs(a.at(k)) > KINK);
        EntryGradient.assertClose("∂L/∂X", analytic, EntryGradient.numeric(() -> CE.total(net.forward(x), y), x), TOL);
    }
}
