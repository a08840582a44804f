package dev.nncourse.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.MatMul;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activation;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * For random architectures, activations, losses and batch shapes, backpropagation agrees with finite differences
 * (relative error &lt; 1e-7) and with a backward pass written out with the reference matrix-product kernel.
 */
class GradientPropertyTest {
    /** How close a ReLU pre-activation may come to its kink at 0 before the sample is redrawn. */
    static final double KINK = 1e-3;
    /** The smallest gradient entry, in absolute value, whose relative error of 1e-7 finite differences can resolve. */
    static final double SMALLEST = 1e-3;
    /** Cases checked (not rejected) in this run. */
    static final AtomicInteger CHECKED = new AtomicInteger();

    @AfterContainer
    static void atLeastAThousandCasesWereChecked() {
        assertTrue(CHECKED.get() >= 1000, "only " + CHECKED.get() + " cases were checked; raise tries");
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
                    List<Activation> sigmoidOut = new java.util.ArrayList<>(acts);   // log loss reads probabilities
                    sigmoidOut.set(d - 1, Activations.SIGMOID);
                    return new Case(widths, sigmoidOut, loss, batch, bias, seed);
                }));
    }

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

    /** ∂J/∂W and ∂J/∂b of every layer, in parameter order, computed with {@link MatMul#reference} and plain loops. */
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
        List<Matrix> out = new java.util.ArrayList<>();
        for (Matrix[] layerGrads : grads) out.addAll(List.of(layerGrads));
        assertEquals(net.parameters().size(), out.size());
        return out;
    }

    private static Matrix product(Matrix a, Matrix b) {
        Matrix c = Matrix.zeros(a.rows(), b.cols());
        MatMul.reference(a, b, c);
        return c;
    }
}
