package dev.nncourse.optim;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Optimizer} contract, for every optimizer of the library (a parameterised family) and for one a learner
 * writes by implementing the interface: bound to its parameters when it is made, updated from the gradients beside
 * them, its whole state read and put back bit for bit ({@link Optimizer#state}, {@link Optimizer#restore},
 * {@link Optimizer#snapshot}, {@link Optimizers#of}), and every bad setting named.
 */
class OptimizerTest {
    static final Matrix X = Matrix.gaussian(5, 3, 1), T = Matrix.gaussian(5, 2, 2);

    static Network net() { return Network.builder(3, 7).dense(4, Activations.TANH).dense(2, Activations.IDENTITY).build(); }

    /** {@code n} steps on (X, T): forward, backward (∂J/∂θ beside every θ), the optimizer's step, and its endEpoch. */
    static void steps(Network net, Optimizer opt, int n) {
        for (int i = 0; i < n; i++) {
            net.backward(Losses.MSE.gradient(net.forward(X), T));
            opt.step(X.rows());
            if (i % 2 == 1) opt.endEpoch();   // two minibatches an epoch, so gradient descent updates too
        }
    }

    /** An optimizer made for the network's parameters, after {@code n} {@link #steps}. */
    static Optimizer trained(Network net, Function<List<Parameter>, Optimizer> make, int n) {
        Optimizer opt = make.apply(net.parameters());
        steps(net, opt, n);
        return opt;
    }

    /** Copies of the values of every parameter. */
    static List<Matrix> values(Network net) { return net.parameters().stream().map(p -> p.value().copy()).toList(); }

    /** Every optimizer of the library, by name, made for a list of parameters. */
    static Stream<Arguments> kinds() {
        return Stream.<Function<List<Parameter>, Optimizer>>of(ps -> new Sgd(ps, 0.05), ps -> new GradientDescent(ps, 0.2),
                ps -> new Momentum(ps, 0.05, 0.9), ps -> new Nesterov(ps, 0.05, 0.8), ps -> new RmsProp(ps, 0.01, 0.95, 1e-7),
                ps -> new Adam(ps, 0.01), ps -> new AdamW(ps, 0.01, 0.9, 0.99, 1e-6, 0.1),
                ps -> new L2Regularized(new Sgd(ps, 0.05), 0.01),
                ps -> new L2Regularized(new Adam(ps, 0.01, 0.85, 0.995, 1e-7), 0.02),
                ps -> new L2Regularized(new GradientDescent(ps, 0.2), 0.01))
                .map(make -> Arguments.of(make.apply(net().parameters()).name(), make));
    }

    // ------------------------------------------------------------ bound at construction

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void itUpdatesExactlyTheParametersItWasMadeWith(String name, Function<List<Parameter>, Optimizer> make) {
        Network net = net(), other = net();
        List<Parameter> given = new ArrayList<>(net.parameters());
        Optimizer opt = make.apply(given);
        given.clear();
        assertEquals(net.parameters(), opt.parameters(), "a copy of the list it was given, in that order");
        assertThrows(UnsupportedOperationException.class, () -> opt.parameters().clear());
        List<Matrix> before = values(other);
        steps(net, opt, 2);
        other.backward(Losses.MSE.gradient(other.forward(X), T));
        steps(net, opt, 2);
        assertNotEquals(values(net()), values(net), "it trained");
        assertEquals(before, values(other), "another network's parameters were changed");
    }

    @Test void theParametersMustBeAListOfDistinctParameters() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        Parameter w = new Parameter("W", Matrix.zeros(2, 2));
        assertMessage(iae, () -> new Adam(null, 0.1),
                "adam: expected the parameters to update (such as net.parameters()), got null");
        assertMessage(iae, () -> new Sgd(List.of(), 0.1), "sgd: the list of parameters must be not empty, got []");
        assertMessage(iae, () -> new Momentum(List.of(w, w), 0.1, 0.9), "momentum: the list of parameters must be free of "
                + "repeats, got parameter W 2×2 twice");
        assertMessage(iae, () -> new GradientDescent(Arrays.asList(w, null), 0.1), "gd: expected a parameter in every place of "
                + "the list, got null");
    }

    // ------------------------------------------------------------ state

    /** The state of a trained optimizer restored into a new one for equal parameters: both go on with the same bits. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aRestoredStateGoesOnBitForBit(String name, Function<List<Parameter>, Optimizer> make) {
        Network a = net(), b = net(), c = net();
        Optimizer first = make.apply(a.parameters());
        steps(a, first, 3);   // an odd count: gradient descent is half-way through an epoch
        for (Network n : List.of(b, c)) {
            for (int i = 0; i < a.parameters().size(); i++) n.parameters().get(i).value().setTo(a.parameters().get(i).value());
        }
        Optimizer second = make.apply(b.parameters());
        second.restore(first.state());
        Optimizer third = Optimizers.of(first.state(), c.parameters());
        assertEquals(first.getClass(), third.getClass());
        assertEquals(first.name(), third.name());
        assertEquals(first.state(), second.state());
        assertEquals(first.state(), third.state());
        steps(a, first, 3);
        steps(b, second, 3);
        steps(c, third, 3);
        assertEquals(values(a), values(b));
        assertEquals(values(a), values(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aSnapshotPutsTheStateBackAsOftenAsCalled(String name, Function<List<Parameter>, Optimizer> make) {
        Network net = net();
        Optimizer opt = trained(net, make, 3);
        OptimizerState saved = opt.state();
        Optimizer.Snapshot snapshot = opt.snapshot();
        steps(net, opt, 2);
        snapshot.restore();
        assertEquals(saved, opt.state());
        steps(net, opt, 1);
        snapshot.restore();
        assertEquals(saved, opt.state());
    }

    /** The state is a copy: changing its matrices, or the optimizer afterwards, changes nothing in the other. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theStateIsACopy(String name, Function<List<Parameter>, Optimizer> make) {
        Network net = net();
        Optimizer opt = trained(net, make, 1);
        OptimizerState state = opt.state(), again = opt.state();
        OptimizerState slots = state.inner() == null ? state : state.inner();
        slots.slots().values().forEach(list -> list.forEach(m -> m.setTo(Matrix.filled(m.rows(), m.cols(), 7))));
        assertEquals(again, opt.state(), "the optimizer's own state changed with the copy");
        assertThrows(UnsupportedOperationException.class, () -> slots.slots().clear());
        assertThrows(UnsupportedOperationException.class, () -> slots.counters().clear());
        assertThrows(UnsupportedOperationException.class, () -> slots.settings().clear());
    }

    /** A state of another kind or with other settings is refused, before anything changes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void aStateOfAnotherOptimizerIsRefused(String name, Function<List<Parameter>, Optimizer> make) {
        Network net = net();
        Optimizer opt = trained(net, make, 1);
        OptimizerState before = opt.state();
        OptimizerState other = new OptimizerState("nesterov", Map.of("lr", 9.0, "momentum", 0.5), Map.of("t", 1L), Map.of(), null);
        assertMessage(IllegalArgumentException.class, () -> opt.restore(other), "restore: the state is of nesterov(",
                "expected one of " + opt.name());
        assertMessage(IllegalArgumentException.class, () -> opt.restore(null), "restore: expected a state, got null");
        assertEquals(before, opt.state());
    }

    /** Abandoning an epoch forgets only what gradient descent gathered of it; every other state is kept. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void abandoningAnEpochForgetsOnlyAHalfSummedEpoch(String name, Function<List<Parameter>, Optimizer> make) {
        Network net = net();
        Optimizer opt = trained(net, make, 3), fresh = make.apply(net().parameters());
        OptimizerState before = opt.state();
        List<Matrix> values = values(net);
        opt.abandonEpoch();
        assertEquals(values, values(net), "abandoning an epoch changed a parameter");
        OptimizerState after = opt.state(), kept = after.inner() == null ? after : after.inner();
        if (kept.kind().equals("gd")) {
            assertEquals(fresh.state(), after, "gradient descent forgets its half-summed epoch");
        } else {
            assertEquals(before, after);
        }
    }

    @Test void namesListEverySetting() {
        List<Parameter> ps = net().parameters();
        assertEquals("sgd(lr=0.25)", new Sgd(ps, 0.25).name());
        assertEquals("sgd(lr=0.25)", new Sgd(ps, 0.25).toString());
        assertEquals("gd(lr=0.5)", new GradientDescent(ps, 0.5).name());
        assertEquals("adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8)", new Adam(ps, 0.001).name());
        assertEquals("adamw(lr=0.01, beta1=0.9, beta2=0.999, eps=1.0E-8, weightDecay=0.05)", new AdamW(ps, 0.01, 0.05).toString());
        assertEquals("momentum(lr=0.1, momentum=0.9)", new Momentum(ps, 0.1, 0.9).name());
        assertEquals("nesterov(lr=0.1, momentum=0.5)", new Nesterov(ps, 0.1, 0.5).name());
        assertEquals("rmsprop(lr=1, rho=0.9, eps=1.0E-8)", new RmsProp(ps, 1).name());
        assertEquals("sgd(lr=0.1) + L2(λ=0.01)", new L2Regularized(new Sgd(ps, 0.1), 0.01).name());
    }

    // ------------------------------------------------------------ bad settings

    private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

    /** (optimizer, the words of the setting in the message, a constructor with that setting replaced, bad values) */
    static Stream<Arguments> settings() {
        List<Parameter> ps = net().parameters();
        return Stream.of(
                bad("sgd", "the learning rate", lr -> new Sgd(ps, lr), 0, -0.1, NAN, INF),
                bad("gd", "the learning rate", lr -> new GradientDescent(ps, lr), 0, -0.5, NAN, INF),
                bad("momentum", "the learning rate", lr -> new Momentum(ps, lr, 0.9), 0, -0.1, NAN, INF),
                bad("momentum", "the momentum μ", mu -> new Momentum(ps, 0.1, mu), -0.1, 1, 1.5, NAN, INF),
                bad("nesterov", "the learning rate", lr -> new Nesterov(ps, lr, 0.9), 0, -1, NAN, -INF),
                bad("nesterov", "the momentum μ", mu -> new Nesterov(ps, 0.1, mu), -1e-9, 1, NAN),
                bad("rmsprop", "the learning rate", lr -> new RmsProp(ps, lr), 0, -1e-3, NAN, INF),
                bad("rmsprop", "the decay rate ρ (rho)", rho -> new RmsProp(ps, 0.01, rho, 1e-8), -0.5, 1, 2, NAN),
                bad("rmsprop", "ε (eps)", eps -> new RmsProp(ps, 0.01, 0.9, eps), 0, -1e-8, NAN, INF),
                bad("adam", "the learning rate", lr -> new Adam(ps, lr), 0, -0.001, NAN, INF),
                bad("adam", "β1 (beta1)", b1 -> new Adam(ps, 0.01, b1, 0.999, 1e-8), -0.1, 1, 1.1, NAN),
                bad("adam", "β2 (beta2)", b2 -> new Adam(ps, 0.01, 0.9, b2, 1e-8), -0.1, 1, NAN, INF),
                bad("adam", "ε (eps)", eps -> new Adam(ps, 0.01, 0.9, 0.999, eps), 0, -1, NAN, INF),
                bad("adamw", "the learning rate", lr -> new AdamW(ps, lr, 0.01), 0, -1, NAN, INF),
                bad("adamw", "β1 (beta1)", b1 -> new AdamW(ps, 0.01, b1, 0.999, 1e-8, 0.01), 1, -1, NAN),
                bad("adamw", "β2 (beta2)", b2 -> new AdamW(ps, 0.01, 0.9, b2, 1e-8, 0.01), 1, NAN),
                bad("adamw", "ε (eps)", eps -> new AdamW(ps, 0.01, 0.9, 0.999, eps, 0.01), 0, NAN),
                bad("adamw", "the weight decay λ", wd -> new AdamW(ps, 0.01, wd), -0.01, NAN, INF),
                bad("adamw", "η λ", wd -> new AdamW(ps, 0.5, wd), 2, 3, 1e300),
                bad("L2Penalty", "the weight decay λ", wd -> new L2Regularized(new Sgd(ps, 0.1), wd), -1, NAN, INF));
    }

    private static Arguments bad(String kind, String setting, DoubleFunction<Object> make, double... values) {
        return Arguments.of(kind, setting, make, values);
    }

    /** One message format: {@code KIND: SETTING must be EXPECTED, got VALUE} (AdamW's η λ names the product). */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("settings")
    void aBadSettingIsNamedWithItsValue(String kind, String setting, DoubleFunction<Object> make, double[] values) {
        for (double v : values) {
            String message = setting.equals("η λ") ? kind + ": η λ = " : kind + ": " + setting + " must be ";
            String value = setting.equals("η λ") ? "must be below 1" : ", got " + v;
            assertMessage(IllegalArgumentException.class, () -> make.apply(v), message, value);
        }
    }

    @Test void l2RegularizedNeedsAnOptimizer() {
        assertMessage(IllegalArgumentException.class, () -> new L2Regularized(null, 0.1),
                "L2Regularized: expected an optimizer to wrap, got null");
    }

    // ------------------------------------------------------------ a learner's own optimizer

    /**
     * Plain SGD as a learner writes it against the interface alone: θ ← θ − η ∂J/∂θ for every parameter, with the
     * gradient read as a matrix, and its learning rate as its whole state.
     */
    static final class MySgd implements Optimizer {
        private final List<Parameter> parameters;
        private final double lr;

        MySgd(List<Parameter> parameters, double lr) {
            this.parameters = List.copyOf(parameters);
            this.lr = lr;
        }

        @Override public List<Parameter> parameters() { return parameters; }

        @Override public void step(int batchSize) {
            for (Parameter p : parameters) p.value().addScaledInPlace(p.grad(), -lr);
        }

        @Override public OptimizerState state() { return new OptimizerState("my-sgd", Map.of("lr", lr), Map.of(), Map.of(), null); }

        @Override public void restore(OptimizerState state) {
            if (!state.equals(state())) throw new IllegalArgumentException("my-sgd: not my state: " + state);
        }

        @Override public String name() { return "my-sgd(lr=" + lr + ")"; }
    }

    /** Trained by the trainer, it gives the library's Sgd's bits: per sample (Sgd's rank-one path) and per minibatch. */
    @Test void aLearnersOwnOptimizerTrainsToTheLibrarysBits() {
        for (int batch : new int[] {1, 2, 5}) {
            Network mine = net(), library = net();
            var hMine = Trainer.of(mine, Losses.MSE, new MySgd(mine.parameters(), 0.05)).epochs(4).batchSize(batch).seed(3)
                    .fit(X, T);
            var hLibrary = Trainer.of(library, Losses.MSE, new Sgd(library.parameters(), 0.05)).epochs(4).batchSize(batch).seed(3)
                    .fit(X, T);
            assertEquals(values(library), values(mine), "batch " + batch);
            assertEquals(Arrays.toString(hLibrary.loss()), Arrays.toString(hMine.loss()));
            assertNotEquals(values(net()), values(mine), "it trained");
        }
        MySgd mine = new MySgd(net().parameters(), 0.05);
        Optimizer.Snapshot snapshot = mine.snapshot();   // the interface's default, through state and restore
        snapshot.restore();
        mine.endEpoch();                                 // the defaults: nothing to do
        mine.abandonEpoch();
        assertEquals(new MySgd(net().parameters(), 0.05).state(), mine.state());
    }
}
