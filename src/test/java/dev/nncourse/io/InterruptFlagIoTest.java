package dev.nncourse.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Csv;
import dev.nncourse.data.Dataset;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files are read and written whatever the thread's interrupt flag: a notebook's stop button can leave it set on the
 * thread that saves next (an interruptible FileChannel would close itself and fail the save). The flag is kept.
 */
class InterruptFlagIoTest {
    @TempDir Path dir;

    @AfterEach void clearFlag() { Thread.interrupted(); }

    @Test void saveAndLoadWorkWithTheFlagSetAndKeepIt() {
        Network net = Network.builder(2, 3).dense(3, Activations.TANH).dense(1, Activations.IDENTITY).build();
        Path f = dir.resolve("model.nnc");
        Thread.currentThread().interrupt();
        ModelFile.save(f, net, null);
        Network back = ModelFile.load(f).network();
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag is the caller's to handle: kept");
        assertArrayEquals(net.layer(0).weights().toFlatArray(), back.layer(0).weights().toFlatArray());
    }

    @Test void csvReadWorksWithTheFlagSetAndKeepsIt() throws IOException {
        Path f = Files.writeString(dir.resolve("d.csv"), "x,y\n1,2\n3,4\n");
        Thread.currentThread().interrupt();
        Dataset d = Csv.read(f, "y");
        assertTrue(Thread.currentThread().isInterrupted());
        assertEquals(2, d.size());
    }
}
