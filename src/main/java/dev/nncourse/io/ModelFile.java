package dev.nncourse.io;

import dev.nncourse.data.FileKind;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.linalg.Require;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.OptimizerState;
import dev.nncourse.optim.Sgd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Saves and loads a {@link Network} and its optimizer's state in the course's binary model format, version 4; files of
 * versions 1 to 3 still load.
 *
 * <p>All numbers are big-endian; doubles are stored as their raw IEEE-754 bits, so a round trip is bit-exact.
 * <pre>
 * offset   size  field
 * 0        8     magic: the ASCII bytes "NNCMODEL"
 * 8        4     format version (int32), 3
 * 12       8     payload length N in bytes (int64)
 * 20       N     payload: the layers, then the optimizer and its state ({@link Payload})
 * 20 + N   4     CRC-32 of bytes 0 … 20 + N − 1 (uint32)
 * </pre>
 * The payload of every version is laid out in docs/model-format.md. Every layer is saved ({@link Dense} with any of
 * the four built-in activations or a {@link dev.nncourse.nn.LeakyRelu}, {@link dev.nncourse.nn.Dropout} with its
 * generator's position), and every optimizer of the library with its whole state: {@link Sgd},
 * {@link GradientDescent}, Momentum, Nesterov, RmsProp, Adam, AdamW, and L2Regularized around one of them. Training
 * on after a load gives the same bits as training on without the save. A loaded network is in evaluation mode.
 *
 * <p>{@link #save} is atomic: it writes a temporary file in the target's directory, forces it to disk and renames it
 * over the target, so a failure leaves the previous file as it was and no half-written file behind. Through a
 * symbolic link it replaces the link's target, and a replaced file keeps its permissions (see {@link AtomicFile}).
 * {@link #load} reads only regular files; it checks, in order, the magic, the length, the checksum and the version,
 * and names what is wrong, and it never reads more than the header announces or {@link #MAX_FILE} bytes. The frame
 * (magic, version, length, checksum) is the same in every version, so the checksum is checked before the version is
 * believed: a damaged version field is reported as damage. {@link #save} refuses a NaN or infinite number in the
 * network's parameters or the optimizer's state, naming it, before anything is written. See docs/model-format.md.
 */
public final class ModelFile {
    /** The first 8 bytes of every model file. */
    public static final byte[] MAGIC = "NNCMODEL".getBytes(StandardCharsets.US_ASCII);
    /** The format version this library writes; it reads this one and every earlier one, from 1. */
    public static final int VERSION = 4;
    /** Bytes before the payload: magic, version, payload length. */
    static final int HEADER = 20;
    /** Bytes after the payload: the CRC-32. */
    static final int TRAILER = 4;
    /**
     * The largest model file, 2³¹ − 9 bytes, the longest byte array a JVM allocates: {@link #save} refuses a network
     * whose file would be larger (about 268 million parameters), and {@link #load} a header that announces more.
     */
    public static final int MAX_FILE = Integer.MAX_VALUE - 8;

    private ModelFile() {}

    /** Saves the network alone (no optimizer state). */
    public static void save(Path file, Network net) { save(file, net, null); }

    /** Saves the network and the optimizer's state (any optimizer of the library, see the class comment; null for none). */
    public static void save(Path file, Network net, Optimizer optimizer) {
        if (net == null) throw new IllegalArgumentException("ModelFile.save: expected a network, got null");
        if (file == null) throw new IllegalArgumentException("ModelFile.save: expected the path of a file, got null");
        if (optimizer != null && !sameParameters(optimizer.parameters(), net.parameters())) {
            throw new ModelFileException("cannot save " + file + " with optimizer " + optimizer.name() + ": it updates the "
                    + "parameters " + optimizer.parameters() + ", not this network's " + net.parameters() + "; save each "
                    + "network with the optimizer made for its parameters");
        }
        Payload.requireSavable(net, optimizer);
        AtomicFile target = AtomicFile.to(file);   // a directory, a device or a missing directory is refused here
        requireFinite(file, net, optimizer);
        byte[] bytes = encode(net, optimizer);   // fails, if at all, before the disk is touched
        target.write(bytes);
    }

    /** Whether two lists hold the same parameter objects, in any order. */
    private static boolean sameParameters(List<Parameter> a, List<Parameter> b) {
        if (a.size() != b.size()) return false;
        for (Parameter p : a) if (b.stream().noneMatch(q -> q == p)) return false;
        return true;
    }

    /**
     * Throws unless every number to be saved, the network's parameters and the optimizer's state, is finite, naming
     * the first that is not: a model with NaN or ∞ in it (training diverged) must not replace a good file.
     */
    private static void requireFinite(Path file, Network net, Optimizer optimizer) {
        for (Parameter p : net.parameters()) requireFinite(file, "parameter " + net.nameOf(p), p.value());
        for (OptimizerState s = optimizer == null ? null : optimizer.state(); s != null; s = s.inner()) {
            for (Map.Entry<String, List<Matrix>> slot : s.slots().entrySet()) {
                for (int i = 0; i < slot.getValue().size(); i++) {
                    String what = s.kind() + "'s " + slot.getKey() + " of " + net.nameOf(optimizer.parameters().get(i));
                    requireFinite(file, what, slot.getValue().get(i));
                }
            }
        }
    }

    private static void requireFinite(Path file, String what, Matrix m) {
        try {
            Require.finite(what, m);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("cannot save " + file + ": " + e.getMessage() + "; did training diverge? Nothing "
                    + "was written, and a file already there is left as it was", e);
        }
    }

    /** Loads a network and its optimizer (null if none was saved); throws {@link ModelFileException} naming any problem. */
    public static Checkpoint load(Path file) {
        byte[] bytes = read(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long n = in.getLong(12);
        long stored = Integer.toUnsignedLong(in.getInt(HEADER + (int) n));
        long computed = crc(bytes, HEADER + (int) n);
        if (stored != computed) {
            throw new ModelFileException(String.format("%s is corrupt: checksum 0x%08x stored, 0x%08x computed over the "
                    + "first %d bytes; the file was changed or damaged after it was saved", file, stored, computed, HEADER + n));
        }
        int version = requireVersion(file, in.getInt(8));   // only now: a damaged version is reported as damage
        try {
            return Payload.read(new DataInputStream(new ByteArrayInputStream(bytes, HEADER, (int) n)), version);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException(file + " is corrupt although its checksum matches: " + e.getMessage(), e);
        }
    }

    /**
     * The bytes of the model file, read after checking, in this order, that it is a regular file, the magic, and that
     * the length the header announces is possible and matches the file: so at most that many bytes are read, and
     * never more than {@link #MAX_FILE}.
     */
    private static byte[] read(Path file) {
        if (file == null) throw new IllegalArgumentException("ModelFile.load: expected the path of a model file, got null");
        try {
            String kind = FileKind.of(file);
            if (kind != null) throw new ModelFileException(file + " is " + kind + ", not a regular file; expected a model file");
            long size = Files.size(file);
            try (InputStream in = new FileInputStream(file.toFile())) {
                byte[] header = in.readNBytes(HEADER);
                long n = requireHeader(file, header, size);
                byte[] bytes = allocate(file, HEADER + n + TRAILER);
                System.arraycopy(header, 0, bytes, 0, HEADER);
                int got = in.readNBytes(bytes, HEADER, bytes.length - HEADER);
                if (got < bytes.length - HEADER) throw truncated(file, n, HEADER + got);
                if (in.read() >= 0) {
                    throw new ModelFileException(file + " is corrupt: " + (size > bytes.length ? size - bytes.length + " " : "")
                            + "unexpected bytes after the " + bytes.length + " that the header announces");
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file + ": no such model file (looked for " + file.toAbsolutePath() + ")", e);
        } catch (IOException e) {
            throw new ModelFileException(file + " cannot be read (" + e + "); expected a readable model file", e);
        }
    }

    /** Checks the magic and the announced payload length N against the file's size; returns N. */
    private static long requireHeader(Path file, byte[] header, long size) {
        int m = Math.min(header.length, MAGIC.length);
        if (!java.util.Arrays.equals(header, 0, m, MAGIC, 0, m)) {
            throw new ModelFileException(file + " is not a model file: it starts with \"" + printable(header)
                    + "\", expected \"NNCMODEL\"");
        }
        if (header.length < HEADER || size < HEADER + TRAILER) {
            long length = header.length < HEADER ? header.length : size;
            throw new ModelFileException(file + " is truncated: " + length + " bytes, but a model file has at least "
                    + (HEADER + TRAILER));
        }
        long n = ByteBuffer.wrap(header).getLong(12);
        if (n < 0 || n > MAX_FILE - HEADER - TRAILER) {
            throw new ModelFileException(file + " is corrupt: the header announces " + n + " bytes of data, but a model file "
                    + "holds from 0 to " + (MAX_FILE - HEADER - TRAILER) + " (the file has " + size + " bytes)");
        }
        if (size < HEADER + n + TRAILER) throw truncated(file, n, size);
        return n;
    }

    /**
     * Throws unless this library reads format {@code version}; returns it. Called after the checksum matched, so the
     * version is the one that was saved.
     */
    private static int requireVersion(Path file, int version) {
        if (version > VERSION) {
            throw new ModelFileException(file + " has format version " + version + ", newer than this library, which reads "
                    + "versions 1 to " + VERSION + "; load it with the newer version of the course library that saved it");
        }
        if (version < 1) {
            throw new ModelFileException(file + " is corrupt: format version " + version + " does not exist (this library "
                    + "reads versions 1 to " + VERSION + ")");
        }
        return version;
    }

    private static ModelFileException truncated(Path file, long n, long size) {
        return new ModelFileException(file + " is truncated: the header announces " + n + " bytes of data, so "
                + (HEADER + n + TRAILER) + " bytes in all, but the file has " + size);
    }

    /** A byte array for a whole model file of {@code length} ≤ {@link #MAX_FILE} bytes, or an error naming the memory. */
    private static byte[] allocate(Path file, long length) {
        try {
            return new byte[(int) length];
        } catch (OutOfMemoryError e) {
            Runtime rt = Runtime.getRuntime();
            throw new ModelFileException(file + ": needs " + length + " bytes of memory for a model file of that size, more "
                    + "than the " + (rt.maxMemory() - rt.totalMemory() + rt.freeMemory()) + " free in the JVM's heap of "
                    + rt.maxMemory() + " bytes (Runtime.maxMemory()); give Java more memory (-Xmx)", e);
        }
    }

    // ---------------------------------------------------------------- encoding

    /**
     * The whole file for {@code net} and {@code optimizer}. The payload is written twice: once only to count its bytes,
     * so that a network too large for a model file is refused before any memory is spent, then into an array of
     * exactly the file's size.
     */
    static byte[] encode(Network net, Optimizer optimizer) {
        long n = payloadSize(net, optimizer);
        requireFits(n, net);
        Buffer file;
        try {
            file = new Buffer(HEADER + (int) n + TRAILER);
        } catch (OutOfMemoryError e) {
            throw new ModelFileException("cannot save a network of " + net.parameterCount() + " parameters: its model file of "
                    + (HEADER + n + TRAILER) + " bytes does not fit in the free memory of the JVM's heap of "
                    + Runtime.getRuntime().maxMemory() + " bytes (Runtime.maxMemory()); give Java more memory (-Xmx)", e);
        }
        try (DataOutputStream out = new DataOutputStream(file)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(n);
            Payload.write(out, net, optimizer);
            out.writeInt((int) crc(file.bytes(), HEADER + (int) n));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);   // a ByteArrayOutputStream does not fail
        }
        if (file.size() != file.bytes().length) throw new IllegalStateException("encode: counted " + n + " payload bytes, "
                + "wrote " + (file.size() - HEADER - TRAILER));
        return file.bytes();
    }

    /** The payload's size in bytes: {@link Payload#write} into a stream that only counts. */
    static long payloadSize(Network net, Optimizer optimizer) {
        long[] count = {0};
        OutputStream counter = new OutputStream() {
            @Override public void write(int b) { count[0]++; }
            @Override public void write(byte[] b, int off, int len) { count[0] += len; }
        };
        try {
            Payload.write(new DataOutputStream(counter), net, optimizer);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);   // counting does not fail
        }
        return count[0];
    }

    /** Throws unless a payload of {@code n} bytes fits a model file that {@link #load} reads back, {@link #MAX_FILE} bytes. */
    static void requireFits(long n, Network net) {
        if (n > MAX_FILE - HEADER - TRAILER) {
            throw new ModelFileException("cannot save a network of " + net.parameterCount() + " parameters: its model file "
                    + "would have " + (HEADER + n + TRAILER) + " bytes, more than the " + MAX_FILE + " a model file can hold "
                    + "(about " + MAX_FILE / 8 / 1_000_000 + " million parameters with the optimizer's state)");
        }
    }

    /** A byte array of a size known in advance, filled through a stream without copies. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        /** The array itself: once it is full, exactly the file. */
        byte[] bytes() { return buf; }
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
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
