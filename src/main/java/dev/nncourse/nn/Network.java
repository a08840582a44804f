package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A sequential stack of dense layers: Y = f_L(… f_1(X·W_1 + b_1) … ·W_L + b_L). */
public final class Network {
    private final List<Dense> layers;

    /**
     * A network of the given layers; each layer's inputs must equal the previous layer's neurons. A layer object may
     * appear only once: it caches one forward pass, so a second position would overwrite the first one's caches.
     * (Two networks may share a layer object, as a gradient check wraps one layer in a network of its own.)
     */
    public Network(List<Dense> layers) {
        if (layers == null || layers.isEmpty()) throw new IllegalArgumentException("Network: needs at least one layer, got none");
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) == null) {
                throw new IllegalArgumentException("Network: layer " + (l + 1) + " of " + layers.size() + " is null; expected a Dense layer");
            }
            for (int k = 0; k < l; k++) {
                if (layers.get(k) == layers.get(l)) {
                    throw new IllegalArgumentException("Network: layers " + (k + 1) + " and " + (l + 1) + " are the same Dense "
                            + "object " + layers.get(l) + "; a layer caches one forward pass, so it can appear once. Create a "
                            + "new Dense for each position");
                }
            }
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).inputs() != layers.get(l - 1).neurons()) {
                throw new IllegalArgumentException("Network: layer " + (l + 1) + " expects " + layers.get(l).inputs()
                        + " inputs but layer " + l + " has " + layers.get(l - 1).neurons() + " neurons");
            }
        }
        this.layers = List.copyOf(layers);
    }

    public static Network of(Dense... layers) { return new Network(layers == null ? null : java.util.Arrays.asList(layers)); }

    /** A builder for a network with {@code inputs} inputs whose weights come from {@code new Random(seed)}. */
    public static Builder builder(int inputs, long seed) { return new Builder(inputs, seed); }

    /** Forward through every layer: O_0 = X, O_l = f_l(O_{l−1}·W_l + b_l); returns O_L. */
    public Matrix forward(Matrix x) {
        Matrix o = x.requireFinite("Network.forward: input");
        for (Dense layer : layers) o = layer.forward(o);
        return o;
    }

    /**
     * Backward through every layer from G = ∂L/∂Y, last layer first; returns ∂L/∂X. Every layer must hold the caches
     * of this network's last forward pass, with W, b and X unchanged since (else {@link IllegalStateException},
     * before anything is written).
     */
    public Matrix backward(Matrix gradOutput) {
        requireBackward("backward", gradOutput);
        Matrix g = gradOutput;
        for (int l = layers.size() - 1; l >= 0; l--) g = layers.get(l).backward(g);
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
        for (int l = layers.size() - 1; l >= 0; l--) g = layers.get(l).backwardAndDescend(g, learningRate);
        return g;
    }

    /**
     * Throws unless every layer may run its backward pass: the layers' caches come from one forward pass through this
     * network (each layer's cached input is the previous layer's cached output), unchanged since, and G has the shape
     * of the output.
     */
    private void requireBackward(String op, Matrix gradOutput) {
        Dense last = layers.get(layers.size() - 1);
        last.requireBackward(op, gradOutput);
        for (int l = layers.size() - 2; l >= 0; l--) {
            layers.get(l).requireBackward(op, layers.get(l).output());
            if (layers.get(l + 1).input() != layers.get(l).output()) {
                throw new IllegalStateException("Network." + op + ": layer " + (l + 2) + "'s cached input is not layer "
                        + (l + 1) + "'s output: a layer was run forward on its own since the network's forward pass; "
                        + "run forward through the network again before backward");
            }
        }
    }

    /** Every trainable parameter, named {@code layer1.W}, {@code layer1.b}, …, in layer order. */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Dense layer : layers) ps.addAll(layer.parameters());
        return Collections.unmodifiableList(ps);
    }

    /** The name of a parameter: {@code layer<l>.<W|b>}, counting layers from 1. */
    public String nameOf(Parameter p) {
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l).parameters().contains(p)) return "layer" + (l + 1) + "." + p.name();
        }
        throw new IllegalArgumentException("nameOf: " + p + " is not a parameter of this network");
    }

    public List<Dense> layers() { return layers; }

    public Dense layer(int l) { return layers.get(l); }

    public int inputs() { return layers.get(0).inputs(); }

    public int outputs() { return layers.get(layers.size() - 1).neurons(); }

    /** The number of trainable scalars, Σ_l (n_l k_l + k_l): a long, since the sum over layers can exceed an int. */
    public long parameterCount() { return parameters().stream().mapToLong(p -> p.value().size()).sum(); }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Network (" + parameterCount() + " parameters)");
        for (int l = 0; l < layers.size(); l++) s.append("\n  ").append(l + 1).append(": ").append(layers.get(l));
        return s.toString();
    }

    /** Stacks layers, taking each layer's input size from the previous one. */
    public static final class Builder {
        private final List<Dense> layers = new ArrayList<>();
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

        public Network build() { return new Network(layers); }
    }
}
