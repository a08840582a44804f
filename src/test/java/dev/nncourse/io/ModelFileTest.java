package dev.nncourse.io;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activation;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Sgd;
import dev.nncourse.train.Trainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files round-trip bit for bit, are saved atomically, and every kind of damage is named on load. */
class ModelFileTest {
    @TempDir Path dir;

    private static Network net() {
        return Network.builder(3, 7).dense(4, Activations.RELU).dense(2, Activations.TANH).bias(false)
                .dense(1, Activations.SIGMOID).build();
    }

    private static void assertSameParameters(Network expected, Network actual) {
        assertEquals(expected.toString(), actual.toString());
        List<Parameter> e = expected.parameters(), a = actual.parameters();
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            assertArrayEquals(e.get(i).value().toFlatArray(), a.get(i).value().toFlatArray(), "parameter " + i);
        }
    }

    private Path saved() {
        Path f = dir.resolve("model.nnc");
        ModelFile.save(f, net(), new Sgd(0.25));
        return f;
    }

    // ---------------------------------------------------------------- round trip

    @Test void networkAndSgdRoundTripBitExact() {
        Network net = net();
        Dataset d = Datasets.randomRegression(20, 3, 5);
        Trainer.of(net, Losses.MSE, new Sgd(0.1)).epochs(3).batchSize(4).fit(d.x(), d.y());
        Path f = dir.resolve("m.nnc");
        ModelFile.save(f, net, new Sgd(0.1));
        Checkpoint c = ModelFile.load(f);
        assertSameParameters(net, c.network());
        assertEquals(0.1, ((Sgd) c.optimizer()).learningRate());
        for (int l = 0; l < 3; l++) assertEquals(net.layer(l).activation(), c.network().layer(l).activation());
        assertEquals(net.forward(d.x()), c.network().forward(d.x()));
    }

    @Test void gradientDescentRunningMeanAndCountRoundTrip() {
        Network net = net();
        GradientDescent gd = new GradientDescent(0.5);
        Matrix x = Matrix.gaussian(5, 3, 1L), t = Matrix.filled(5, 1, 0.5);
        net.backward(Losses.MSE.gradient(net.forward(x), t));
        gd.afterBatch(net.parameters(), 5);
        Path f = dir.resolve("gd.nnc");
        ModelFile.save(f, net, gd);
        Checkpoint c = ModelFile.load(f);
        GradientDescent back = assertInstanceOf(GradientDescent.class, c.optimizer());
        assertEquals(5, back.count());
        assertEquals(0.5, back.learningRate());
        for (int i = 0; i < net.parameters().size(); i++) {
            assertEquals(gd.meanGradient(net.parameters().get(i)), back.meanGradient(c.network().parameters().get(i)));
        }
        // Finishing the epoch from the file gives the same weights as finishing it in memory.
        gd.afterEpoch(net.parameters());
        back.afterEpoch(c.network().parameters());
        assertSameParameters(net, c.network());
    }

    @Test void savingAgainGivesIdenticalBytes() throws IOException {
        Path f = saved();
        Path g = dir.resolve("again.nnc");
        ModelFile.save(g, ModelFile.load(f).network(), new Sgd(0.25));
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g));
    }

    @Test void networkWithoutOptimizer() {
        Path f = dir.resolve("plain.nnc");
        ModelFile.save(f, net());
        assertNull(ModelFile.load(f).optimizer());
    }

    @Test void headerIsDocumentedLayout() throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(saved()));
        assertEquals("NNCMODEL", new String(b.array(), 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(2, b.getInt(8));
        assertEquals(b.capacity() - ModelFile.HEADER - ModelFile.TRAILER, b.getLong(12));
    }

    // ---------------------------------------------------------------- damaged files

    @Test void missingFile() {
        Path f = dir.resolve("none.nnc");
        assertMessage(ModelFileException.class, () -> ModelFile.load(f), "none.nnc: no such model file", f.toAbsolutePath().toString());
    }

    @Test void directoryIsNotAModel() {
        assertMessage(ModelFileException.class, () -> ModelFile.load(dir), "is a directory", "expected a model file");
    }

    @Test void unreadablePathThroughAFile() {
        Path f = saved().resolve("inner.nnc");
        assertMessage(ModelFileException.class, () -> ModelFile.load(f), "inner.nnc cannot be read", "Not a directory");
    }

    @Test void truncatedInsideThePayload() throws IOException {
        Path f = saved();
        byte[] b = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(b, b.length - 9));
        assertMessage(ModelFileException.class, () -> ModelFile.load(f), "is truncated",
                "announces " + (b.length - 24) + " bytes of data", "so " + b.length + " bytes in all", "the file has " + (b.length - 9));
    }

    @Test void truncatedInsideTheHeader() throws IOException {
        Path f = saved();
        Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 10));
        assertMessage(ModelFileException.class, () -> ModelFile.load(f), "is truncated: 10 bytes", "at least 24");
    }

    @Test void emptyFile() throws IOException {
        Path f = Files.write(dir.resolve("empty.nnc"), new byte[0]);
        assertMessage(ModelFileException.class, () -> ModelFile.load(f), "is truncated: 0 bytes");
    }

    @Test void flippedByteInTheWeights() throws IOException {
        Path f = saved();
        byte[] b = Files.readAllBytes(f);
        b[40] ^= 0x10;
        Files.write(f, b);
        assertMessage(ModelFileException.class, () -> ModelFile.load(f), "is corrupt: checksum", "computed", "changed or damaged");
    }

    @Test void everySingleByteFlipIsDetected() throws IOException {
        byte[] good = Files.readAllBytes(saved());
        Path f = dir.resolve("flipped.nnc");
        for (int i = 0; i < good.length; i++) {
            byte[] b = good.clone();
            b[i] ^= (byte) 0xff;
            Files.write(f, b);
            int at = i;
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(f), "flip at byte " + at);
            assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        }
    }

    @Test void aFutureVersionIsNamed() throws IOException {
        Path f = saved();
        byte[] b = Files.readAllBytes(f);
        ByteBuffer.wrap(b).putInt(8, 3);
        ModelFileIntegrityTest.putCrc(b);   // a whole file of version 3, not a damaged one
        Files.write(f, b);
        assertMessage(ModelFileException.class, () -> ModelFile.load(f), "has format version 3, newer than this library",
                "reads versions 1 to 2", "newer version of the course library");
    }

    @Test void aVersionBelow1IsCorrupt() throws IOException {
        Path f = saved();
        byte[] b = Files.readAllBytes(f);
        for (int v : new int[] {0, -1, Integer.MIN_VALUE}) {
            ByteBuffer.wrap(b).putInt(8, v);
            ModelFileIntegrityTest.putCrc(b);
            Files.write(f, b);
            assertMessage(ModelFileException.class, () -> ModelFile.load(f), "is corrupt: format version " + v + " does not exist");
        }
    }

    @Test void notAModelFile() throws IOException {
        Path f = Files.writeString(dir.resolve("data.csv"), "x1,x2,y\n1,2,3\n");
        assertMessage(ModelFileException.class, () -> ModelFile.load(f), "is not a model file", "starts with \"x1,x2,y\\x0a\"",
                "expected \"NNCMODEL\"");
    }

    @Test void trailingBytes() throws IOException {
        Path f = saved();
        Files.write(f, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertMessage(ModelFileException.class, () -> ModelFile.load(f), "is corrupt: 3 unexpected bytes");
    }

    // ---------------------------------------------------------------- atomic saving

    @Test void cannotSaveACustomActivationAndLeavesThePreviousFile() throws IOException {
        Path f = saved();
        byte[] before = Files.readAllBytes(f);
        Activation softplus = Activation.of("softplus", a -> Math.log1p(Math.exp(a)), Activations::sigmoid);
        Network odd = Network.builder(3, 1).dense(1, softplus).build();
        assertMessage(ModelFileException.class, () -> ModelFile.save(f, odd), "layer 1", "activation \"softplus\"",
                "[identity, tanh, relu, sigmoid]");
        assertArrayEquals(before, Files.readAllBytes(f));
        assertEquals(List.of(f), list(dir));
    }

    @Test void overwriteLeavesNoTemporaryFile() throws IOException {
        Path f = saved();
        Network other = Network.builder(3, 99).dense(1, Activations.IDENTITY).build();
        ModelFile.save(f, other);
        assertSameParameters(other, ModelFile.load(f).network());
        assertEquals(List.of(f), list(dir));
    }

    @Test void readOnlyDirectoryKeepsThePreviousFile() throws IOException {
        Path f = saved();
        byte[] before = Files.readAllBytes(f);
        Network other = Network.builder(3, 99).dense(1, Activations.IDENTITY).build();
        ReadOnly.directory(dir, () -> {
            assertMessage(ModelFileException.class, () -> ModelFile.save(f, other), "cannot save to " + f,
                    "cannot create a file in directory " + dir, "expected a writable directory", "previous file, if any, is unchanged");
            assertArrayEquals(before, Files.readAllBytes(f));
            assertEquals(List.of(f), list(dir));
        });
        assertSameParameters(net(), ModelFile.load(f).network());
    }

    @Test void missingDirectory() {
        Path f = dir.resolve("no/such/dir/m.nnc");
        assertMessage(ModelFileException.class, () -> ModelFile.save(f, net()), "directory", "no/such/dir does not exist");
    }

    @Test void targetIsADirectory() {
        assertMessage(ModelFileException.class, () -> ModelFile.save(dir, net()), "it is a directory", "expected a file name");
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** Makes a directory unwritable for the duration of a block, even for root (for whom permissions do not bind). */
    static final class ReadOnly {
        interface Block { void run() throws IOException; }

        static void directory(Path dir, Block block) throws IOException {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            boolean immutable = writable(dir) && run("chattr", "+i", dir.toString());
            try {
                assertFalse(writable(dir), "could not make " + dir + " read-only (chmod, then chattr +i for root)");
                block.run();
            } finally {
                if (immutable) run("chattr", "-i", dir.toString());
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }

        private static boolean writable(Path dir) {
            try {
                Files.delete(Files.createTempFile(dir, "probe", ""));
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static boolean run(String... command) throws IOException {
            try {
                return new ProcessBuilder(command).inheritIO().start().waitFor() == 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
