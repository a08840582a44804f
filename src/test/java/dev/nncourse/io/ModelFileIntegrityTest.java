package dev.nncourse.io;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Adam;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.L2Regularized;
import dev.nncourse.optim.Sgd;
import dev.nncourse.train.Trainer;
import dev.nncourse.train.TrainingDivergedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link ModelFile#save} writes loads again, and what {@link ModelFile#load} reads is checked for damage first:
 * a network or optimizer state with NaN or ∞ is refused and the file already there is kept; a bit flipped in the
 * version field is reported as damage, not as a file of a newer library.
 */
class ModelFileIntegrityTest {
    private static final Class<ModelFileException> MFE = ModelFileException.class;
    @TempDir Path dir;

    private static Network net() {
        return Network.builder(3, 7).dense(4, Activations.TANH).dense(2, Activations.IDENTITY).build();
    }

    /** A good model file, whose bytes the failed saves below must leave as they are. */
    private Path goodFile() {
        Path f = dir.resolve("model.nnc");
        ModelFile.save(f, net(), new Sgd(0.1));
        return f;
    }

    // ---------------------------------------------------------------- saving refuses NaN and ∞

    @Test void aNonFiniteWeightIsNamedAndTheFileThereIsKept() throws IOException {
        Path f = goodFile();
        byte[] before = Files.readAllBytes(f);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Network net = net();
            net.layer(1).weights().set(3, 1, bad);
            assertMessage(MFE, () -> ModelFile.save(f, net), "cannot save " + f, "parameter layer2.W: entry (3, 1)",
                    "is " + bad, "expected finite numbers", "did training diverge? Nothing was written", "left as it was");
            Network biased = net();
            biased.layer(0).bias().set(0, 2, bad);
            assertMessage(MFE, () -> ModelFile.save(f, biased, new Sgd(0.1)), "parameter layer1.b: entry (0, 2) of the 1×4 matrix is " + bad);
            assertArrayEquals(before, Files.readAllBytes(f), "the good file is untouched");
        }
        Network fresh = net();
        fresh.layer(0).weights().set(0, 0, Double.NaN);
        assertThrows(MFE, () -> ModelFile.save(dir.resolve("new.nnc"), fresh));
        assertFalse(Files.exists(dir.resolve("new.nnc")), "nothing is written where there was no file");
    }

    @Test void aNetworkLeftDivergedIsNotSaved() throws IOException {
        Path f = goodFile();
        byte[] before = Files.readAllBytes(f);
        Network net = net();
        Matrix x = Matrix.gaussian(40, 3, 11L), t = Matrix.gaussian(40, 2, 12L).scale(100);
        Trainer trainer = Trainer.of(net, Losses.MSE, new Sgd(Double.MAX_VALUE)).epochs(3).batchSize(8);
        assertThrows(TrainingDivergedException.class, () -> trainer.fit(x, t));
        assertTrue(net.parameters().stream().anyMatch(p -> !p.value().isFinite()), "the network was left diverged");
        assertMessage(MFE, () -> ModelFile.save(f, net), "cannot save " + f, "expected finite numbers");
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    /** A network whose every gradient is set to g, as after a backward pass. */
    private static Network withGradients(double g) {
        Network net = net();
        for (Parameter p : net.parameters()) p.grad().setTo(Matrix.filled(p.grad().rows(), p.grad().cols(), g));
        return net;
    }

    @Test void nonFiniteOptimizerStateIsNamedAndNotSaved() throws IOException {
        Path f = goodFile();
        byte[] before = Files.readAllBytes(f);
        Network net = withGradients(1e200);
        Adam adam = new Adam(0.01);
        adam.afterBatch(net.parameters(), 1);   // g² overflows: v = ∞, while W stays finite
        assertTrue(net.parameters().stream().allMatch(p -> p.value().isFinite()), "the weights are finite");
        assertMessage(MFE, () -> ModelFile.save(f, net, adam), "cannot save " + f,
                "adam's v of layer1.W: entry (0, 0) of the 3×4 matrix is Infinity", "left as it was");
        assertMessage(MFE, () -> ModelFile.save(f, net, new L2Regularized(adam, 0.1)), "adam's v of layer1.W");
        Network half = withGradients(Double.NaN);
        GradientDescent gd = new GradientDescent(0.1);
        gd.afterBatch(half.parameters(), 4);   // half an epoch: the running mean is NaN, the weights not yet updated
        assertMessage(MFE, () -> ModelFile.save(f, half, gd), "gd's running mean gradient of layer1.W: entry (0, 0) of the 3×4 matrix is NaN");
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    // ---------------------------------------------------------------- loading checks the checksum before the version

    /** Writes the CRC-32 of everything before the trailer into the trailer, as save does. */
    static void putCrc(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - ModelFile.TRAILER);
        ByteBuffer.wrap(b).putInt(b.length - ModelFile.TRAILER, (int) crc.getValue());
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

    @Test void aWholeFileOfALaterVersionIsNamedAsSuch() throws IOException {
        byte[] b = Files.readAllBytes(goodFile());
        ByteBuffer.wrap(b).putInt(8, ModelFile.VERSION + 1);
        putCrc(b);
        Path f = Files.write(dir.resolve("later.nnc"), b);
        assertMessage(MFE, () -> ModelFile.load(f), "has format version 3, newer than this library");
        ByteBuffer.wrap(b).putInt(8, 0);
        putCrc(b);
        Files.write(f, b);
        assertMessage(MFE, () -> ModelFile.load(f), "is corrupt: format version 0 does not exist");
    }
}
