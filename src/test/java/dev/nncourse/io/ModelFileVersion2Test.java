package dev.nncourse.io;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.data.Labels;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Dropout;
import dev.nncourse.nn.LeakyRelu;
import dev.nncourse.nn.Losses;
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
import dev.nncourse.train.Trainer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Format version 2: every optimizer's state, leaky ReLU's slope and dropout layers round-trip bit for bit, so that
 * training on after a load gives the same bits as training on without the save.
 */
class ModelFileVersion2Test {
    @TempDir Path dir;

    private static final Dataset BLOBS = Datasets.blobs(12, Matrix.of(new double[][] {{0, 0}, {2, 0}, {0, 2}}), 0.6, 3);
    private static final Matrix Y = Labels.oneHot(BLOBS.y(), 3);

    /** Leaky ReLU with a slope no constant has, dropout between the layers and before the output, a layer without bias. */
    static Network net() {
        return Network.builder(2, 5).dense(6, new LeakyRelu(0.137)).dropout(0.3).dense(5, Activations.TANH).bias(false)
                .dense(4, Activations.RELU).bias(true).dropout(0.1).dense(3, Activations.IDENTITY).build();
    }

    static Stream<Arguments> optimizers() {
        return Stream.<Supplier<Optimizer>>of(() -> new Sgd(0.05), () -> new GradientDescent(0.2),
                () -> new Momentum(0.02, 0.9), () -> new Nesterov(0.02, 0.85), () -> new RmsProp(0.005, 0.95, 1e-7),
                () -> new Adam(0.01), () -> new AdamW(0.01, 0.8, 0.99, 1e-6, 0.05), () -> new L2Regularized(new Sgd(0.05), 0.01),
                () -> new L2Regularized(new Adam(0.01, 0.85, 0.995, 1e-7), 0.02),
                () -> new L2Regularized(new GradientDescent(0.2), 0.01)).map(s -> Arguments.of(s.get().name(), s));
    }

    private static Trainer trainer(Network net, Optimizer opt, int epochs) {
        return Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, opt).epochs(epochs).batchSize(5).seed(4);
    }

    private static void assertSameBits(Network expected, Network actual) {
        assertEquals(expected.toString(), actual.toString());
        List<Parameter> e = expected.parameters(), a = actual.parameters();
        for (int i = 0; i < e.size(); i++) {
            assertArrayEquals(e.get(i).value().toFlatArray(), a.get(i).value().toFlatArray(), expected.nameOf(e.get(i)));
        }
        for (int l = 0; l < expected.allLayers().size(); l++) {
            if (expected.allLayers().get(l) instanceof Dropout d) {
                Dropout back = assertInstanceOf(Dropout.class, actual.allLayers().get(l));
                assertEquals(d.p(), back.p());
                assertEquals(d.seed(), back.seed());
                assertEquals(d.draws(), back.draws());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void trainingOnAfterALoadGivesTheSameBitsAsWithoutTheSave(String name, Supplier<Optimizer> make) throws IOException {
        Network net = net();
        Optimizer opt = make.get();
        trainer(net, opt, 3).fit(BLOBS.x(), Y);
        Path f = dir.resolve("m.nnc");
        ModelFile.save(f, net, opt);
        Checkpoint c = ModelFile.load(f);
        assertSameBits(net, c.network());
        assertFalse(c.network().isTraining(), "a loaded network is in evaluation mode");
        assertEquals(opt.name(), c.optimizer().name());
        assertEquals(opt.getClass(), c.optimizer().getClass());

        trainer(net, opt, 4).fit(BLOBS.x(), Y);
        trainer(c.network(), c.optimizer(), 4).fit(BLOBS.x(), Y);
        assertSameBits(net, c.network());
        assertEquals(net.predict(BLOBS.x()), c.network().predict(BLOBS.x()));
        Network untrained = net();
        assertNotEquals(untrained.parameters().get(0).value(), net.parameters().get(0).value(), "it trained");

        Path g = dir.resolve("again.nnc");   // the states are equal too: they save to the same bytes
        ModelFile.save(g, c.network(), c.optimizer());
        ModelFile.save(f, net, opt);
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g));
    }

    @Test void everyStatefulSlotIsRestoredBitForBit() {
        Network net = net();
        Adam adam = new Adam(0.01);
        trainer(net, adam, 2).fit(BLOBS.x(), Y);
        Path f = dir.resolve("adam.nnc");
        ModelFile.save(f, net, adam);
        Checkpoint c = ModelFile.load(f);
        Adam back = assertInstanceOf(Adam.class, c.optimizer());
        assertEquals(adam.steps(), back.steps());
        assertEquals(adam.hyperparameters(), back.hyperparameters());
        for (int i = 0; i < net.parameters().size(); i++) {
            Parameter p = net.parameters().get(i), q = c.network().parameters().get(i);
            assertEquals(adam.m(p), back.m(q));
            assertEquals(adam.v(p), back.v(q));
        }
        assertTrue(back.belongsTo(c.network().parameters()));
        assertFalse(back.belongsTo(net.parameters()), "the loaded optimizer is bound to the loaded network");
    }

    @Test void anOptimizerBeforeItsFirstStepRoundTrips() {
        Network net = net();
        Path f = dir.resolve("fresh.nnc");
        ModelFile.save(f, net, new AdamW(0.01, 0.1));
        AdamW back = assertInstanceOf(AdamW.class, ModelFile.load(f).optimizer());
        assertEquals(0, back.steps());
        assertEquals(0.1, back.weightDecay());
    }

    @Test void leakyReluKeepsItsSlopeAndTheDefaultIsTheConstant() {
        Network net = Network.builder(2, 1).dense(3, Activations.LEAKY_RELU).dense(2, new LeakyRelu(0.3)).build();
        Path f = dir.resolve("leaky.nnc");
        ModelFile.save(f, net);
        Network back = ModelFile.load(f).network();
        assertEquals(Activations.LEAKY_RELU, back.layer(0).activation());
        assertEquals(new LeakyRelu(0.3), back.layer(1).activation());
    }

    /** A subclass may update differently, so it is not saved as the optimizer it extends. */
    @Test void subclassesOfTheLibrarysOptimizersAreRefused() throws IOException {
        Network net = net();
        Path f = dir.resolve("sub.nnc");
        ModelFile.save(f, net);
        byte[] before = Files.readAllBytes(f);
        Adam odd = new Adam(0.01) {
            @Override public String name() { return "odd-adam"; }
        };
        assertMessage(ModelFileException.class, () -> ModelFile.save(f, net, odd), "cannot save optimizer odd-adam",
                "expected an Sgd, a GradientDescent, a Momentum");
        assertMessage(ModelFileException.class, () -> ModelFile.save(f, net, new L2Regularized(odd, 0.1)),
                "cannot save optimizer odd-adam");
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    // ---------------------------------------------------------------- the documented layout

    /** Reads a small file field by field as docs/model-format.md describes version 2. */
    @Test void theLayoutIsTheDocumentedOne() throws IOException {
        Network net = Network.of(new Dropout(0.25, 42, 7),
                Network.builder(2, 3).dense(1, new LeakyRelu(0.5)).build().layer(0));
        Momentum opt = new Momentum(0.1, 0.9);
        Path f = dir.resolve("layout.nnc");
        ModelFile.save(f, net, opt);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f));
        assertEquals("NNCMODEL", new String(b.array(), 0, 8, StandardCharsets.US_ASCII));
        b.position(8);
        assertEquals(2, b.getInt());
        assertEquals(b.capacity() - 24, b.getLong());
        assertEquals(2, b.getInt());                       // layers
        assertEquals("dropout", utf(b));
        assertEquals(0.25, b.getDouble());
        assertEquals(42, b.getLong());
        assertEquals(7, b.getLong());
        assertEquals("dense", utf(b));
        assertEquals(2, b.getInt());
        assertEquals(1, b.getInt());
        assertEquals("leaky-relu", utf(b));
        assertEquals(0.5, b.getDouble());
        assertEquals(1, b.get());                           // bias
        assertEquals(net.layer(0).weights().get(0, 0), b.getDouble());
        assertEquals(net.layer(0).weights().get(1, 0), b.getDouble());
        assertEquals(0.0, b.getDouble());
        assertEquals("momentum", utf(b));
        assertEquals(2, b.getInt());
        assertEquals("lr", utf(b));
        assertEquals(0.1, b.getDouble());
        assertEquals("momentum", utf(b));
        assertEquals(0.9, b.getDouble());
        assertEquals(0, b.getLong());                       // t
        assertEquals("velocity", utf(b));
        assertEquals(0, b.get());                           // layer1.W: no state before the first step
        assertEquals(0, b.get());                           // layer1.b
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        assertEquals((int) crc.getValue(), b.getInt());
        assertEquals(b.capacity(), b.position());
    }

    private static String utf(ByteBuffer b) {
        byte[] s = new byte[b.getShort() & 0xffff];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- damaged contents behind a valid checksum

    /** The file with {@code from} replaced by {@code to} (same length) and its checksum made right again. */
    private Path patched(Path f, byte[] from, byte[] to) throws IOException {
        byte[] b = Files.readAllBytes(f);
        int at = indexOf(b, from);
        assertTrue(at >= 0, "pattern not found");
        System.arraycopy(to, 0, b, at, to.length);
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        return Files.write(dir.resolve("patched.nnc"), b);
    }

    private static int indexOf(byte[] b, byte[] p) {
        outer:
        for (int i = 0; i + p.length <= b.length; i++) {
            for (int j = 0; j < p.length; j++) if (b[i + j] != p[j]) continue outer;
            return i;
        }
        return -1;
    }

    private static byte[] bits(double x) { return ByteBuffer.allocate(8).putDouble(x).array(); }

    @Test void anImpossibleSettingIsNamed() throws IOException {
        Path f = dir.resolve("a.nnc");
        ModelFile.save(f, net(), new Adam(0.01, 0.875, 0.999, 1e-8));
        Path bad = patched(f, bits(0.875), bits(1.5));
        assertMessage(ModelFileException.class, () -> ModelFile.load(bad), "corrupt although its checksum matches",
                "β1 (beta1) must be a number in [0, 1), got 1.5");
    }

    @Test void aRenamedSettingIsNamed() throws IOException {
        Path f = dir.resolve("a.nnc");
        ModelFile.save(f, net(), new RmsProp(0.01));
        Path bad = patched(f, "rho".getBytes(StandardCharsets.UTF_8), "rhx".getBytes(StandardCharsets.UTF_8));
        assertMessage(ModelFileException.class, () -> ModelFile.load(bad), "rmsprop has no setting \"rho\"", "[lr, rhx, eps]");
    }

    @Test void aNegativeSecondMomentIsNamed() throws IOException {
        Network net = Network.builder(2, 1).dense(1, Activations.IDENTITY).build();
        RmsProp opt = new RmsProp(0.01);
        Matrix x = Matrix.of(new double[][] {{1, 2}}), t = Matrix.of(new double[][] {{3}});
        opt.step(net, Losses.MSE.gradient(net.forward(x), t), 1);
        Path f = dir.resolve("r.nnc");
        ModelFile.save(f, net, opt);
        double s = opt.meanSquare(net.parameters().get(1)).at(0);
        Path bad = patched(f, bits(s), bits(-s));
        assertMessage(ModelFileException.class, () -> ModelFile.load(bad), "rmsprop.restore: s of W", "a running mean of g² is ≥ 0");
    }

    @Test void aDropoutRateOf1IsNamed() throws IOException {
        Path f = dir.resolve("d.nnc");
        ModelFile.save(f, Network.of(new Dropout(0.625, 1), Network.builder(2, 1).dense(1, Activations.TANH).build().layer(0)));
        Path bad = patched(f, bits(0.625), bits(1));
        assertMessage(ModelFileException.class, () -> ModelFile.load(bad), "Dropout: the rate p must be a number in [0, 1)",
                "got 1.0");
    }

    @Test void anUnknownOptimizerIsNamed() throws IOException {
        Path f = dir.resolve("o.nnc");
        ModelFile.save(f, net(), new Nesterov(0.1, 0.5));
        Path bad = patched(f, "nesterov".getBytes(StandardCharsets.UTF_8), "nesterox".getBytes(StandardCharsets.UTF_8));
        assertMessage(ModelFileException.class, () -> ModelFile.load(bad), "optimizer \"nesterox\"",
                "[adam, adamw, momentum, nesterov, rmsprop]");
    }

    @Test void stateOfAnotherOptimizerIsNotTakenForThis() throws IOException {
        StatefulOptimizer opt = new Momentum(0.1, 0.5);
        Path f = dir.resolve("o.nnc");
        ModelFile.save(f, net(), opt);
        Path bad = patched(f, "velocity".getBytes(StandardCharsets.UTF_8), "velocitx".getBytes(StandardCharsets.UTF_8));
        assertMessage(ModelFileException.class, () -> ModelFile.load(bad), "momentum: state \"velocitx\", expected \"velocity\"");
    }
}
