package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A sequential stack of layers: Y = f_L(… f_1(X·W_1 + b_1) … ·W_L + b_L) for dense layers, with optional
 * {@link Dropout} layers between them (or before the first, or after the last).
 *
 * <p>The dense layers are numbered from 1 in their own order, whatever dropout sits between them: {@link #layer}(0)
 * is the first dense layer, {@link #layers()} lists the dense layers, and parameters are named {@code layer1.W}, …
 * {@link #allLayers()} lists every layer, dropout included.
 *
 * <p>The network is in evaluation mode until {@link #setTraining} says otherwise (see {@link Layer}).
 */
public final class Network {
    private final List<Layer> all;
    private final List<Dense> dense;

    /**
     * A network of the given layers, at least one of them {@link Dense}; each dense layer's inputs must equal the
     * previous dense layer's neurons. A layer object may appear only once: it caches one forward pass, so a second
     * position would overwrite the first one's caches. (Two networks may share a layer object, as a gradient check wraps
     * one layer in a network of its own.)
     */
    public Network(List<? extends Layer> layers) {
        if (layers == null || layers.isEmpty()) throw new IllegalArgumentException("Network: needs at least one layer, got none");
        List<Dense> dense = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (layer == null) {
                throw new IllegalArgumentException("Network: layer " + (l + 1) + " of " + layers.size() + " is null; expected "
                        + "a Dense layer or a Dropout layer");
            }
            for (int k = 0; k < l; k++) {
                if (layers.get(k) == layer) {
                    String kind = layer.getClass().getSimpleName();
                    throw new IllegalArgumentException("Network: layers " + (k + 1) + " and " + (l + 1) + " are the same "
                            + kind + " object " + layer + "; a layer caches one forward pass, so it can appear once. Create "
                            + "a new " + kind + " for each position");
                }
            }
            if (layer instanceof Dense d) dense.add(d);
        }
        if (dense.isEmpty()) {
            throw new IllegalArgumentException("Network: " + layers + " has no Dense layer; expected at least one");
        }
        for (int l = 1; l < dense.size(); l++) {
            if (dense.get(l).inputs() != dense.get(l - 1).neurons()) {
                throw new IllegalArgumentException("Network: layer " + (l + 1) + " expects " + dense.get(l).inputs()
                        + " inputs but layer " + l + " has " + dense.get(l - 1).neurons() + " neurons");
            }
        }
        this.all = List.copyOf(layers);
        this.dense = List.copyOf(dense);
    }

    public static Network of(Layer... layers) { return new Network(layers == null ? null : java.util.Arrays.asList(layers)); }

    /** A builder for a network with {@code inputs} inputs whose weights come from {@code new Random(seed)}. */
    public static Builder builder(int inputs, long seed) { return new Builder(inputs, seed); }

    /** Forward through every layer: O_0 = X, O_l = layer_l(O_{l−1}); returns the last output. */
    public Matrix forward(Matrix x) {
        Matrix o = x.requireFinite("Network.forward: input");
        for (Layer layer : all) o = layer.forward(o);
        return o;
    }

    /**
     * The prediction for X in evaluation mode (dropout off), whatever the network's mode: O_l = layer_l(O_{l−1}) with
     * each layer's {@link Layer#predict}. The same bits as {@link #forward} in evaluation mode, but nothing is cached
     * and no mask is drawn, so a pending backward pass is not disturbed.
     */
    public Matrix predict(Matrix x) {
        Matrix o = x.requireFinite("Network.predict: input");
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
     * Backward through every layer from G = ∂L/∂Y, last layer first; returns ∂L/∂X. Every layer must hold the caches
     * of this network's last forward pass, with W, b and X unchanged since (else {@link IllegalStateException},
     * before anything is written).
     */
    public Matrix backward(Matrix gradOutput) {
        requireBackward("backward", gradOutput);
        Matrix g = gradOutput;
        for (int l = all.size() - 1; l >= 0; l--) g = all.get(l).backward(g);
        return g;
    }

    /**
     * {@link #backward} followed by the SGD step θ ← θ − ε ∂J/∂θ, layer by layer (see {@link Dense#backwardAndDescend}).
     * All or nothing: every layer is checked before the last one is updated, so a refusal leaves every θ as it was.
     */
    public Matrix backwardAndDescend(Matrix gradOutput, double learningRate) {
        Dense.requireLearningRate(learningRate);
        requireBackward("backwardAndDescend", gradOutput);
        Matrix g = gradOutput;
        for (int l = all.size() - 1; l >= 0; l--) g = all.get(l).backwardAndDescend(g, learningRate);
        return g;
    }

    /**
     * What a training step needs of {@link #backward}: every parameter's ∂J/∂θ, with the same bits, but not ∂L/∂X of
     * the network's input. So the first layer with parameters skips its product Δ·Wᵀ (for a wide input such as 784
     * pixels, a third of the step's work) and the layers before it do not run. The same checks as {@link #backward}.
     */
    public void backwardParameters(Matrix gradOutput) {
        requireBackward("backward", gradOutput);
        int first = firstWithParameters();
        Matrix g = gradOutput;
        for (int l = all.size() - 1; l > first; l--) g = all.get(l).backward(g);
        all.get(first).backwardParameters(g);
    }

    /**
     * {@link #backwardAndDescend} without ∂L/∂X of the network's input, as {@link #backwardParameters}: the SGD step of
     * a training loop, with the same updates, all or nothing.
     */
    public void descend(Matrix gradOutput, double learningRate) {
        Dense.requireLearningRate(learningRate);
        requireBackward("backwardAndDescend", gradOutput);
        int first = firstWithParameters();
        Matrix g = gradOutput;
        for (int l = all.size() - 1; l > first; l--) g = all.get(l).backwardAndDescend(g, learningRate);
        all.get(first).descend(g, learningRate);
    }

    /** The position of the first layer with parameters (the first dense layer). */
    private int firstWithParameters() { return all.indexOf(dense.get(0)); }

    /**
     * Throws unless every layer may run its backward pass: the layers' caches come from one forward pass through this
     * network (each layer's cached input is the previous layer's cached output), unchanged since, and G has the shape
     * of the output.
     */
    private void requireBackward(String op, Matrix gradOutput) {
        all.get(all.size() - 1).requireBackward(op, gradOutput);
        for (int l = all.size() - 2; l >= 0; l--) {
            all.get(l).requireBackward(op, all.get(l).output());
            if (all.get(l + 1).input() != all.get(l).output()) {
                throw new IllegalStateException("Network." + op + ": " + describe(l + 1) + "'s cached input is not "
                        + describe(l) + "'s output: a layer was run forward on its own since the network's forward pass; "
                        + "run forward through the network again before backward");
            }
        }
    }

    /** "layer k" for the k-th dense layer, "the Dropout after layer k" (or "before layer 1") for a dropout layer. */
    private String describe(int position) {
        Layer layer = all.get(position);
        if (layer instanceof Dense d) return "layer " + (dense.indexOf(d) + 1);
        int before = (int) all.subList(0, position).stream().filter(Dense.class::isInstance).count();
        return before == 0 ? "the Dropout before layer 1" : "the Dropout after layer " + before;
    }

    /** Every trainable parameter, named {@code layer1.W}, {@code layer1.b}, …, in layer order. */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Layer layer : all) ps.addAll(layer.parameters());
        return Collections.unmodifiableList(ps);
    }

    /**
     * The network's state as it is now: a copy of every parameter and the position of every dropout layer's mask
     * generator. Running the returned action puts them back, bit for bit (it can run more than once); early stopping
     * uses it to return to the best epoch. The caches of the last forward pass are not part of it.
     */
    public Runnable snapshot() {
        List<Matrix> values = parameters().stream().map(p -> p.value().copy()).toList();
        List<Dropout> dropouts = all.stream().filter(Dropout.class::isInstance).map(Dropout.class::cast).toList();
        long[] draws = dropouts.stream().mapToLong(Dropout::draws).toArray();
        return () -> {
            List<Parameter> ps = parameters();
            for (int i = 0; i < ps.size(); i++) ps.get(i).value().setTo(values.get(i));
            for (int i = 0; i < draws.length; i++) dropouts.get(i).setDraws(draws[i]);
        };
    }

    /** The name of a parameter: {@code layer<l>.<W|b>}, counting dense layers from 1. */
    public String nameOf(Parameter p) {
        for (int l = 0; l < dense.size(); l++) {
            if (dense.get(l).parameters().contains(p)) return "layer" + (l + 1) + "." + p.name();
        }
        throw new IllegalArgumentException("nameOf: " + p + " is not a parameter of this network");
    }

    /** The dense layers, in order (every layer when there is no dropout). */
    public List<Dense> layers() { return dense; }

    /** Dense layer l, counting from 0. */
    public Dense layer(int l) { return dense.get(l); }

    /** Every layer in order, dense and dropout. */
    public List<Layer> allLayers() { return all; }

    public int inputs() { return dense.get(0).inputs(); }

    public int outputs() { return dense.get(dense.size() - 1).neurons(); }

    /** The number of trainable scalars, Σ_l (n_l k_l + k_l): a long, since the sum over layers can exceed an int. */
    public long parameterCount() { return parameters().stream().mapToLong(p -> p.value().size()).sum(); }

    /** One line per layer: dense layers numbered as {@link #layer} counts them (from 1), dropout unnumbered between. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Network (" + parameterCount() + " parameters)");
        for (Layer layer : all) {
            s.append("\n  ").append(layer instanceof Dense d ? (dense.indexOf(d) + 1) + ": " : "   ").append(layer);
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
            if (inputs < 1) throw new IllegalArgumentException("Network.builder: inputs must be positive, got " + inputs);
            this.width = inputs;
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
            Dense layer = new Dense(width, neurons, f, init, rng, bias);
            layers.add(layer);
            width = neurons;
            return this;
        }

        /** Adds inverted dropout of rate p; its seed is the builder's next random long. */
        public Builder dropout(double p) {
            layers.add(new Dropout(Dropout.requireRate(p), rng.nextLong()));
            return this;
        }

        public Network build() { return new Network(layers); }
    }
}
