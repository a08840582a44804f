package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A sequential stack of layers: Y = f_L(… f_1(X·W_1 + b_1) … ·W_L + b_L) for dense layers, with optional
 * {@link Dropout} layers between them, and any layer of your own ({@link Layer}).
 *
 * <p>Backpropagation, in Nielsen's terms: {@link #backward} returns the gradients, stored beside each parameter; an
 * optimizer applies them. The network never updates a parameter itself.
 *
 * <p>The layers with parameters are numbered from 1 in their own order, whatever dropout sits between them, and
 * their parameters are named {@code layer1.W}, {@code layer1.b}, … {@link #layers()} lists the dense layers and
 * {@link #layer}(0) is the first; {@link #allLayers()} lists every layer.
 *
 * <p>The network is in evaluation mode until {@link #setTraining} says otherwise (see {@link Layer}).
 */
public final class Network {
    private final List<Layer> all;
    private final List<Dense> dense;
    private final ForwardStamp[] stamps;   // of the last forward pass, one per layer
    private final long[] passes;           // the pass number of each layer's own stamp in that pass (0: none)
    private boolean reuse;

    /**
     * A network of the given layers; consecutive dense layers (with only dropout between them) must fit: each one's
     * inputs equal the previous one's neurons. A layer object may appear only once: it caches one forward pass, so a
     * second position would overwrite the first one's caches. (Two networks may share a layer object, as a gradient
     * check wraps one layer in a network of its own.)
     */
    public Network(List<? extends Layer> layers) {
        if (layers == null || layers.isEmpty()) throw new IllegalArgumentException("Network: needs at least one layer, got none");
        List<Dense> dense = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (layer == null) {
                throw new IllegalArgumentException("Network: layer " + (l + 1) + " of " + layers.size() + " is null; expected "
                        + "a layer such as Dense or Dropout");
            }
            for (int k = 0; k < l; k++) {
                if (layers.get(k) == layer) {
                    String kind = kind(layer);
                    throw new IllegalArgumentException("Network: layers " + (k + 1) + " and " + (l + 1) + " are the same "
                            + kind + " object " + layer + "; a layer caches one forward pass, so it can appear once. Create "
                            + "a new " + kind + " for each position");
                }
            }
            if (layer instanceof Dense d) dense.add(d);
        }
        this.all = List.copyOf(layers);
        this.dense = List.copyOf(dense);
        this.stamps = new ForwardStamp[all.size()];
        this.passes = new long[all.size()];
        requireFit();
    }

    /**
     * Throws unless each layer of the library takes as many inputs as the one before it gives, with only layers that
     * keep the width (dropout) between them; a layer of another kind may change the width, so nothing is compared
     * across it.
     */
    private void requireFit() {
        int previous = -1;
        for (int l = 0; l < all.size(); l++) {
            if (all.get(l) instanceof Sized s) {
                if (previous >= 0 && s.inputs() != ((Sized) all.get(previous)).outputs()) {
                    throw new IllegalArgumentException("Network: " + describe(l) + ", " + all.get(l) + ", takes "
                            + s.inputs() + " inputs but " + describe(previous) + ", " + all.get(previous) + ", gives "
                            + ((Sized) all.get(previous)).outputs());
                }
                previous = l;
            } else if (!(all.get(l) instanceof Dropout)) {
                previous = -1;
            }
        }
    }

    public static Network of(Layer... layers) { return new Network(layers == null ? null : Arrays.asList(layers)); }

    /** A builder for a network with {@code inputs} inputs whose weights come from {@code new Random(seed)}. */
    public static Builder builder(int inputs, long seed) { return new Builder(inputs, seed); }

    /** Forward through every layer: O_0 = X, O_l = layer_l(O_{l−1}); returns the last output. */
    public Matrix forward(Matrix x) {
        Matrix o = Require.finite("Network.forward: input", x);
        for (int l = 0; l < all.size(); l++) {
            Layer layer = all.get(l);
            Matrix next = layer.forward(o);
            if (next == null) throw new IllegalStateException("Network.forward: " + describe(l) + " returned null, expected its output");
            stamps[l] = ForwardStamp.take(stamps[l], o, next, layer.parameters());
            passes[l] = layer.stamp() == null ? 0 : layer.stamp().pass();
            o = next;
        }
        return o;
    }

    /**
     * The prediction for X in evaluation mode (dropout off), whatever the network's mode: O_l = layer_l(O_{l−1}) with
     * each layer's {@link Layer#predict}. The same bits as {@link #forward} in evaluation mode, but the library's layers
     * cache nothing and draw no mask, so a pending backward pass is not disturbed.
     */
    public Matrix predict(Matrix x) {
        Matrix o = Require.finite("Network.predict: input", x);
        for (Layer layer : all) o = layer.predict(o);
        return o;
    }

    /** Puts every layer in training mode (true) or evaluation mode (false); see {@link Layer}. */
    public void setTraining(boolean training) {
        for (Layer layer : all) layer.setTraining(training);
    }

    /** Whether any layer is in training mode (after {@link #setTraining}, all are or none is). */
    public boolean isTraining() { return all.stream().anyMatch(Layer::isTraining); }

    /**
     * Reuse on (true) or off (false, the default). While it is on, the library's layers write their outputs, the caches
     * of their forward pass and the gradients they pass back into matrices they keep from the pass before (one set per
     * minibatch size), instead of new ones: a matrix that {@link #forward} or {@link #backward} returned is overwritten
     * by the next pass. A training loop that uses each pass's matrices only until the next step, as
     * {@code Trainer.fit} does, turns it on and allocates nothing per step; while it is off, every matrix a pass
     * returns is new and stays yours. Results are the same bits either way.
     */
    public void setReuse(boolean reuse) {
        this.reuse = reuse;
        for (Layer layer : all) layer.setReuse(reuse);
    }

    /** Whether the layers reuse their matrices from pass to pass (see {@link #setReuse}). */
    public boolean isReusing() { return reuse; }

    /**
     * Backpropagation from G = ∂L/∂Y, last layer first: every layer stores the gradients of its parameters and passes
     * ∂L/∂X back to the layer before it; returns ∂L/∂X of the network's input. Every layer must hold the caches of this
     * network's last forward pass, with its input and parameters unchanged since (else {@link IllegalStateException},
     * before any layer runs).
     */
    public Matrix backward(Matrix gradOutput) {
        requireBackward(gradOutput);
        Matrix g = gradOutput;
        for (int l = all.size() - 1; l >= 0; l--) g = all.get(l).backward(g);
        return g;
    }

    /**
     * What a training step needs of {@link #backward}: every parameter's ∂J/∂θ, with the same bits, but not ∂L/∂X of
     * the network's input. So the first layer with parameters skips its product Δ·Wᵀ (for a wide input such as 784
     * pixels, a third of the step's work) and the layers before it do not run. The same checks as {@link #backward}.
     */
    public void backwardParameters(Matrix gradOutput) {
        requireBackward(gradOutput);
        int first = firstWithParameters();
        Matrix g = gradOutput;
        for (int l = all.size() - 1; l > first; l--) g = all.get(l).backward(g);
        if (first >= 0) all.get(first).backwardParameters(g);
    }

    /** The position of the first layer with parameters, or −1 if none has any. */
    private int firstWithParameters() {
        for (int l = 0; l < all.size(); l++) if (!all.get(l).parameters().isEmpty()) return l;
        return -1;
    }

    /**
     * Throws unless every layer may run its backward pass: a forward pass through this network was made, each layer's
     * input and parameters are unchanged since, each library layer still holds that pass's caches (it was not run
     * forward on its own since), and G has the shape of the output. Changes nothing.
     */
    private void requireBackward(Matrix gradOutput) {
        for (int l = all.size() - 1; l >= 0; l--) {
            Matrix g = l == all.size() - 1 ? gradOutput : stamps[l] == null ? null : stamps[l].output();
            if (ForwardStamp.problem(stamps[l], g) != null) {
                ForwardStamp.requireBackward(stamps[l], "Network.backward, " + describe(l), g);
            }
            ForwardStamp own = all.get(l).stamp();
            if (own != null && own.pass() != passes[l]) {
                throw new IllegalStateException("Network.backward: " + describe(l) + " was run forward on its own since the "
                        + "network's forward pass, so its caches belong to that other pass; run forward through the "
                        + "network again before backward");
            }
        }
    }

    /** "layer k" for the k-th layer with parameters, "the Dropout after layer k" or "layer 3 (MyLayer)" for others. */
    private String describe(int position) {
        Layer layer = all.get(position);
        int before = 0;
        for (int l = 0; l < position; l++) if (!all.get(l).parameters().isEmpty()) before++;
        if (!layer.parameters().isEmpty()) return "layer " + (before + 1);
        String kind = kind(layer);
        return before == 0 ? "the " + kind + " before layer 1" : "the " + kind + " after layer " + before;
    }

    /** The layer's class as a learner wrote it: its simple name, or its full name for an anonymous class. */
    private static String kind(Layer layer) {
        String simple = layer.getClass().getSimpleName();
        return simple.isEmpty() ? layer.getClass().getName() : simple;
    }

    /** Every trainable parameter, in layer order: layer1.W, layer1.b, layer2.W, … (see {@link #nameOf}). */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Layer layer : all) ps.addAll(layer.parameters());
        return Collections.unmodifiableList(ps);
    }

    /** The name of a parameter, {@code layer<l>.<name>}, counting the layers with parameters from 1. */
    public String nameOf(Parameter p) {
        int l = 0;
        for (Layer layer : all) {
            if (layer.parameters().isEmpty()) continue;
            l++;
            if (layer.parameters().contains(p)) return "layer" + l + "." + p.name();
        }
        throw new IllegalArgumentException("nameOf: " + p + " is not a parameter of this network");
    }

    /**
     * The network's state as it is now: a copy of every parameter and of every layer's other state (a dropout layer's
     * mask generator, batch normalisation's running averages). Its {@link Snapshot#restore} puts them back, bit for bit, as often as called; early stopping uses it
     * to return to the best epoch. The caches of the last forward pass are not part of it.
     */
    public Snapshot snapshot() {
        List<Parameter> ps = parameters();
        List<Matrix> values = ps.stream().map(p -> p.value().copy()).toList();
        List<Snapshot> layers = all.stream().map(Layer::state).toList();
        return () -> {
            for (int i = 0; i < ps.size(); i++) ps.get(i).value().setTo(values.get(i));
            for (Snapshot layer : layers) layer.restore();
        };
    }

    /** A copy of a network's state, taken by {@link #snapshot}. */
    public interface Snapshot {
        /** Puts the network back as it was when the snapshot was taken. */
        void restore();
    }

    /** The dense layers, in order (every layer when there is no other kind). */
    public List<Dense> layers() { return dense; }

    /** Dense layer l, counting from 0. */
    public Dense layer(int l) { return dense.get(l); }

    /** Every layer in order, dense and others. */
    public List<Layer> allLayers() { return all; }

    /** The number of inputs: the first library layer's, if only dropout comes before it; 0 if another layer decides. */
    public int inputs() {
        for (Layer layer : all) {
            if (layer instanceof Sized s) return s.inputs();
            if (!(layer instanceof Dropout)) return 0;
        }
        return 0;
    }

    /** The number of outputs: the last library layer's, if only dropout comes after it; 0 if another layer decides. */
    public int outputs() {
        for (int l = all.size() - 1; l >= 0; l--) {
            if (all.get(l) instanceof Sized s) return s.outputs();
            if (!(all.get(l) instanceof Dropout)) return 0;
        }
        return 0;
    }

    /** The number of trainable scalars, Σ_l (n_l k_l + k_l): a long, since the sum over layers can exceed an int. */
    public long parameterCount() { return parameters().stream().mapToLong(p -> p.value().size()).sum(); }

    /** One line per layer: layers with parameters numbered as {@link #nameOf} counts them (from 1), others unnumbered. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Network (" + parameterCount() + " parameters)");
        int l = 0;
        for (Layer layer : all) {
            s.append("\n  ").append(layer.parameters().isEmpty() ? "   " : ++l + ": ").append(layer);
        }
        return s.toString();
    }

    /** Stacks layers, taking each layer's input size from the previous one. */
    public static final class Builder {
        private final List<Layer> layers = new ArrayList<>();
        private final Random rng;
        private int width;
        private Initializer init = Initializers.XAVIER_GAUSSIAN;
        private boolean bias = true;

        private Builder(int inputs, long seed) {
            this.width = Require.positiveCount("Network.builder", "the number of inputs", inputs);
            this.rng = new Random(seed);
        }

        /** The initializer for the layers added after this call (default Xavier Gaussian). */
        public Builder init(Initializer init) {
            this.init = init;
            return this;
        }

        /** Whether the layers added after this call have a bias (default true). */
        public Builder bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** Adds a dense layer of {@code neurons} neurons with activation f. */
        public Builder dense(int neurons, Activation f) {
            layers.add(new Dense(width, neurons, f, init, rng, bias));
            width = neurons;
            return this;
        }

        /** Adds inverted dropout of rate p; its seed is the builder's next random long. */
        public Builder dropout(double p) {
            layers.add(new Dropout(Dropout.requireRate(p), rng.nextLong()));
            return this;
        }

        /** Adds a layer of any kind, such as one of your own; the next dense layer takes {@code width} inputs. */
        public Builder add(Layer layer, int width) {
            layers.add(Require.given("Network.builder", "a layer", layer));
            this.width = Require.positiveCount("Network.builder", "the width after the layer", width);
            return this;
        }

        public Network build() { return new Network(layers); }
    }
}
