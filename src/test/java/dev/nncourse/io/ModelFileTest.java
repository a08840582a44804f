package dev.nncourse.io;

import static dev.nncourse.TestSupport.assertMessage;
import static dev.nncourse.TestSupport.fifo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.data.Labels;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activation;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.BatchNorm;
import dev.nncourse.nn.Conv2D;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.MaxPool2D;
import dev.nncourse.nn.Dropout;
import dev.nncourse.nn.Layer;
import dev.nncourse.nn.LeakyRelu;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.AbstractOptimizer;
import dev.nncourse.optim.Adam;
import dev.nncourse.optim.AdamW;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.L2Regularized;
import dev.nncourse.optim.Momentum;
import dev.nncourse.optim.Nesterov;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.OptimizerState;
import dev.nncourse.optim.RmsProp;
import dev.nncourse.optim.Sgd;
import dev.nncourse.train.Trainer;
import dev.nncourse.train.TrainingDivergedException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model files: format version 3 round-trips every layer of the library and every optimizer with its whole state, bit for
 * bit, so that training on after a load gives the same bits as training on without the save; versions 1 and 2 still
 * load; what a file could not make again (a learner's layer or optimizer, a custom activation, a subclass) is refused
 * by name before anything is written; and every kind of damage is named on load. Atomic saving is
 * {@link AtomicFileTest}'s.
 */
class ModelFileTest {
    private static final Class<ModelFileException> MFE = ModelFileException.class;
    @TempDir Path dir;

    private static final Dataset BLOBS = Datasets.blobs(12, Matrix.of(new double[][] {{0, 0}, {2, 0}, {0, 2}}), 0.6, 3);
    private static final Matrix Y = Labels.oneHot(BLOBS.y(), 3);

    /** Leaky ReLU with a slope no constant has, dropout between the layers and before the output, a layer without bias. */
    static Network net() {
        return Network.builder(2, 5).dense(6, new LeakyRelu(0.137)).dropout(0.3).dense(5, Activations.TANH).bias(false)
                .dense(4, Activations.RELU).bias(true).dropout(0.1).dense(3, Activations.IDENTITY).build();
    }

    /** Every optimizer of the library, by the name of its version-2 fixture, made for a list of parameters. */
    static Stream<Arguments> optimizers() {
        return Stream.of(
                kind("sgd", ps -> new Sgd(ps, 0.05)),
                kind("gd", ps -> new GradientDescent(ps, 0.2)),
                kind("momentum", ps -> new Momentum(ps, 0.02, 0.9)),
                kind("nesterov", ps -> new Nesterov(ps, 0.02, 0.85)),
                kind("rmsprop", ps -> new RmsProp(ps, 0.005, 0.95, 1e-7)),
                kind("adam", ps -> new Adam(ps, 0.01)),
                kind("adamw", ps -> new AdamW(ps, 0.01, 0.8, 0.99, 1e-6, 0.05)),
                kind("l2-sgd", ps -> new L2Regularized(new Sgd(ps, 0.05), 0.01)),
                kind("l2-adam", ps -> new L2Regularized(new Adam(ps, 0.01, 0.85, 0.995, 1e-7), 0.02)),
                kind("l2-gd", ps -> new L2Regularized(new GradientDescent(ps, 0.2), 0.01)));
    }

    private static Arguments kind(String name, Function<List<Parameter>, Optimizer> make) { return Arguments.of(name, make); }

    private static Trainer trainer(Network net, Optimizer opt, int epochs) {
        return Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, opt).epochs(epochs).batchSize(5).seed(4);
    }

    /** The same layers, the same parameters bit for bit, and the same dropout generators. */
    static void assertSameBits(Network expected, Network actual) {
        assertEquals(expected.toString(), actual.toString());
        List<Parameter> e = expected.parameters(), a = actual.parameters();
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            assertArrayEquals(e.get(i).value().toFlatArray(), a.get(i).value().toFlatArray(), expected.nameOf(e.get(i)));
        }
        for (int l = 0; l < expected.allLayers().size(); l++) {
            if (expected.allLayers().get(l) instanceof Dropout d) {
                Dropout back = assertInstanceOf(Dropout.class, actual.allLayers().get(l));
                assertEquals(List.of(d.p(), d.seed(), d.draws()), List.of(back.p(), back.seed(), back.draws()));
            }
        }
    }

    private Path saved() {
        Path f = dir.resolve("model.nnc");
        Network net = net();
        ModelFile.save(f, net, new Sgd(net.parameters(), 0.25));
        return f;
    }

    // ------------------------------------------------------------ version 3 round trips

    @Nested
    class RoundTrips {
        /** Every optimizer, three epochs in: the same network, state and name; and four epochs on give the same bits. */
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.nncourse.io.ModelFileTest#optimizers")
        void trainingOnAfterALoadGivesTheSameBitsAsWithoutTheSave(String name, Function<List<Parameter>, Optimizer> make)
                throws IOException {
            Network net = net();
            Optimizer opt = make.apply(net.parameters());
            trainer(net, opt, 3).fit(BLOBS.x(), Y);
            Path f = dir.resolve("m.nnc");
            ModelFile.save(f, net, opt);
            assertEquals(ModelFile.VERSION, ByteBuffer.wrap(Files.readAllBytes(f)).getInt(8));
            Checkpoint c = ModelFile.load(f);
            assertSameBits(net, c.network());
            assertFalse(c.network().isTraining(), "a loaded network is in evaluation mode");
            assertEquals(opt.getClass(), c.optimizer().getClass());
            assertEquals(opt.name(), c.optimizer().name());
            assertEquals(opt.state(), c.optimizer().state(), "the whole state, bit for bit");
            assertEquals(c.network().parameters(), c.optimizer().parameters(), "bound to the loaded network's parameters");

            trainer(net, opt, 4).fit(BLOBS.x(), Y);
            trainer(c.network(), c.optimizer(), 4).fit(BLOBS.x(), Y);
            assertSameBits(net, c.network());
            assertEquals(net.predict(BLOBS.x()), c.network().predict(BLOBS.x()));
            assertNotEquals(net().parameters().get(0).value(), net.parameters().get(0).value(), "it trained");

            Path g = dir.resolve("again.nnc");   // the states are equal too: they save to the same bytes
            ModelFile.save(g, c.network(), c.optimizer());
            ModelFile.save(f, net, opt);
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g));
        }

        /** Gradient descent saved half-way through an epoch finishes that epoch from the file as it would in memory. */
        @Test void gradientDescentInTheMiddleOfAnEpoch() {
            Network net = net();
            GradientDescent gd = new GradientDescent(net.parameters(), 0.5);
            net.backward(Losses.SOFTMAX_CROSS_ENTROPY.gradient(net.forward(BLOBS.x()), Y));
            gd.step(BLOBS.size());
            Path f = dir.resolve("gd.nnc");
            ModelFile.save(f, net, gd);
            GradientDescent back = assertInstanceOf(GradientDescent.class, ModelFile.load(f).optimizer());
            assertEquals(BLOBS.size(), back.count());
            for (int i = 0; i < net.parameters().size(); i++) assertEquals(gd.meanGradient(i), back.meanGradient(i));
            gd.endEpoch();
            back.endEpoch();
            for (int i = 0; i < net.parameters().size(); i++) assertEquals(net.parameters().get(i).value(),
                    back.parameters().get(i).value());
        }

        @Test void anOptimizerBeforeItsFirstStep() {
            Network net = net();
            Path f = dir.resolve("fresh.nnc");
            ModelFile.save(f, net, new AdamW(net.parameters(), 0.01, 0.1));
            AdamW back = assertInstanceOf(AdamW.class, ModelFile.load(f).optimizer());
            assertEquals(0, back.steps());
            assertEquals(0.1, back.weightDecay());
            assertEquals(Matrix.zeros(2, 6), back.m(0));
        }

        /** The slots are saved in the network's parameter order, whatever order the optimizer was given them in. */
        @Test void anOptimizerMadeForTheParametersInAnotherOrder() {
            Network net = net();
            List<Parameter> reversed = new java.util.ArrayList<>(net.parameters());
            java.util.Collections.reverse(reversed);
            Adam adam = new Adam(reversed, 0.01);
            trainer(net, adam, 1).fit(BLOBS.x(), Y);
            Path f = dir.resolve("reversed.nnc");
            ModelFile.save(f, net, adam);
            Checkpoint c = ModelFile.load(f);
            Adam back = assertInstanceOf(Adam.class, c.optimizer());
            for (int i = 0; i < reversed.size(); i++) {
                int j = net.parameters().indexOf(reversed.get(i));
                assertEquals(adam.m(i), back.m(j), "m of " + net.nameOf(reversed.get(i)));
            }
            trainer(net, adam, 2).fit(BLOBS.x(), Y);
            trainer(c.network(), back, 2).fit(BLOBS.x(), Y);
            assertSameBits(net, c.network());
        }

        @Test void aNetworkWithoutOptimizerAndSavingAgainGivesIdenticalBytes() throws IOException {
            Path f = saved(), g = dir.resolve("again.nnc"), plain = dir.resolve("plain.nnc");
            Checkpoint c = ModelFile.load(f);
            ModelFile.save(g, c.network(), c.optimizer());
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g));
            ModelFile.save(plain, net());
            assertNull(ModelFile.load(plain).optimizer());
            assertSameBits(net(), ModelFile.load(plain).network());
        }

        @Test void leakyReluKeepsItsSlopeAndTheDefaultIsTheConstant() {
            Network net = Network.builder(2, 1).dense(3, Activations.LEAKY_RELU).dense(2, new LeakyRelu(0.3)).build();
            Path f = dir.resolve("leaky.nnc");
            ModelFile.save(f, net);
            Network back = ModelFile.load(f).network();
            assertEquals(Activations.LEAKY_RELU, back.layer(0).activation());
            assertEquals(new LeakyRelu(0.3), back.layer(1).activation());
        }

        /** Files are read and written whatever the thread's interrupt flag (a stop button may leave it set): it is kept. */
        @Test void saveAndLoadWorkWithTheInterruptFlagSetAndKeepIt() {
            Network net = net();
            Path f = dir.resolve("flag.nnc");
            try {
                Thread.currentThread().interrupt();
                ModelFile.save(f, net, null);
                Network back = ModelFile.load(f).network();
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag is the caller's to handle: kept");
                assertSameBits(net, back);
            } finally {
                Thread.interrupted();
            }
        }
    }

    // ------------------------------------------------------------ what a file could not make again

    /** Refused at save, by name, before anything is written: the previous file stays as it was. */
    @Nested
    class Refusals {
        /** A learner's layer: Y = X + β, with a parameter β. */
        static final class Shift extends Layer {
            final Parameter beta = new Parameter("beta", Matrix.zeros(1, 2));

            @Override public Matrix forward(Matrix x) { return x.plusRow(beta.value()); }

            @Override public Matrix backward(Matrix g) {
                beta.setGrad(g.columnMeans());
                return g;
            }

            @Override public List<Parameter> parameters() { return List.of(beta); }
        }

        /** A learner's optimizer: plain SGD on the shared base class. */
        static final class MySgd extends AbstractOptimizer {
            MySgd(List<Parameter> ps, double lr) { super("my-sgd", ps, lr); }

            @Override protected void update(int i, Parameter p) { p.value().addScaledInPlace(p.grad(), -learningRate()); }
        }

        private byte[] before;
        private Path f;

        private void aFileThere() throws IOException {
            f = saved();
            before = Files.readAllBytes(f);
        }

        private void leftAsItWas() throws IOException {
            assertArrayEquals(before, Files.readAllBytes(f));
            try (Stream<Path> s = Files.list(dir)) {
                assertEquals(List.of(f), s.toList(), "a file was left behind");
            }
        }

        @Test void aLearnersLayerIsNamed() throws IOException {
            aFileThere();
            Network net = Network.builder(2, 1).dense(2, Activations.TANH).add(new Shift(), 2).dense(1,
                    Activations.IDENTITY).build();
            assertMessage(MFE, () -> ModelFile.save(f, net), "cannot save layer 2, a dev.nncourse.io.ModelFileTest$Refusals$Shift",
                    "a model file holds the library's layers, [Dense, Dropout, Conv2D, MaxPool2D, BatchNorm], and could not make this one again");
            leftAsItWas();
        }

        @Test void aLearnersOptimizerIsNamed() throws IOException {
            aFileThere();
            Network net = net();
            assertMessage(MFE, () -> ModelFile.save(f, net, new MySgd(net.parameters(), 0.1)), "cannot save optimizer "
                    + "my-sgd(lr=0.1) is a dev.nncourse.io.ModelFileTest$Refusals$MySgd, not one of the library's optimizers");
            assertMessage(MFE, () -> ModelFile.save(f, net, new L2Regularized(new MySgd(net.parameters(), 0.1), 0.1)),
                    "cannot save optimizer my-sgd(lr=0.1) is a dev.nncourse.io.ModelFileTest$Refusals$MySgd");
            leftAsItWas();
        }

        /** A subclass may update differently, so it is not saved as the optimizer it extends. */
        @Test void aSubclassOfALibraryOptimizerIsNamed() throws IOException {
            aFileThere();
            Network net = net();
            Adam odd = new Adam(net.parameters(), 0.01) {
                @Override public String name() { return "odd-adam"; }
            };
            assertMessage(MFE, () -> ModelFile.save(f, net, odd), "cannot save optimizer odd-adam is a",
                    "not one of the library's");
            leftAsItWas();
        }

        @Test void aCustomActivationIsNamed() throws IOException {
            aFileThere();
            Activation softplus = Activation.of("softplus", a -> Math.log1p(Math.exp(a)), Activations::sigmoid);
            Network odd = Network.builder(3, 1).dense(1, softplus).build();
            assertMessage(MFE, () -> ModelFile.save(f, odd), "cannot save layer 1: its activation \"softplus\" is not one of "
                    + "[identity, tanh, relu, sigmoid] or a LeakyRelu");
            leftAsItWas();
        }

        /** An optimizer's state is saved only with the network it updates; a loaded one updates the loaded network. */
        @Test void anOptimizerOfAnotherNetworkIsNamed() throws IOException {
            aFileThere();
            Network a = net(), b = net();
            GradientDescent gd = new GradientDescent(a.parameters(), 0.5);
            assertMessage(MFE, () -> ModelFile.save(f, b, gd), "cannot save " + f + " with optimizer gd(lr=0.5): it updates the "
                    + "parameters", "not this network's", "save each network with the optimizer made for its parameters");
            leftAsItWas();
            ModelFile.save(f, a, gd);
            Checkpoint c = ModelFile.load(f);
            assertMessage(IllegalArgumentException.class, () -> Trainer.of(a, Losses.MSE, c.optimizer()), "Trainer.of: gd(lr=0.5) "
                    + "was made for other parameters");
            assertMessage(MFE, () -> ModelFile.save(f, a, c.optimizer()), "it updates the parameters");
        }

        @Test void missingArguments() {
            Class<IllegalArgumentException> iae = IllegalArgumentException.class;
            assertMessage(iae, () -> ModelFile.load(null), "ModelFile.load: expected the path of a model file");
            assertMessage(iae, () -> ModelFile.save(null, net()), "ModelFile.save: expected the path of a file");
            assertMessage(iae, () -> ModelFile.save(dir.resolve("x.nnc"), null), "ModelFile.save: expected a network, got null");
        }
    }

    // ------------------------------------------------------------ the documented layout, version 3

    private static String utf(ByteBuffer b) {
        byte[] s = new byte[b.getShort() & 0xffff];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    /**
     * Reads the header and the layers of the layout file, the same in versions 2 and 3: a dropout layer (p = 0.25, seed
     * 42, 7 draws), then a dense layer 2 → 1 with leaky ReLU of slope 0.5 and a bias; returns the buffer after them.
     */
    private static ByteBuffer headerAndLayers(byte[] file, int version, Network net) {
        ByteBuffer b = ByteBuffer.wrap(file);
        assertEquals("NNCMODEL", new String(b.array(), 0, 8, StandardCharsets.US_ASCII));
        b.position(8);
        assertEquals(version, b.getInt());
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
        assertEquals(net.layer(0).bias().get(0, 0), b.getDouble());
        return b;
    }

    /** The CRC-32 of everything before the buffer's position, then the end. */
    private static void checksumThenEnd(ByteBuffer b) {
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        assertEquals((int) crc.getValue(), b.getInt());
        assertEquals(b.capacity(), b.position());
    }

    /** Reads a small file field by field: the header, the layers as in version 2, then the optimizer as its state. */
    @Test void theLayoutOfTheCurrentVersion() throws IOException {
        Network net = Network.of(new Dropout(0.25, 42, 7), Network.builder(2, 3).dense(1, new LeakyRelu(0.5)).build().layer(0));
        Momentum opt = new Momentum(net.parameters(), 0.1, 0.9);
        net.backward(Losses.MSE.gradient(net.forward(Matrix.row(0.5, -1)), Matrix.row(1)));
        opt.step(1);
        Path f = dir.resolve("layout.nnc");
        ModelFile.save(f, net, opt);
        ByteBuffer b = headerAndLayers(Files.readAllBytes(f), ModelFile.VERSION, net);
        assertEquals(1, b.get());                           // an optimizer follows
        assertEquals("momentum", utf(b));
        assertEquals(2, b.getInt());                       // settings
        assertEquals("lr", utf(b));
        assertEquals(0.1, b.getDouble());
        assertEquals("momentum", utf(b));
        assertEquals(0.9, b.getDouble());
        assertEquals(1, b.getInt());                       // counters
        assertEquals("t", utf(b));
        assertEquals(1, b.getLong());
        assertEquals(1, b.getInt());                       // slots
        assertEquals("velocity", utf(b));
        assertEquals(opt.velocity(0).get(0, 0), b.getDouble());   // layer1.W, 2×1
        assertEquals(opt.velocity(0).get(1, 0), b.getDouble());
        assertEquals(opt.velocity(1).get(0, 0), b.getDouble());   // layer1.b
        assertEquals(0, b.get());                           // no inner optimizer
        checksumThenEnd(b);
    }

    /** Version 4 adds the layers of Part 5: convolution, max pooling and batch normalisation, with their whole state. */
    @Nested
    class Version4 {
        private Network convNet() {
            Random rng = new Random(5);
            BatchNorm bn = new BatchNorm(8);
            Network net = Network.of(new Conv2D(1, 4, 4, 2, 3, 1, 1, Activations.RELU, Initializers.HE, rng),
                    new MaxPool2D(2, 4, 4, 2, 2), bn, new Dense(8, 3, Activations.IDENTITY, Initializers.HE, rng));
            net.setTraining(true);
            net.forward(Matrix.gaussian(5, 16, 6));   // running averages that are not the start's
            net.setTraining(false);
            return net;
        }

        @Test void convolutionPoolingAndBatchNormalisationRoundTripBitForBit() throws IOException {
            Network net = convNet();
            Adam adam = new Adam(net.parameters(), 0.01);
            Matrix x = Matrix.gaussian(6, 16, 7), t = Labels.oneHot(Matrix.column(0, 1, 2, 0, 1, 2), 3);
            Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, adam).epochs(2).batchSize(3).fit(x, t);
            Path f = dir.resolve("conv.nnc");
            ModelFile.save(f, net, adam);
            Checkpoint c = ModelFile.load(f);
            assertEquals(net.predict(x), c.network().predict(x), "the same predictions, bit for bit");
            assertEquals(net.toString(), c.network().toString());
            Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, adam).epochs(2).batchSize(3).fit(x, t);
            Trainer.of(c.network(), Losses.SOFTMAX_CROSS_ENTROPY, c.optimizer()).epochs(2).batchSize(3).fit(x, t);
            assertEquals(net.predict(x), c.network().predict(x), "training on gives the same bits");
        }

        @Test void aVersion3FileStillLoadsAndHoldsNoPart5Layer() throws IOException {
            Network plain = Network.builder(2, 1).dense(3, Activations.TANH).dense(1, Activations.IDENTITY).build();
            Path f = dir.resolve("v3.nnc");
            ModelFile.save(f, plain, new Sgd(plain.parameters(), 0.1));
            byte[] b = Files.readAllBytes(f);
            ByteBuffer.wrap(b).putInt(8, 3);   // version 3 laid dense and dropout layers out as version 4 does
            putCrc(b);
            Files.write(f, b);
            assertEquals(plain.predict(Matrix.row(0.5, -1)), ModelFile.load(f).network().predict(Matrix.row(0.5, -1)));
            ModelFile.save(f, convNet());
            b = Files.readAllBytes(f);
            ByteBuffer.wrap(b).putInt(8, 3);
            putCrc(b);
            Files.write(f, b);
            assertMessage(MFE, () -> ModelFile.load(f), "is of kind \"conv2d\", expected dense or dropout");
        }
    }

    // ------------------------------------------------------------ what is saved loads again; what is loaded is checked first

    /** Writes the CRC-32 of everything before the trailer into the trailer, as save does. */
    static void putCrc(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - ModelFile.TRAILER);
        ByteBuffer.wrap(b).putInt(b.length - ModelFile.TRAILER, (int) crc.getValue());
    }

    /**
     * What {@link ModelFile#save} writes loads again, and what {@link ModelFile#load} reads is checked for damage first:
     * a network or optimizer state with NaN or ∞ is refused and the file already there is kept; a bit flipped in the
     * version field is reported as damage, not as a file of a newer library.
     */
    @Nested
    class Integrity {
        private Network small() { return Network.builder(3, 7).dense(4, Activations.TANH).dense(2, Activations.IDENTITY).build(); }

        /** A good model file, whose bytes the failed saves below must leave as they are. */
        private Path goodFile() {
            Path f = dir.resolve("model.nnc");
            Network net = small();
            ModelFile.save(f, net, new Sgd(net.parameters(), 0.1));
            return f;
        }

        @Test void aNonFiniteWeightIsNamedAndTheFileThereIsKept() throws IOException {
            Path f = goodFile();
            byte[] before = Files.readAllBytes(f);
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                Network net = small();
                net.layer(1).weights().set(3, 1, bad);
                assertMessage(MFE, () -> ModelFile.save(f, net), "cannot save " + f, "parameter layer2.W: entry (3, 1)",
                        "is " + bad, "expected finite numbers", "did training diverge? Nothing was written", "left as it was");
                Network biased = small();
                biased.layer(0).bias().set(0, 2, bad);
                assertMessage(MFE, () -> ModelFile.save(f, biased, new Sgd(biased.parameters(), 0.1)),
                        "parameter layer1.b: entry (0, 2) of the 1×4 matrix is " + bad);
                assertArrayEquals(before, Files.readAllBytes(f), "the good file is untouched");
            }
            Network fresh = small();
            fresh.layer(0).weights().set(0, 0, Double.NaN);
            assertThrows(MFE, () -> ModelFile.save(dir.resolve("new.nnc"), fresh));
            assertFalse(Files.exists(dir.resolve("new.nnc")), "nothing is written where there was no file");
        }

        @Test void aNetworkLeftDivergedIsNotSaved() throws IOException {
            Path f = goodFile();
            byte[] before = Files.readAllBytes(f);
            Network net = small();
            Matrix x = Matrix.gaussian(40, 3, 11L), t = Matrix.gaussian(40, 2, 12L).scale(100);
            Trainer trainer = Trainer.of(net, Losses.MSE, new Sgd(net.parameters(), Double.MAX_VALUE)).epochs(3).batchSize(8);
            assertThrows(TrainingDivergedException.class, () -> trainer.fit(x, t));
            assertTrue(net.parameters().stream().anyMatch(p -> !p.value().isFinite()), "the network was left diverged");
            assertMessage(MFE, () -> ModelFile.save(f, net), "cannot save " + f, "expected finite numbers");
            assertArrayEquals(before, Files.readAllBytes(f));
        }

        /** A network whose every gradient is set to g, as after a backward pass. */
        private Network withGradients(double g) {
            Network net = small();
            for (Parameter p : net.parameters()) p.setGrad(Matrix.filled(p.value().rows(), p.value().cols(), g));
            return net;
        }

        @Test void nonFiniteOptimizerStateIsNamedAndNotSaved() throws IOException {
            Path f = goodFile();
            byte[] before = Files.readAllBytes(f);
            Network net = withGradients(1e200);
            Adam adam = new Adam(net.parameters(), 0.01);
            adam.step(1);   // g² overflows: v = ∞, while W stays finite
            assertTrue(net.parameters().stream().allMatch(p -> p.value().isFinite()), "the weights are finite");
            assertMessage(MFE, () -> ModelFile.save(f, net, adam), "cannot save " + f,
                    "adam's v of layer1.W: entry (0, 0) of the 3×4 matrix is Infinity", "left as it was");
            assertMessage(MFE, () -> ModelFile.save(f, net, new L2Regularized(adam, 0.1)), "adam's v of layer1.W");
            Network half = withGradients(Double.NaN);
            GradientDescent gd = new GradientDescent(half.parameters(), 0.1);
            gd.step(4);   // half an epoch: the running mean is NaN, the weights not yet updated
            assertMessage(MFE, () -> ModelFile.save(f, half, gd), "gd's mean of layer1.W: entry (0, 0) of the 3×4 matrix is NaN");
            assertArrayEquals(before, Files.readAllBytes(f));
        }

        @Test void aBitFlippedInTheVersionIsDamageNotANewerLibrary() throws IOException {
            byte[] good = Files.readAllBytes(goodFile());
            Path f = dir.resolve("flipped.nnc");
            for (int bit = 0; bit < 32; bit++) {
                byte[] b = good.clone();
                b[8 + bit / 8] ^= (byte) (1 << (bit % 8));
                Files.write(f, b);
                ModelFileException e = assertMessage(MFE, () -> ModelFile.load(f), "is corrupt: checksum", "changed or damaged");
                assertFalse(e.getMessage().contains("newer"), "bit " + bit + ": " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------ damaged files

    @Nested
    class Damaged {
        @Test void aMissingFile() {
            Path f = dir.resolve("none.nnc");
            assertMessage(MFE, () -> ModelFile.load(f), "none.nnc: no such model file", f.toAbsolutePath().toString());
        }

        @Test void aDirectoryIsNotAModel() {
            assertMessage(MFE, () -> ModelFile.load(dir), "is a directory", "expected a model file");
        }

        @Test void anUnreadablePathThroughAFile() {
            Path f = saved().resolve("inner.nnc");
            assertMessage(MFE, () -> ModelFile.load(f), "inner.nnc cannot be read", "Not a directory");
        }

        @Test void truncatedInsideThePayload() throws IOException {
            Path f = saved();
            byte[] b = Files.readAllBytes(f);
            Files.write(f, java.util.Arrays.copyOf(b, b.length - 9));
            assertMessage(MFE, () -> ModelFile.load(f), "is truncated", "announces " + (b.length - 24) + " bytes of data",
                    "so " + b.length + " bytes in all", "the file has " + (b.length - 9));
        }

        @Test void truncatedInsideTheHeaderOrEmpty() throws IOException {
            Path f = saved();
            Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 10));
            assertMessage(MFE, () -> ModelFile.load(f), "is truncated: 10 bytes", "at least 24");
            Path empty = Files.write(dir.resolve("empty.nnc"), new byte[0]);
            assertMessage(MFE, () -> ModelFile.load(empty), "is truncated: 0 bytes");
        }

        @Test void aFlippedByteInTheWeights() throws IOException {
            Path f = saved();
            byte[] b = Files.readAllBytes(f);
            b[40] ^= 0x10;
            Files.write(f, b);
            assertMessage(MFE, () -> ModelFile.load(f), "is corrupt: checksum", "computed", "changed or damaged");
        }

        @Test void everySingleByteFlipIsDetected() throws IOException {
            byte[] good = Files.readAllBytes(saved());
            Path f = dir.resolve("flipped.nnc");
            for (int i = 0; i < good.length; i++) {
                byte[] b = good.clone();
                b[i] ^= (byte) 0xff;
                Files.write(f, b);
                int at = i;
                ModelFileException e = assertThrows(MFE, () -> ModelFile.load(f), "flip at byte " + at);
                assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
            }
        }

        @Test void aFutureVersionIsNamed() throws IOException {
            Path f = saved();
            byte[] b = Files.readAllBytes(f);
            ByteBuffer.wrap(b).putInt(8, ModelFile.VERSION + 1);
            putCrc(b);   // a whole file of the next version, not a damaged one
            Files.write(f, b);
            assertMessage(MFE, () -> ModelFile.load(f), "has format version " + (ModelFile.VERSION + 1) + ", newer than this "
                    + "library", "reads versions 1 to " + ModelFile.VERSION,
                    "newer version of the course library");
        }

        @Test void aVersionBelow1IsCorrupt() throws IOException {
            Path f = saved();
            byte[] b = Files.readAllBytes(f);
            for (int v : new int[] {0, -1, Integer.MIN_VALUE}) {
                ByteBuffer.wrap(b).putInt(8, v);
                putCrc(b);
                Files.write(f, b);
                assertMessage(MFE, () -> ModelFile.load(f), "is corrupt: format version " + v + " does not exist");
            }
        }

        @Test void notAModelFile() throws IOException {
            Path f = Files.writeString(dir.resolve("data.csv"), "x1,x2,y\n1,2,3\n");
            assertMessage(MFE, () -> ModelFile.load(f), "is not a model file", "starts with \"x1,x2,y\\x0a\"",
                    "expected \"NNCMODEL\"");
        }

        @Test void trailingBytes() throws IOException {
            Path f = saved();
            Files.write(f, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
            assertMessage(MFE, () -> ModelFile.load(f), "is corrupt: 3 unexpected bytes");
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

        private int indexOf(byte[] b, byte[] p) {
            outer:
            for (int i = 0; i + p.length <= b.length; i++) {
                for (int j = 0; j < p.length; j++) if (b[i + j] != p[j]) continue outer;
                return i;
            }
            return -1;
        }

        private byte[] bits(double x) { return ByteBuffer.allocate(8).putDouble(x).array(); }

        private byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

        private Path savedWith(Function<List<Parameter>, Optimizer> make) {
            Network net = net();
            Path f = dir.resolve("o.nnc");
            ModelFile.save(f, net, make.apply(net.parameters()));
            return f;
        }

        @Test void anImpossibleSettingIsNamed() throws IOException {
            Path bad = patched(savedWith(ps -> new Adam(ps, 0.01, 0.875, 0.999, 1e-8)), bits(0.875), bits(1.5));
            assertMessage(MFE, () -> ModelFile.load(bad), "corrupt although its checksum matches",
                    "β1 (beta1) must be a number in [0, 1), got 1.5");
        }

        @Test void aRenamedSettingIsNamed() throws IOException {
            Path bad = patched(savedWith(ps -> new RmsProp(ps, 0.01)), utf8("rho"), utf8("rhx"));
            assertMessage(MFE, () -> ModelFile.load(bad), "corrupt although its checksum matches", "no setting \"rho\" among "
                    + "[lr, rhx, eps]");
        }

        @Test void aRenamedSlotIsNamed() throws IOException {
            Path bad = patched(savedWith(ps -> new Momentum(ps, 0.1, 0.5)), utf8("velocity"), utf8("velocitx"));
            assertMessage(MFE, () -> ModelFile.load(bad), "momentum.restore: the state has counters [t] and slots [velocitx], "
                    + "expected [t] and [velocity]");
        }

        @Test void aNegativeSecondMomentIsNamed() throws IOException {
            Network net = Network.builder(2, 1).dense(1, Activations.IDENTITY).build();
            RmsProp opt = new RmsProp(net.parameters(), 0.01);
            net.backward(Losses.MSE.gradient(net.forward(Matrix.of(new double[][] {{1, 2}})), Matrix.of(new double[][] {{3}})));
            opt.step(1);
            Path f = dir.resolve("r.nnc");
            ModelFile.save(f, net, opt);
            double s = opt.meanSquare(1).at(0);
            Path bad = patched(f, bits(s), bits(-s));
            assertMessage(MFE, () -> ModelFile.load(bad), "rmsprop.restore: s of ", "has the entry -",
                    "a running mean of g² is ≥ 0");
        }

        @Test void aNegativeStepCountIsNamed() throws IOException {
            Network net = net();
            Adam adam = new Adam(net.parameters(), 0.01);
            trainer(net, adam, 1).fit(BLOBS.x(), Y);
            Path f = dir.resolve("t.nnc");
            ModelFile.save(f, net, adam);
            Path bad = patched(f, ByteBuffer.allocate(11).put((byte) 0).put((byte) 1).put((byte) 't').putLong(adam.steps()).array(),
                    ByteBuffer.allocate(11).put((byte) 0).put((byte) 1).put((byte) 't').putLong(-2).array());
            assertMessage(MFE, () -> ModelFile.load(bad), "adam.restore: the counter t must be ≥ 0, got -2");
        }

        @Test void aDropoutRateOf1IsNamed() throws IOException {
            Path f = dir.resolve("d.nnc");
            ModelFile.save(f, Network.of(new Dropout(0.625, 1), Network.builder(2, 1).dense(1, Activations.TANH).build().layer(0)));
            Path bad = patched(f, bits(0.625), bits(1));
            assertMessage(MFE, () -> ModelFile.load(bad), "Dropout: the rate p must be a number in [0, 1)", "got 1.0");
        }

        @Test void anUnknownOptimizerIsNamed() throws IOException {
            Path bad = patched(savedWith(ps -> new Nesterov(ps, 0.1, 0.5)), utf8("nesterov"), utf8("nesterox"));
            assertMessage(MFE, () -> ModelFile.load(bad), "optimizer \"nesterox\"",
                    "expected one of [adam, adamw, gd, l2, momentum, nesterov, rmsprop, sgd]");
        }

        @Test void anL2PenaltyAroundAnotherIsNamed() throws IOException {
            Path bad = patched(savedWith(ps -> new L2Regularized(new Sgd(ps, 0.1), 0.25)), utf8("sgd"), utf8("l2x"));
            assertMessage(MFE, () -> ModelFile.load(bad), "optimizer \"l2x\"");
        }
    }

    // ------------------------------------------------------------ special files and sizes

    /**
     * load reads only regular files, and only as many bytes as the header announces once that length is known to be
     * possible: a FIFO, a device, a sparse file of gigabytes or a length near Long.MAX_VALUE gets a clear error at once.
     * And save never writes a file that load would refuse.
     */
    @Nested
    class SpecialInput {
        /** Far longer than any of these loads takes: only a hang fails it. */
        private static final Duration HANG = Duration.ofSeconds(60);

        /** A 40-byte file with a valid magic and version, announcing {@code n} bytes of payload. */
        private Path header(long n) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(40);
            b.put(ModelFile.MAGIC).putInt(ModelFile.VERSION).putLong(n);
            return Files.write(dir.resolve("header.nnc"), b.array());
        }

        @Test void aNamedPipeIsRefusedWithoutBlocking() throws Exception {
            Path f = fifo(dir.resolve("pipe.nnc"));
            assertTimeoutPreemptively(HANG, () -> assertMessage(MFE, () -> ModelFile.load(f),
                    "pipe.nnc is a named pipe (FIFO), not a regular file", "expected a model file"));
        }

        @Test void aDeviceIsRefusedWithoutReading() {
            assertTimeoutPreemptively(HANG, () -> assertMessage(MFE, () -> ModelFile.load(Path.of("/dev/zero")),
                    "/dev/zero is a character device"));
        }

        @Test void aSparseFileOfGigabytesIsJudgedByItsFirstBytes() throws IOException {
            Path f = dir.resolve("sparse.nnc");
            try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
                r.setLength(3L << 30);   // 3 GiB of zeros, without disk space or time
            }
            assertTimeoutPreemptively(HANG, () -> assertMessage(MFE, () -> ModelFile.load(f), "is not a model file",
                    "starts with \"\\x00"));
            ByteBuffer b = ByteBuffer.allocate(20).put(ModelFile.MAGIC).putInt(ModelFile.VERSION).putLong((3L << 30) - 24);
            try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
                r.write(b.array());   // a header that matches the 3 GiB exactly: more than a model file can hold
            }
            assertTimeoutPreemptively(HANG, () -> assertMessage(MFE, () -> ModelFile.load(f), "is corrupt: the header announces "
                    + "3221225448 bytes", "holds from 0 to 2147483615", "the file has 3221225472 bytes"));
        }

        @Test void aLengthNearLongMaxValueIsNamed() throws IOException {
            for (long n : new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 10, Long.MAX_VALUE - 23, ModelFile.MAX_FILE - 23L}) {
                Path f = header(n);
                assertMessage(MFE, () -> ModelFile.load(f), "is corrupt: the header announces " + n + " bytes of data",
                        "holds from 0 to 2147483615", "the file has 40 bytes");
            }
        }

        @Test void aNegativeLengthIsCorruptNotTruncated() throws IOException {
            Path f = header(-5);
            assertMessage(MFE, () -> ModelFile.load(f), "is corrupt: the header announces -5 bytes of data");
        }

        @Test void aLengthBeyondTheFileIsTruncatedWithoutReadingThatMuch() throws IOException {
            Path f = header(2_000_000_000L);
            assertMessage(MFE, () -> ModelFile.load(f), "is truncated: the header announces 2000000000 bytes of data",
                    "so 2000000024 bytes in all, but the file has 40");
        }

        @Test void saveNeverWritesAFileThatLoadRefuses() {
            Network net = Network.builder(3, 7).dense(4, Activations.RELU).dense(1, Activations.SIGMOID).build();
            for (Optimizer opt : new Optimizer[] {null, new Sgd(net.parameters(), 0.1), new GradientDescent(net.parameters(), 0.1),
                    new L2Regularized(new Adam(net.parameters(), 0.1), 0.1)}) {
                byte[] file = ModelFile.encode(net, opt);
                assertEquals(file.length - ModelFile.HEADER - ModelFile.TRAILER, ModelFile.payloadSize(net, opt));
            }
            ModelFile.requireFits(ModelFile.MAX_FILE - ModelFile.HEADER - ModelFile.TRAILER, net);   // the largest load reads
            assertMessage(MFE, () -> ModelFile.requireFits(ModelFile.MAX_FILE - ModelFile.HEADER - ModelFile.TRAILER + 1L, net),
                    "cannot save a network of 21 parameters", "would have 2147483640 bytes", "more than the 2147483639");
        }
    }

    // ------------------------------------------------------------ versions 1 and 2

    static Path fixture(String name) {
        try {
            return Path.of(ModelFileTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Files of format version 1 still load. The fixtures in {@code src/test/resources/dev/nncourse/io} were written by
     * the library of commit fe6604b (format version 1) from the networks rebuilt here, so they must load bit for bit equal.
     */
    @Nested
    class Version1 {
        private Network sgdNet() {
            return Network.builder(3, 7).dense(4, Activations.RELU).dense(2, Activations.TANH).bias(false)
                    .dense(1, Activations.SIGMOID).build();
        }

        private Network gdNet() { return Network.builder(2, 11).dense(3, Activations.TANH).dense(1, Activations.IDENTITY).build(); }

        @Test void theFixturesAreVersion1() throws IOException {
            for (String f : new String[] {"v1-sgd.nnc", "v1-gd.nnc", "v1-plain.nnc"}) {
                assertEquals(1, ByteBuffer.wrap(Files.readAllBytes(fixture(f))).getInt(8), f);
            }
        }

        @Test void aNetworkWithSgd() {
            Checkpoint c = ModelFile.load(fixture("v1-sgd.nnc"));
            assertSameBits(sgdNet(), c.network());
            assertEquals(0.25, assertInstanceOf(Sgd.class, c.optimizer()).learningRate());
            assertSame(c.network().parameters().get(0), c.optimizer().parameters().get(0));
        }

        @Test void aGradientDescentInTheMiddleOfAnEpoch() {
            Checkpoint c = ModelFile.load(fixture("v1-gd.nnc"));
            assertSameBits(gdNet(), c.network());
            GradientDescent gd = assertInstanceOf(GradientDescent.class, c.optimizer());
            assertEquals(0.5, gd.learningRate());
            assertEquals(5, gd.count());
            Random rng = new Random(13);
            for (int i = 0; i < c.network().parameters().size(); i++) {
                Matrix theta = c.network().parameters().get(i).value();
                assertEquals(Matrix.gaussian(theta.rows(), theta.cols(), rng), gd.meanGradient(i));
            }
        }

        @Test void aNetworkAlone() {
            Checkpoint c = ModelFile.load(fixture("v1-plain.nnc"));
            assertSameBits(gdNet(), c.network());
            assertNull(c.optimizer());
        }
    }

    /**
     * Files of format version 2 still load, every optimizer's state converted to today's {@link OptimizerState}. The
     * fixtures {@code v2-*.nnc} were written by the library of commit 1607eeb (format version 2, optimizers bound at
     * their first step) after the very training rebuilt here (three epochs of {@link ModelFileTest#net}, minibatches of
     * 5, seed 4): so the loaded network must equal today's training bit for bit, its optimizer must hold today's state,
     * and training on from the file must give the bits of training on in memory.
     */
    @Nested
    class Version2 {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.nncourse.io.ModelFileTest#optimizers")
        void everyOptimizerLoadsAndTrainsOnAsToday(String name, Function<List<Parameter>, Optimizer> make) throws IOException {
            Path f = fixture("v2-" + name + ".nnc");
            assertEquals(2, ByteBuffer.wrap(Files.readAllBytes(f)).getInt(8));
            Network net = net();
            Optimizer opt = make.apply(net.parameters());
            trainer(net, opt, 3).fit(BLOBS.x(), Y);
            Checkpoint c = ModelFile.load(f);
            assertSameBits(net, c.network());
            assertEquals(opt.getClass(), c.optimizer().getClass());
            assertEquals(opt.name(), c.optimizer().name());
            if (!name.endsWith("sgd")) {   // version 2 kept no step count for Sgd, which does not use one
                assertEquals(opt.state(), c.optimizer().state(), "the whole state, bit for bit");
            }
            trainer(net, opt, 4).fit(BLOBS.x(), Y);
            trainer(c.network(), c.optimizer(), 4).fit(BLOBS.x(), Y);
            assertSameBits(net, c.network());
        }

        @Test void gradientDescentInTheMiddleOfAnEpoch() {
            Network net = net();
            GradientDescent gd = new GradientDescent(net.parameters(), 0.2);
            int[] rows = {0, 1, 2, 3, 4};
            net.setTraining(true);
            net.backward(Losses.SOFTMAX_CROSS_ENTROPY.gradient(net.forward(BLOBS.x().selectRows(rows)), Y.selectRows(rows)));
            gd.step(5);
            net.setTraining(false);
            Checkpoint c = ModelFile.load(fixture("v2-gd-half-epoch.nnc"));
            assertSameBits(net, c.network());
            assertEquals(gd.state(), c.optimizer().state());
            assertEquals(5, ((GradientDescent) c.optimizer()).count());
        }

        @Test void aNetworkAlone() {
            Checkpoint c = ModelFile.load(fixture("v2-plain.nnc"));
            assertSameBits(net(), c.network());
            assertNull(c.optimizer());
        }

        /** Reads the version-2 fixture field by field as docs/model-format.md describes version 2, then loads it. */
        @Test void theLayoutOfVersion2() throws IOException {
            Network net = Network.of(new Dropout(0.25, 42, 7), Network.builder(2, 3).dense(1, new LeakyRelu(0.5)).build().layer(0));
            ByteBuffer b = headerAndLayers(Files.readAllBytes(fixture("v2-layout.nnc")), 2, net);
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
            checksumThenEnd(b);
            Checkpoint c = ModelFile.load(fixture("v2-layout.nnc"));
            assertSameBits(net, c.network());
            assertEquals(new Momentum(c.network().parameters(), 0.1, 0.9).state(), c.optimizer().state(), "zero velocities, t = 0");
        }

        /** A version-2 state whose slot has another name is not taken for this optimizer's. */
        @Test void aRenamedSlotIsNamed() throws IOException {
            byte[] b = Files.readAllBytes(fixture("v2-momentum.nnc"));
            byte[] from = "velocity".getBytes(StandardCharsets.UTF_8);
            int at = -1;
            for (int i = 0; i + from.length <= b.length && at < 0; i++) {
                if (java.util.Arrays.equals(b, i, i + from.length, from, 0, from.length)) at = i;
            }
            b[at + 7] = 'x';
            CRC32 crc = new CRC32();
            crc.update(b, 0, b.length - 4);
            ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
            Path bad = Files.write(dir.resolve("bad-v2.nnc"), b);
            assertMessage(MFE, () -> ModelFile.load(bad), "momentum: state \"velocitx\", expected \"velocity\"");
        }
    }
}
