package dev.nncourse.jupyter;

import dev.nncourse.check.Checks;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import dev.nncourse.nn.Activation;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Layer;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.nn.SoftmaxCrossEntropy;
import dev.nncourse.optim.Adam;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.OptimizerState;
import dev.nncourse.optim.Sgd;
import dev.nncourse.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The capstone's checks (notebook 14): each part a learner built, a dense layer, softmax cross-entropy, Adam and a
 * minibatch loop, against the library's own on the same small input. Each returns {@code ✓} lines, or throws with a
 * message that begins with the part's name ({@code what}) and says what differs and where to look: an
 * {@link IllegalStateException} starting with ✗ when the part computes something else, and the learner's own
 * {@link UnsupportedOperationException} ("exercise not solved yet"), with the part's name put in front, when it is
 * still a stub.
 */
public final class Parts {
    private Parts() {}

    /** Makes a dense layer Y = f(XW + b) that starts from the given W and b: a learner's constructor, or {@link #DENSE}. */
    public interface LayerMaker {
        Layer make(Matrix w, Matrix b, Activation f);
    }

    /** Makes an optimizer for these parameters with learning rate η: a learner's constructor, or {@link #ADAM}. */
    public interface OptimizerMaker {
        Optimizer make(List<Parameter> parameters, double learningRate);
    }

    /**
     * A minibatch training loop: {@code epochs} passes over (X, T), each shuffled by a generator seeded with
     * {@code seed}, in minibatches of {@code batchSize} rows (the last one smaller); returns each epoch's mean loss,
     * (1/n) Σ_i L_i over the per-sample losses of its forward passes.
     */
    public interface Loop {
        double[] fit(Network net, Loss loss, Optimizer optimizer, Matrix x, Matrix t, int epochs, int batchSize, long seed);
    }

    /** The library's dense layer, {@code Dense.of}. */
    public static final LayerMaker DENSE = Dense::of;
    /** The library's Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public static final OptimizerMaker ADAM = Adam::new;
    /** The library's loop, {@link Trainer}. */
    public static final Loop TRAINER = (net, loss, optimizer, x, t, epochs, batchSize, seed) ->
            Trainer.of(net, loss, optimizer).epochs(epochs).batchSize(batchSize).seed(seed).fit(x, t).loss();

    private static final double TOL = 1e-12;

    /** {@code yours} against {@link Dense}: forward pass, ∂L/∂X, ∂J/∂W and ∂J/∂b, on a 5×4 input with tanh. */
    public static String layer(String what, LayerMaker yours) {
        Require.given("Parts.layer", "a layer maker", yours);
        Matrix w = Matrix.gaussian(4, 3, 41), b = Matrix.gaussian(1, 3, 42), x = Matrix.gaussian(5, 4, 43);
        Matrix g = Matrix.gaussian(5, 3, 44);
        return named(what, () -> {
            Layer mine = yours.make(w.copy(), b.copy(), Activations.TANH);
            Dense lib = Dense.of(w.copy(), b.copy(), Activations.TANH);
            String out = Checks.close(what + ": forward pass Y = f(XW + b), against Dense's", mine.forward(x),
                    lib.forward(x), TOL);
            Matrix dx = mine.backward(g), dxLib = lib.backward(g);
            List<Parameter> ps = mine.parameters();
            out += "\n" + Checks.that(what + ": parameters() gives W, then b (2 parameters, got " + ps.size() + ")",
                    ps.size() == 2 && ps.get(0).value().rows() == 4 && ps.get(1).value().rows() == 1);
            return out + "\n" + Checks.close(what + ": ∂J/∂W = (1/m) Xᵀ(G ⊙ f′(A)), set by backward through W's setGrad",
                    ps.get(0).grad(), lib.weightGrad(), TOL)
                    + "\n" + Checks.close(what + ": ∂J/∂b = (1/m) Σ_i Δ_i, set by backward through b's setGrad",
                    ps.get(1).grad(), lib.biasGrad(), TOL)
                    + "\n" + Checks.close(what + ": backward returns ∂L/∂X = (G ⊙ f′(A)) Wᵀ", dx, dxLib, TOL)
                    + "\n" + Checks.close(what + ": backward leaves W as it was (the optimizer updates it)",
                    ps.get(0).value(), w, 0);
        });
    }

    /** {@code yours} against {@link SoftmaxCrossEntropy}: per-sample losses and gradients, also for logits near 800. */
    public static String loss(String what, Loss yours) {
        Require.given("Parts.loss", "a loss", yours);
        Matrix z = Matrix.gaussian(6, 10, 45).scale(3), large = z.plus(800);
        Matrix y = Matrix.zeros(6, 10);
        for (int i = 0; i < 6; i++) y.set(i, (3 * i + 1) % 10, 1);
        Loss lib = SoftmaxCrossEntropy.INSTANCE;
        return named(what, () -> Checks.close(what + ": L_i = −Σ_j y_ij log softmax(z_i)_j, per sample (an m×1 column)",
                yours.perSample(z, y), lib.perSample(z, y), TOL)
                + "\n" + Checks.close(what + ": ∂L_i/∂z_i = softmax(z_i) − y_i, per sample (not divided by m)",
                yours.gradient(z, y), lib.gradient(z, y), TOL)
                + "\n" + Checks.close(what + ": the same for logits near 800 (subtract each row's max before exp)",
                yours.perSample(large, y), lib.perSample(large, y), 1e-9));
    }

    /** {@code yours} against {@link Adam}, η = 0.01, on two parameters over three steps with changing gradients. */
    public static String optimizer(String what, OptimizerMaker yours) {
        Require.given("Parts.optimizer", "an optimizer maker", yours);
        return named(what, () -> {
            List<Parameter> mine = parameters(), lib = parameters();
            Optimizer o = yours.make(mine, 0.01), a = new Adam(lib, 0.01);
            String out = "";
            for (int t = 1; t <= 3; t++) {
                for (int k = 0; k < 2; k++) {
                    Matrix g = Matrix.gaussian(mine.get(k).value().rows(), 2, 100 + 10 * t + k).scale(t);
                    mine.get(k).setGrad(g);
                    lib.get(k).setGrad(g);
                }
                o.step(4);
                a.step(4);
                String where = t == 1 ? "at t = 1, m̂ = g and v̂ = g²: look at the bias correction m̂ = m / (1 − β1^t), "
                        + "v̂ = v / (1 − β2^t), and θ ← θ − η m̂ / (√v̂ + ε)"
                        : "look at the moments m ← β1 m + (1 − β1) g and v ← β2 v + (1 − β2) g², kept from step to step";
                for (int k = 0; k < 2; k++) {
                    Checks.close(what + ": θ after step t = " + t + ", against Adam's (" + where + ")",
                            mine.get(k).value(), lib.get(k).value(), TOL);
                }
                out += (t == 1 ? "" : "\n") + "✓ " + what + ": θ after step t = " + t + " is Adam's";
            }
            return out;
        });
    }

    private static List<Parameter> parameters() {
        return List.of(new Parameter("W", Matrix.gaussian(3, 2, 46)), new Parameter("b", Matrix.gaussian(1, 2, 47)));
    }

    /**
     * {@code yours} against {@link Trainer} on 12 samples: with one minibatch of all of them it trains exactly as the
     * trainer does; with minibatches of 5 it steps on 5, 5 and 2 samples per epoch, its epoch's loss is the mean over
     * the samples, and its shuffling follows the seed.
     */
    public static String loop(String what, Loop yours) {
        Require.given("Parts.loop", "a loop", yours);
        Matrix x = Matrix.gaussian(12, 3, 48), t = Matrix.zeros(12, 2);
        for (int i = 0; i < 12; i++) t.set(i, i % 3 == 0 ? 1 : 0, 1);
        Loss loss = SoftmaxCrossEntropy.INSTANCE;
        return named(what, () -> {
            Network mine = tiny(), lib = tiny();
            double[] h = yours.fit(mine, loss, new Sgd(mine.parameters(), 0.5), x, t, 3, 12, 1);
            double[] hLib = TRAINER.fit(lib, loss, new Sgd(lib.parameters(), 0.5), x, t, 3, 12, 1);
            String out = Checks.close(what + ": with one minibatch of all 12 samples, the epochs' losses are Trainer's "
                    + "(forward, loss, backward, step)", Matrix.row(h), Matrix.row(hLib), TOL)
                    + "\n" + Checks.close(what + ": and so are the trained weights", mine.parameters().get(0).value(),
                    lib.parameters().get(0).value(), TOL);
            Network still = tiny();
            Recorder rec = new Recorder(still.parameters());
            double[] h5 = yours.fit(still, loss, rec, x, t, 2, 5, 1);
            double cost = loss.cost(still.predict(x), t);
            out += "\n" + Checks.that(what + ": minibatches of 5 from 12 samples: step(m) with m = 5, 5, 2 in each of 2 "
                    + "epochs, after a backward pass (got " + rec.sizes + ")", rec.sizes.equals(List.of(5, 5, 2, 5, 5, 2))
                    && rec.backwardFirst)
                    + "\n" + Checks.close(what + ": an epoch's loss is the mean of its 12 per-sample losses (with no "
                    + "update, the cost of the whole set)", Matrix.row(h5), Matrix.row(cost, cost), TOL);
            Network one = tiny(), again = tiny(), two = tiny();
            yours.fit(one, loss, new Sgd(one.parameters(), 0.5), x, t, 2, 5, 1);
            yours.fit(again, loss, new Sgd(again.parameters(), 0.5), x, t, 2, 5, 1);
            yours.fit(two, loss, new Sgd(two.parameters(), 0.5), x, t, 2, 5, 2);
            Matrix w1 = one.parameters().get(0).value();
            return out + "\n" + Checks.that(what + ": it shuffles with a generator seeded by `seed`: seed 1 twice "
                    + "trains alike, seeds 1 and 2 do not", w1.equals(again.parameters().get(0).value())
                    && !w1.equals(two.parameters().get(0).value()));
        });
    }

    private static Network tiny() {
        return Network.of(Dense.of(Matrix.gaussian(3, 2, 49), Matrix.zeros(1, 2), Activations.IDENTITY));
    }

    /** An optimizer that changes nothing and records the batch size of every step, and whether a gradient was set. */
    private static final class Recorder implements Optimizer {
        final List<Parameter> parameters;
        final List<Integer> sizes = new ArrayList<>();
        boolean backwardFirst = true;

        Recorder(List<Parameter> parameters) { this.parameters = parameters; }

        @Override public List<Parameter> parameters() { return parameters; }

        @Override public void step(int batchSize) {
            backwardFirst &= parameters.get(0).grad().maxAbs() > 0;
            for (Parameter p : parameters) p.setGrad(Matrix.zeros(p.value().rows(), p.value().cols()));
            sizes.add(batchSize);
        }

        @Override public OptimizerState state() { throw new UnsupportedOperationException("a recorder has no state"); }

        @Override public void restore(OptimizerState state) { throw new UnsupportedOperationException("no state"); }

        @Override public String name() { return "recorder"; }
    }

    /** Runs a check of the part called {@code what}, putting its name in front of whatever the learner's code throws. */
    private static String named(String what, Supplier<String> check) {
        try {
            return check.get();
        } catch (UnsupportedOperationException e) {
            throw new UnsupportedOperationException(what + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("✗")) throw e;
            throw new IllegalStateException("✗ " + what + " failed on a small input: " + e, e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("✗ " + what + " failed on a small input: " + e, e);
        }
    }
}
