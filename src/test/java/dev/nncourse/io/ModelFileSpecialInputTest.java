package dev.nncourse.io;

import static dev.nncourse.TestSupport.assertMessage;
import static dev.nncourse.TestSupport.fifo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.Sgd;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * ModelFile.load reads only regular files, and only as many bytes as the header announces once that length is known
 * to be possible: a FIFO, a device, a sparse file of gigabytes or a length near Long.MAX_VALUE gets a clear error at
 * once. And save never writes a file that load would refuse.
 */
class ModelFileSpecialInputTest {
    private static final Class<ModelFileException> MFE = ModelFileException.class;
    /** Far longer than any of these loads takes: only a hang fails it. */
    private static final Duration HANG = Duration.ofSeconds(60);
    @TempDir Path dir;

    private static void withoutHanging(Executable call) { assertTimeoutPreemptively(HANG, call); }

    private static Network net() { return Network.builder(3, 7).dense(4, Activations.RELU).dense(1, Activations.SIGMOID).build(); }

    /** A 40-byte file with a valid magic and version, announcing {@code n} bytes of payload. */
    private Path header(long n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(40);
        b.put(ModelFile.MAGIC).putInt(ModelFile.VERSION).putLong(n);
        return Files.write(dir.resolve("header.nnc"), b.array());
    }

    @Test void aNamedPipeIsRefusedWithoutBlocking() throws Exception {
        Path f = fifo(dir.resolve("pipe.nnc"));
        withoutHanging(() -> assertMessage(MFE, () -> ModelFile.load(f), "pipe.nnc is a named pipe (FIFO), not a regular file",
                "expected a model file"));
    }

    @Test void aDeviceIsRefusedWithoutReading() {
        withoutHanging(() -> assertMessage(MFE, () -> ModelFile.load(Path.of("/dev/zero")), "/dev/zero is a character device"));
    }

    @Test void aSparseFileOfGigabytesIsJudgedByItsFirstBytes() throws IOException {
        Path f = dir.resolve("sparse.nnc");
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.setLength(3L << 30);   // 3 GiB of zeros, without disk space or time
        }
        withoutHanging(() -> assertMessage(MFE, () -> ModelFile.load(f), "is not a model file", "starts with \"\\x00"));
        ByteBuffer b = ByteBuffer.allocate(20).put(ModelFile.MAGIC).putInt(ModelFile.VERSION).putLong((3L << 30) - 24);
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.write(b.array());   // a header that matches the 3 GiB exactly: more than a model file can hold
        }
        withoutHanging(() -> assertMessage(MFE, () -> ModelFile.load(f), "is corrupt: the header announces 3221225448 bytes",
                "holds from 0 to 2147483615", "the file has 3221225472 bytes"));
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
        Network net = net();
        for (Optimizer opt : new Optimizer[] {null, new Sgd(0.1), new GradientDescent(0.1)}) {
            byte[] file = ModelFile.encode(net, opt);
            assertEquals(file.length - ModelFile.HEADER - ModelFile.TRAILER, ModelFile.payloadSize(net, opt));
        }
        ModelFile.requireFits(ModelFile.MAX_FILE - ModelFile.HEADER - ModelFile.TRAILER, net);   // the largest load reads
        assertMessage(MFE, () -> ModelFile.requireFits(ModelFile.MAX_FILE - ModelFile.HEADER - ModelFile.TRAILER + 1L, net),
                "cannot save a network of 21 parameters", "would have 2147483640 bytes", "more than the 2147483639");
    }

    @Test void missingPaths() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertMessage(iae, () -> ModelFile.load(null), "ModelFile.load: expected the path of a model file");
        assertMessage(iae, () -> ModelFile.save(null, net()), "ModelFile.save: expected the path of a file");
    }
}
