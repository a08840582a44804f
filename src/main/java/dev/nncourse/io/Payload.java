package dev.nncourse.io;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activation;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Dropout;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Layer;
import dev.nncourse.nn.LeakyRelu;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Adam;
import dev.nncourse.optim.AdamW;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.L2Regularized;
import dev.nncourse.optim.Momentum;
import dev.nncourse.optim.Nesterov;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.RmsProp;
import dev.nncourse.optim.Sgd;
import dev.nncourse.optim.StatefulOptimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * The payload of a model file: the layers, then the optimizer with its state (see {@link ModelFile} and
 * docs/model-format.md). {@link #write} writes format version {@value ModelFile#VERSION}; {@link #read} reads
 * versions 1 and 2. Every double is written as its raw IEEE-754 bits, so a round trip is bit-exact.
 */
final class Payload {
    /** The optimizers with state per parameter, by the name the file gives them, and how to make one from its settings. */
    private static final Map<String, Function<Settings, StatefulOptimizer>> STATEFUL = Map.of(
            "momentum", h -> new Momentum(h.get("lr"), h.get("momentum")),
            "nesterov", h -> new Nesterov(h.get("lr"), h.get("momentum")),
            "rmsprop", h -> new RmsProp(h.get("lr"), h.get("rho"), h.get("eps")),
            "adam", h -> new Adam(h.get("lr"), h.get("beta1"), h.get("beta2"), h.get("eps")),
            "adamw", h -> new AdamW(h.get("lr"), h.get("beta1"), h.get("beta2"), h.get("eps"), h.get("weightDecay")));
    /** The exact classes {@link #STATEFUL} makes: a subclass may update differently, so it is not saved as its parent. */
    private static final List<Class<?>> STATEFUL_CLASSES =
            List.of(Momentum.class, Nesterov.class, RmsProp.class, Adam.class, AdamW.class);
    private static final String LEAKY_RELU = "leaky-relu";

    private Payload() {}

    // ---------------------------------------------------------------- writing (version 2)

    static void write(DataOutputStream out, Network net, Optimizer optimizer) throws IOException {
        List<Layer> layers = net.allLayers();
        out.writeInt(layers.size());
        for (Layer layer : layers) {
            if (layer instanceof Dense d) {
                out.writeUTF("dense");
                writeDense(out, d, net.layers().indexOf(d));
            } else {
                Dropout d = (Dropout) layer;
                out.writeUTF("dropout");
                out.writeDouble(d.p());
                out.writeLong(d.seed());
                out.writeLong(d.draws());
            }
        }
        writeOptimizer(out, net, optimizer);
    }

    private static void writeDense(DataOutputStream out, Dense layer, int l) throws IOException {
        out.writeInt(layer.inputs());
        out.writeInt(layer.neurons());
        Activation f = layer.activation();
        if (f instanceof LeakyRelu leaky) {
            out.writeUTF(LEAKY_RELU);
            out.writeDouble(leaky.slope());
        } else if (Activations.ALL.contains(f)) {
            out.writeUTF(f.name());
        } else {
            throw new ModelFileException("cannot save layer " + (l + 1) + ": its activation \"" + f.name() + "\" is not one of "
                    + Activations.ALL.stream().map(Activation::name).toList() + " or a LeakyRelu, so the file could not be "
                    + "loaded again");
        }
        out.writeByte(layer.bias() == null ? 0 : 1);
        writeDoubles(out, layer.weights());
        if (layer.bias() != null) writeDoubles(out, layer.bias());
    }

    private static void writeOptimizer(DataOutputStream out, Network net, Optimizer optimizer) throws IOException {
        if (optimizer == null) {
            out.writeUTF("none");
        } else if (optimizer.getClass() == Sgd.class) {
            out.writeUTF("sgd");
            out.writeDouble(((Sgd) optimizer).learningRate());
        } else if (optimizer.getClass() == GradientDescent.class) {
            GradientDescent gd = (GradientDescent) optimizer;
            out.writeUTF("gd");
            out.writeDouble(gd.learningRate());
            out.writeLong(gd.count());
            for (Parameter p : net.parameters()) writeOptional(out, gd.meanGradient(p));
        } else if (STATEFUL_CLASSES.contains(optimizer.getClass())) {
            StatefulOptimizer s = (StatefulOptimizer) optimizer;
            out.writeUTF(s.kind());
            Map<String, Double> h = s.hyperparameters();
            out.writeInt(h.size());
            for (Map.Entry<String, Double> e : h.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue());
            }
            out.writeLong(s.steps());
            for (String slot : s.slots()) {
                out.writeUTF(slot);
                for (Parameter p : net.parameters()) writeOptional(out, s.state(slot, p));
            }
        } else if (optimizer.getClass() == L2Regularized.class) {
            L2Regularized l2 = (L2Regularized) optimizer;
            if (l2.optimizer() instanceof L2Regularized) {
                throw new ModelFileException("cannot save optimizer " + optimizer.name() + ": an L2 penalty inside another "
                        + "one; use one L2Regularized with the sum of the λs");
            }
            out.writeUTF("l2");
            out.writeDouble(l2.penalty().lambda());
            writeOptimizer(out, net, l2.optimizer());
        } else {
            throw new ModelFileException("cannot save optimizer " + optimizer.name() + " (" + optimizer.getClass().getName()
                    + "): expected an Sgd, a GradientDescent, a Momentum, a Nesterov, an RmsProp, an Adam, an AdamW, an "
                    + "L2Regularized of one of them, or null");
        }
    }

    /** A byte 0 for null, else 1 and the matrix. */
    private static void writeOptional(DataOutputStream out, Matrix m) throws IOException {
        out.writeByte(m == null ? 0 : 1);
        if (m != null) writeDoubles(out, m);
    }

    private static void writeDoubles(DataOutputStream out, Matrix m) throws IOException {
        for (int k = 0; k < m.size(); k++) out.writeLong(Double.doubleToRawLongBits(m.at(k)));
    }

    // ---------------------------------------------------------------- reading (versions 1 and 2)

    /**
     * The network and optimizer of a payload of format {@code version}; throws {@link IllegalArgumentException} naming
     * the first field that is wrong.
     */
    static Checkpoint read(DataInputStream in, int version) throws IOException {
        try {
            int count = in.readInt();
            if (count < 1) throw new IllegalArgumentException("layer count " + count + ", expected at least 1");
            List<Layer> stack = new ArrayList<>();
            int dense = 0;
            for (int l = 0; l < count; l++) {
                String kind = version == 1 ? "dense" : in.readUTF();
                if (kind.equals("dense")) {
                    stack.add(readDense(in, ++dense, version));
                } else if (kind.equals("dropout")) {
                    double p = in.readDouble();
                    long seed = in.readLong(), draws = in.readLong();
                    stack.add(new Dropout(p, seed, draws));
                } else {
                    throw new IllegalArgumentException("layer " + (l + 1) + " is of kind \"" + kind
                            + "\", expected dense or dropout");
                }
            }
            Network net = new Network(stack);
            Optimizer optimizer = readOptimizer(in, net, version, true);
            if (in.available() > 0) throw new IllegalArgumentException(in.available() + " bytes left over after the optimizer");
            return new Checkpoint(net, optimizer);
        } catch (EOFException e) {
            throw new IllegalArgumentException("the data ends in the middle of a field", e);
        }
    }

    /** Dense layer number {@code l} (from 1). */
    private static Dense readDense(DataInputStream in, int l, int version) throws IOException {
        int n = in.readInt(), k = in.readInt();
        if (n < 1 || k < 1 || (long) n * k > in.available() / 8) {
            throw new IllegalArgumentException("layer " + l + " has shape " + n + "×" + k + ", which does not fit the "
                    + in.available() + " bytes left");
        }
        Activation f = activation(in, l, version);
        boolean bias = readFlag(in, "bias flag of layer " + l);
        Matrix w = readDoubles(in, n, k);
        Dense layer = new Dense(n, k, f, Initializers.of("loaded", (rows, cols, rng) -> w), new Random(0), bias);
        if (bias) layer.bias().setTo(readDoubles(in, 1, k));
        return layer;
    }

    private static Activation activation(DataInputStream in, int l, int version) throws IOException {
        String name = in.readUTF();
        try {
            return version >= 2 && name.equals(LEAKY_RELU) ? new LeakyRelu(in.readDouble()) : Activations.named(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer " + l + ": " + e.getMessage()
                    + (version >= 2 ? ", or " + LEAKY_RELU + " with its slope" : ""), e);
        }
    }

    private static Optimizer readOptimizer(DataInputStream in, Network net, int version, boolean outer) throws IOException {
        String kind = in.readUTF();
        if (version == 1 && !List.of("none", "sgd", "gd").contains(kind)) {
            throw new IllegalArgumentException("optimizer \"" + kind + "\", expected none, sgd or gd");
        }
        switch (kind) {
            case "none":
                if (!outer) throw new IllegalArgumentException("an L2 penalty wraps no optimizer");
                return null;
            case "sgd":
                return new Sgd(in.readDouble());
            case "gd":
                GradientDescent gd = new GradientDescent(in.readDouble());
                long count = in.readLong();
                Map<Parameter, Matrix> means = new IdentityHashMap<>();
                for (Parameter p : net.parameters()) {
                    Matrix g = readOptional(in, p, "running-mean flag of " + net.nameOf(p));
                    if (g != null) means.put(p, g);
                }
                gd.resume(means, count);
                return gd;
            case "l2":
                if (!outer) throw new IllegalArgumentException("an L2 penalty inside another one");
                double lambda = in.readDouble();
                return new L2Regularized(readOptimizer(in, net, version, false), lambda);
            default:
                if (!STATEFUL.containsKey(kind)) {
                    throw new IllegalArgumentException("optimizer \"" + kind + "\", expected none, sgd, gd, l2 or one of "
                            + STATEFUL.keySet().stream().sorted().toList());
                }
                return readStateful(in, net, kind);
        }
    }

    private static StatefulOptimizer readStateful(DataInputStream in, Network net, String kind) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 16) throw new IllegalArgumentException(kind + ": " + count + " settings, expected at most 16");
        Map<String, Double> h = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) h.put(in.readUTF(), in.readDouble());
        StatefulOptimizer opt = STATEFUL.get(kind).apply(new Settings(kind, h));
        if (!opt.hyperparameters().equals(h)) {
            throw new IllegalArgumentException(kind + " has the settings " + h.keySet() + ", expected "
                    + opt.hyperparameters().keySet());
        }
        long steps = in.readLong();
        Map<String, Map<Parameter, Matrix>> saved = new LinkedHashMap<>();
        for (String slot : opt.slots()) {
            String name = in.readUTF();
            if (!name.equals(slot)) {
                throw new IllegalArgumentException(kind + ": state \"" + name + "\", expected \"" + slot + "\"");
            }
            Map<Parameter, Matrix> values = new IdentityHashMap<>();
            for (Parameter p : net.parameters()) {
                Matrix m = readOptional(in, p, kind + " " + slot + " flag of " + net.nameOf(p));
                if (m != null) values.put(p, m);
            }
            saved.put(slot, values);
        }
        opt.restore(net.parameters(), steps, saved);
        return opt;
    }

    /** The settings of an optimizer as read from a file, by name. */
    private record Settings(String kind, Map<String, Double> values) {
        double get(String name) {
            Double v = values.get(name);
            if (v == null) {
                throw new IllegalArgumentException(kind + " has no setting \"" + name + "\"; it has " + values.keySet());
            }
            return v;
        }
    }

    /** A flag, then, if it is 1, a matrix of p's shape; null for 0. */
    private static Matrix readOptional(DataInputStream in, Parameter p, String what) throws IOException {
        return readFlag(in, what) ? readDoubles(in, p.value().rows(), p.value().cols()) : null;
    }

    private static boolean readFlag(DataInputStream in, String what) throws IOException {
        int b = in.readByte();
        if (b != 0 && b != 1) throw new IllegalArgumentException(what + " is " + b + ", expected 0 or 1");
        return b == 1;
    }

    private static Matrix readDoubles(DataInputStream in, int rows, int cols) throws IOException {
        if ((long) rows * cols > in.available() / 8) {
            throw new IllegalArgumentException(rows + "×" + cols + " numbers do not fit the " + in.available() + " bytes left");
        }
        double[] v = new double[rows * cols];
        for (int k = 0; k < v.length; k++) v[k] = Double.longBitsToDouble(in.readLong());
        return Matrix.wrap(rows, cols, v);
    }
}
