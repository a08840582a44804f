package dev.nncourse.io;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activation;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.Sgd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Saves and loads a {@link Network} and its optimizer's state in the course's binary model format, version 1.
 *
 * <p>All numbers are big-endian; doubles are stored as their raw IEEE-754 bits, so a round trip is bit-exact.
 * <pre>
 * offset   size  field
 * 0        8     magic: the ASCII bytes "NNCMODEL"
 * 8        4     format version (int32), 1
 * 12       8     payload length N in bytes (int64)
 * 20       N     payload
 * 20 + N   4     CRC-32 of bytes 0 … 20 + N − 1 (uint32)
 *
 * payload:
 *   int32 L, the number of layers; then per layer, first to last:
 *     int32 inputs n, int32 neurons k, UTF activation name (identity | tanh | relu | sigmoid),
 *     byte hasBias (0 or 1), n·k float64 W row by row, and if hasBias k float64 b
 *   UTF optimizer: "none", "sgd" or "gd"; for "sgd" and "gd" float64 learning rate; for "gd" also
 *     int64 c (samples folded into the running means this epoch), then per parameter in network order
 *     (layer1.W, layer1.b, layer2.W, …): byte present (0 or 1), and if present the running mean ḡ as float64s
 * </pre>
 * UTF is {@link DataOutputStream#writeUTF}: an unsigned 16-bit length, then modified UTF-8 bytes.
 *
 * <p>{@link #save} is atomic: it writes a temporary file in the target's directory, forces it to disk and renames it
 * over the target, so a failure leaves the previous file as it was and no half-written file behind.
 * {@link #load} checks, in order, the magic, the version, the length and the checksum, and names what is wrong.
 * See docs/model-format.md.
 */
public final class ModelFile {
    /** The first 8 bytes of every model file. */
    public static final byte[] MAGIC = "NNCMODEL".getBytes(StandardCharsets.US_ASCII);
    /** The format version this library writes and reads. */
    public static final int VERSION = 1;
    /** Bytes before the payload: magic, version, payload length. */
    static final int HEADER = 20;
    /** Bytes after the payload: the CRC-32. */
    static final int TRAILER = 4;

    private ModelFile() {}

    /** Saves the network alone (no optimizer state). */
    public static void save(Path file, Network net) { save(file, net, null); }

    /** Saves the network and the optimizer's state (an {@link Sgd}, a {@link GradientDescent}, or null for none). */
    public static void save(Path file, Network net, Optimizer optimizer) {
        if (net == null) throw new IllegalArgumentException("ModelFile.save: expected a network, got null");
        if (optimizer != null && !optimizer.belongsTo(net.parameters())) {
            throw new ModelFileException("cannot save " + file + " with optimizer " + optimizer.name() + ": its state belongs to "
                    + "another network's parameters, not to this network's; save each network with its own optimizer");
        }
        Path target = file.toAbsolutePath();
        if (Files.isDirectory(target)) throw new ModelFileException("cannot save to " + file + ": it is a directory; expected a file name");
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) throw new ModelFileException("cannot save to " + file + ": directory " + dir + " does not exist");
        byte[] bytes = encode(net, optimizer);   // fails, if at all, before the disk is touched
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw new ModelFileException("cannot save to " + file + ": cannot create a file in directory " + dir + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); expected a writable directory. The previous file, if any, is unchanged", e);
        }
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException f) {
                e.addSuppressed(f);
            }
            throw new ModelFileException("cannot save to " + file + " (" + e + "); the previous file, if any, is unchanged", e);
        }
    }

    /** Loads a network and its optimizer (null if none was saved); throws {@link ModelFileException} naming any problem. */
    public static Checkpoint load(Path file) {
        byte[] bytes = read(file);
        int m = Math.min(bytes.length, MAGIC.length);
        if (!java.util.Arrays.equals(bytes, 0, m, MAGIC, 0, m)) {
            throw new ModelFileException(file + " is not a model file: it starts with \"" + printable(bytes)
                    + "\", expected \"NNCMODEL\"");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER + TRAILER) {
            throw new ModelFileException(file + " is truncated: " + bytes.length + " bytes, but a model file has at least "
                    + (HEADER + TRAILER));
        }
        int version = in.getInt(8);
        if (version != VERSION) {
            throw new ModelFileException(file + " has format version " + version + ", but this library reads version "
                    + VERSION + "; save the model again with this library");
        }
        long n = in.getLong(12);
        long expected = HEADER + n + TRAILER;
        if (n < 0 || bytes.length < expected) {
            throw new ModelFileException(file + " is truncated: the header announces " + n + " bytes of data, so "
                    + expected + " bytes in all, but the file has " + bytes.length);
        }
        if (bytes.length > expected) {
            throw new ModelFileException(file + " is corrupt: " + (bytes.length - expected) + " unexpected bytes after the "
                    + expected + " that the header announces");
        }
        long stored = Integer.toUnsignedLong(in.getInt(HEADER + (int) n));
        long computed = crc(bytes, HEADER + (int) n);
        if (stored != computed) {
            throw new ModelFileException(String.format("%s is corrupt: checksum 0x%08x stored, 0x%08x computed over the "
                    + "first %d bytes; the file was changed or damaged after it was saved", file, stored, computed, HEADER + n));
        }
        try {
            return decode(new DataInputStream(new ByteArrayInputStream(bytes, HEADER, (int) n)));
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException(file + " is corrupt although its checksum matches: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file) {
        if (Files.isDirectory(file)) throw new ModelFileException(file + " is a directory; expected a model file");
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file + ": no such model file (looked for " + file.toAbsolutePath() + ")", e);
        } catch (IOException e) {
            throw new ModelFileException(file + " cannot be read (" + e + "); expected a readable model file", e);
        }
    }

    // ---------------------------------------------------------------- encoding

    static byte[] encode(Network net, Optimizer optimizer) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(payload)) {
            out.writeInt(net.layers().size());
            for (int l = 0; l < net.layers().size(); l++) {
                Dense layer = net.layer(l);
                out.writeInt(layer.inputs());
                out.writeInt(layer.neurons());
                out.writeUTF(activationName(layer.activation(), l));
                out.writeByte(layer.bias() == null ? 0 : 1);
                writeDoubles(out, layer.weights());
                if (layer.bias() != null) writeDoubles(out, layer.bias());
            }
            writeOptimizer(out, net, optimizer);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);   // a ByteArrayOutputStream does not fail
        }
        byte[] p = payload.toByteArray();
        ByteBuffer file = ByteBuffer.allocate(HEADER + p.length + TRAILER);
        file.put(MAGIC).putInt(VERSION).putLong(p.length).put(p);
        file.putInt((int) crc(file.array(), HEADER + p.length));
        return file.array();
    }

    private static String activationName(Activation f, int l) {
        if (!Activations.ALL.contains(f)) {
            throw new ModelFileException("cannot save layer " + (l + 1) + ": its activation \"" + f.name() + "\" is not one of "
                    + names() + ", so the file could not be loaded again");
        }
        return f.name();
    }

    private static void writeOptimizer(DataOutputStream out, Network net, Optimizer optimizer) throws IOException {
        if (optimizer == null) {
            out.writeUTF("none");
        } else if (optimizer instanceof Sgd sgd) {
            out.writeUTF("sgd");
            out.writeDouble(sgd.learningRate());
        } else if (optimizer instanceof GradientDescent gd) {
            out.writeUTF("gd");
            out.writeDouble(gd.learningRate());
            out.writeLong(gd.count());
            for (Parameter p : net.parameters()) {
                Matrix g = gd.meanGradient(p);
                out.writeByte(g == null ? 0 : 1);
                if (g != null) writeDoubles(out, g);
            }
        } else {
            throw new ModelFileException("cannot save optimizer " + optimizer.name() + ": expected an Sgd, a GradientDescent or null");
        }
    }

    private static void writeDoubles(DataOutputStream out, Matrix m) throws IOException {
        for (int k = 0; k < m.size(); k++) out.writeLong(Double.doubleToRawLongBits(m.at(k)));
    }

    // ---------------------------------------------------------------- decoding

    private static Checkpoint decode(DataInputStream in) throws IOException {
        try {
            int layers = in.readInt();
            if (layers < 1) throw new IllegalArgumentException("layer count " + layers + ", expected at least 1");
            List<Dense> stack = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                int n = in.readInt(), k = in.readInt();
                if (n < 1 || k < 1 || (long) n * k > in.available() / 8) {
                    throw new IllegalArgumentException("layer " + (l + 1) + " has shape " + n + "×" + k + ", which does not "
                            + "fit the " + in.available() + " bytes left");
                }
                Activation f = activation(in.readUTF(), l);
                boolean bias = readFlag(in, "bias flag of layer " + (l + 1));
                Matrix w = readDoubles(in, n, k);
                Dense layer = new Dense(n, k, f, Initializers.of("loaded", (rows, cols, rng) -> w), new Random(0), bias);
                if (bias) layer.bias().setTo(readDoubles(in, 1, k));
                stack.add(layer);
            }
            Network net = new Network(stack);
            Optimizer optimizer = readOptimizer(in, net);
            if (in.available() > 0) throw new IllegalArgumentException(in.available() + " bytes left over after the optimizer");
            return new Checkpoint(net, optimizer);
        } catch (EOFException e) {
            throw new IllegalArgumentException("the data ends in the middle of a field", e);
        }
    }

    private static Activation activation(String name, int l) {
        try {
            return Activations.named(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer " + (l + 1) + ": " + e.getMessage(), e);
        }
    }

    private static Optimizer readOptimizer(DataInputStream in, Network net) throws IOException {
        String kind = in.readUTF();
        switch (kind) {
            case "none":
                return null;
            case "sgd":
                return new Sgd(in.readDouble());
            case "gd":
                GradientDescent gd = new GradientDescent(in.readDouble());
                long count = in.readLong();
                Map<Parameter, Matrix> means = new IdentityHashMap<>();
                for (Parameter p : net.parameters()) {
                    if (readFlag(in, "running-mean flag of " + net.nameOf(p))) {
                        means.put(p, readDoubles(in, p.value().rows(), p.value().cols()));
                    }
                }
                gd.resume(means, count);
                return gd;
            default:
                throw new IllegalArgumentException("optimizer \"" + kind + "\", expected none, sgd or gd");
        }
    }

    private static boolean readFlag(DataInputStream in, String what) throws IOException {
        int b = in.readByte();
        if (b != 0 && b != 1) throw new IllegalArgumentException(what + " is " + b + ", expected 0 or 1");
        return b == 1;
    }

    private static Matrix readDoubles(DataInputStream in, int rows, int cols) throws IOException {
        double[] v = new double[rows * cols];
        for (int k = 0; k < v.length; k++) v[k] = Double.longBitsToDouble(in.readLong());
        return Matrix.wrap(rows, cols, v);
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static String names() {
        return Activations.ALL.stream().map(Activation::name).toList().toString();
    }

    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            int c = bytes[i] & 0xff;
            s.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.toString();
    }
}
