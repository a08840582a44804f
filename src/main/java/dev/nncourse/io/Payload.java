package dev.nncourse.io;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activation;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.BatchNorm;
import dev.nncourse.nn.Conv2D;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Dropout;
import dev.nncourse.nn.Layer;
import dev.nncourse.nn.LeakyRelu;
import dev.nncourse.nn.MaxPool2D;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.OptimizerState;
import dev.nncourse.optim.Optimizers;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload of a model file: the layers, then the optimizer's state (see {@link ModelFile} and docs/model-format.md).
 * {@link #write} writes format version {@value ModelFile#VERSION}; {@link #read} reads versions 1 to 4. Every double is
 * written as its raw IEEE-754 bits, so a round trip is bit-exact. The optimizer is saved through its
 * {@link OptimizerState}, whatever its kind, and made again by {@link Optimizers#of}.
 */
final class Payload {
    private static final String LEAKY_RELU = "leaky-relu";
    /** The version-2 layout of each kind's settings and slots, in the order the file holds them. */
    private static final Map<String, List<String>> V2_SLOTS = Map.of("momentum", List.of("velocity"),
            "nesterov", List.of("velocity"), "rmsprop", List.of("s"), "adam", List.of("m", "v"), "adamw", List.of("m", "v"));

    /** The layers a model file holds. */
    private static final List<Class<?>> LAYERS = List.of(Dense.class, Dropout.class, Conv2D.class, MaxPool2D.class,
            BatchNorm.class);

    private Payload() {}

    // ---------------------------------------------------------------- writing (version 3)

    /** Throws naming the layer or optimizer that a model file could not make again; changes nothing. */
    static void requireSavable(Network net, Optimizer optimizer) {
        List<Layer> layers = net.allLayers();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (!LAYERS.contains(layer.getClass())) {
                throw new ModelFileException("cannot save layer " + (l + 1) + ", a " + layer.getClass().getName() + ": a model "
                        + "file holds the library's layers, " + LAYERS.stream().map(Class::getSimpleName).toList()
                        + ", and could not make this one again");
            }
            if (layer instanceof Dense d) activationName(d.activation(), l);
            if (layer instanceof Conv2D c) activationName(c.activation(), l);
        }
        String why = optimizer == null ? null : Optimizers.whyNotSavable(optimizer);
        if (why != null) throw new ModelFileException("cannot save optimizer " + why);
    }

    static void write(DataOutputStream out, Network net, Optimizer optimizer) throws IOException {
        List<Layer> layers = net.allLayers();
        out.writeInt(layers.size());
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            if (layer instanceof Dense d) {
                out.writeUTF("dense");
                writeDense(out, d, l);
            } else if (layer instanceof Dropout d) {
                out.writeUTF("dropout");
                out.writeDouble(d.p());
                out.writeLong(d.seed());
                out.writeLong(d.draws());
            } else if (layer instanceof Conv2D c) {
                out.writeUTF("conv2d");
                writeInts(out, c.inputShape().channels(), c.inputShape().height(), c.inputShape().width(),
                        c.outputShape().channels(), c.kernel(), c.stride(), c.padding());
                writeActivation(out, c.activation(), l);
                writeDoubles(out, c.weights());
                writeDoubles(out, c.bias());
            } else if (layer instanceof MaxPool2D mp) {
                out.writeUTF("maxpool2d");
                writeInts(out, mp.inputShape().channels(), mp.inputShape().height(), mp.inputShape().width(), mp.size(),
                        mp.stride());
            } else {
                BatchNorm bn = (BatchNorm) layer;
                out.writeUTF("batchnorm");
                out.writeInt(bn.inputs());
                for (Matrix m : List.of(bn.gamma(), bn.beta(), bn.runningMean(), bn.runningVariance())) writeDoubles(out, m);
            }
        }
        out.writeByte(optimizer == null ? 0 : 1);
        if (optimizer != null) writeState(out, inNetworkOrder(optimizer.state(), optimizer.parameters(), net.parameters()));
    }

    private static void writeDense(DataOutputStream out, Dense layer, int l) throws IOException {
        out.writeInt(layer.inputs());
        out.writeInt(layer.neurons());
        writeActivation(out, layer.activation(), l);
        out.writeByte(layer.bias() == null ? 0 : 1);
        writeDoubles(out, layer.weights());
        if (layer.bias() != null) writeDoubles(out, layer.bias());
    }

    private static void writeActivation(DataOutputStream out, Activation f, int l) throws IOException {
        out.writeUTF(activationName(f, l));
        if (f instanceof LeakyRelu leaky) out.writeDouble(leaky.slope());
    }

    private static void writeInts(DataOutputStream out, int... values) throws IOException {
        for (int v : values) out.writeInt(v);
    }

    /** The name a file gives a layer's activation; throws for one it could not make again. */
    private static String activationName(Activation f, int l) {
        if (f instanceof LeakyRelu) return LEAKY_RELU;
        if (Activations.ALL.contains(f)) return f.name();
        throw new ModelFileException("cannot save layer " + (l + 1) + ": its activation \"" + f.name() + "\" is not one of "
                + Activations.ALL.stream().map(Activation::name).toList() + " or a LeakyRelu, so the file could not be "
                + "loaded again");
    }

    /** The state with each slot's matrices in the network's parameter order instead of the optimizer's. */
    private static OptimizerState inNetworkOrder(OptimizerState state, List<Parameter> its, List<Parameter> ours) {
        Map<String, List<Matrix>> slots = new LinkedHashMap<>();
        state.slots().forEach((name, values) -> {
            List<Matrix> ordered = new ArrayList<>();
            for (Parameter p : ours) ordered.add(values.get(its.indexOf(p)));
            slots.put(name, ordered);
        });
        OptimizerState inner = state.inner() == null ? null : inNetworkOrder(state.inner(), its, ours);
        return new OptimizerState(state.kind(), state.settings(), state.counters(), slots, inner);
    }

    private static void writeState(DataOutputStream out, OptimizerState state) throws IOException {
        out.writeUTF(state.kind());
        out.writeInt(state.settings().size());
        for (Map.Entry<String, Double> e : state.settings().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
        out.writeInt(state.counters().size());
        for (Map.Entry<String, Long> e : state.counters().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
        out.writeInt(state.slots().size());
        for (Map.Entry<String, List<Matrix>> e : state.slots().entrySet()) {
            out.writeUTF(e.getKey());
            for (Matrix m : e.getValue()) writeDoubles(out, m);
        }
        out.writeByte(state.inner() == null ? 0 : 1);
        if (state.inner() != null) writeState(out, state.inner());
    }

    private static void writeDoubles(DataOutputStream out, Matrix m) throws IOException {
        for (int k = 0; k < m.size(); k++) out.writeLong(Double.doubleToRawLongBits(m.at(k)));
    }

    // ---------------------------------------------------------------- reading (versions 1 to 3)

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
                } else if (version >= 4 && kind.equals("conv2d")) {
                    stack.add(readConv(in, l + 1, version));
                } else if (version >= 4 && kind.equals("maxpool2d")) {
                    stack.add(new MaxPool2D(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readInt()));
                } else if (version >= 4 && kind.equals("batchnorm")) {
                    stack.add(readBatchNorm(in));
                } else {
                    throw new IllegalArgumentException("layer " + (l + 1) + " is of kind \"" + kind + "\", expected "
                            + (version >= 4 ? "dense, dropout, conv2d, maxpool2d or batchnorm" : "dense or dropout"));
                }
            }
            Network net = new Network(stack);
            OptimizerState state = version >= 3 ? readOptional(in, net) : readOldOptimizer(in, net, version, true);
            if (in.available() > 0) throw new IllegalArgumentException(in.available() + " bytes left over after the optimizer");
            return new Checkpoint(net, state == null ? null : Optimizers.of(state, net.parameters()));
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
        return bias ? Dense.of(w, readDoubles(in, 1, k), f) : Dense.of(w, f);
    }

    private static Conv2D readConv(DataInputStream in, int l, int version) throws IOException {
        Conv2D.Shape shape = new Conv2D.Shape(in.readInt(), in.readInt(), in.readInt());
        int filters = in.readInt(), kernel = in.readInt(), stride = in.readInt(), padding = in.readInt();
        if (shape.size() < 1 || filters < 1 || kernel < 1 || (long) shape.channels() * kernel * kernel * filters > in.available() / 8) {
            throw new IllegalArgumentException("layer " + l + ": a convolution of " + shape + " with " + filters + " filters of "
                    + kernel + "×" + kernel + " does not fit the " + in.available() + " bytes left");
        }
        Activation f = activation(in, l, version);
        Matrix w = readDoubles(in, shape.channels() * kernel * kernel, filters), b = readDoubles(in, 1, filters);
        return Conv2D.of(shape, kernel, stride, padding, w, b, f);
    }

    private static BatchNorm readBatchNorm(DataInputStream in) throws IOException {
        int d = in.readInt();
        if (d < 1 || 4L * d > in.available() / 8) {
            throw new IllegalArgumentException("batch normalisation of " + d + " features does not fit the " + in.available()
                    + " bytes left");
        }
        BatchNorm bn = new BatchNorm(d);
        bn.parameters().get(0).value().setTo(readDoubles(in, 1, d));
        bn.parameters().get(1).value().setTo(readDoubles(in, 1, d));
        bn.setRunning(readDoubles(in, 1, d), readDoubles(in, 1, d));
        return bn;
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

    /** Version 3: a flag, then the state if it is 1. */
    private static OptimizerState readOptional(DataInputStream in, Network net) throws IOException {
        return readFlag(in, "optimizer flag") ? readState(in, net, 0) : null;
    }

    private static OptimizerState readState(DataInputStream in, Network net, int depth) throws IOException {
        if (depth > 1) throw new IllegalArgumentException("an optimizer nested more than once (an L2 penalty inside another)");
        String kind = in.readUTF();
        Map<String, Double> settings = new LinkedHashMap<>();
        for (int i = 0, h = count(in, kind + " settings"); i < h; i++) settings.put(in.readUTF(), in.readDouble());
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = 0, c = count(in, kind + " counters"); i < c; i++) counters.put(in.readUTF(), in.readLong());
        Map<String, List<Matrix>> slots = new LinkedHashMap<>();
        for (int i = 0, s = count(in, kind + " slots"); i < s; i++) {
            List<Matrix> values = new ArrayList<>();
            String name = in.readUTF();
            for (Parameter p : net.parameters()) values.add(readDoubles(in, p.value().rows(), p.value().cols()));
            slots.put(name, values);
        }
        OptimizerState inner = readFlag(in, kind + " inner flag") ? readState(in, net, depth + 1) : null;
        return new OptimizerState(kind, settings, counters, slots, inner);
    }

    private static int count(DataInputStream in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 16) throw new IllegalArgumentException(what + ": " + n + ", expected from 0 to 16");
        return n;
    }

    /** Versions 1 and 2: the optimizer in its old layout, as a state of today's model. */
    private static OptimizerState readOldOptimizer(DataInputStream in, Network net, int version, boolean outer)
            throws IOException {
        String kind = in.readUTF();
        if (version == 1 && !List.of("none", "sgd", "gd").contains(kind)) {
            throw new IllegalArgumentException("optimizer \"" + kind + "\", expected none, sgd or gd");
        }
        switch (kind) {
            case "none":
                if (!outer) throw new IllegalArgumentException("an L2 penalty wraps no optimizer");
                return null;
            case "sgd":
                return new OptimizerState("sgd", Map.of("lr", in.readDouble()), Map.of("t", 0L), Map.of(), null);
            case "gd":
                double lr = in.readDouble();
                long c = in.readLong();
                return new OptimizerState("gd", Map.of("lr", lr), Map.of("c", c), Map.of("mean", optionals(in, net, "gd")),
                        null);
            case "l2":
                if (!outer) throw new IllegalArgumentException("an L2 penalty inside another one");
                double lambda = in.readDouble();
                OptimizerState inner = readOldOptimizer(in, net, version, false);
                return new OptimizerState("l2", Map.of("lambda", lambda), Map.of(), Map.of(), inner);
            default:
                List<String> names = V2_SLOTS.get(kind);
                if (names == null) {
                    throw new IllegalArgumentException("optimizer \"" + kind + "\", expected none, sgd, gd, l2 or one of "
                            + V2_SLOTS.keySet().stream().sorted().toList());
                }
                Map<String, Double> settings = new LinkedHashMap<>();
                for (int i = 0, h = count(in, kind + " settings"); i < h; i++) settings.put(in.readUTF(), in.readDouble());
                long t = in.readLong();
                Map<String, List<Matrix>> slots = new LinkedHashMap<>();
                for (String slot : names) {
                    String name = in.readUTF();
                    if (!name.equals(slot)) {
                        throw new IllegalArgumentException(kind + ": state \"" + name + "\", expected \"" + slot + "\"");
                    }
                    slots.put(slot, optionals(in, net, kind + " " + slot));
                }
                return new OptimizerState(kind, settings, Map.of("t", t), slots, null);
        }
    }

    /** Per parameter in network order, a flag, then, if it is 1, a matrix of its shape; zeros where the flag is 0. */
    private static List<Matrix> optionals(DataInputStream in, Network net, String what) throws IOException {
        List<Matrix> values = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            boolean present = readFlag(in, what + " flag of " + net.nameOf(p));
            values.add(present ? readDoubles(in, p.value().rows(), p.value().cols()) : Matrix.zeros(p.value().rows(), p.value().cols()));
        }
        return values;
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
