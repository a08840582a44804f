package dev.nncourse.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Sgd;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Files of format version 1 still load. The fixtures in {@code src/test/resources/dev/nncourse/io} were written by the
 * library of commit fe6604b (format version 1) from the networks rebuilt here, so they must load bit for bit equal.
 */
class ModelFileVersion1Test {
    static Path fixture(String name) {
        try {
            return Path.of(ModelFileVersion1Test.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Network sgdNet() {
        return Network.builder(3, 7).dense(4, Activations.RELU).dense(2, Activations.TANH).bias(false)
                .dense(1, Activations.SIGMOID).build();
    }

    private static Network gdNet() {
        return Network.builder(2, 11).dense(3, Activations.TANH).dense(1, Activations.IDENTITY).build();
    }

    private static void assertSameNetwork(Network expected, Network actual) {
        assertEquals(expected.toString(), actual.toString());
        List<Parameter> e = expected.parameters(), a = actual.parameters();
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) assertArrayEquals(e.get(i).value().toFlatArray(), a.get(i).value().toFlatArray());
    }

    @Test void theFixturesAreVersion1() throws Exception {
        for (String f : new String[] {"v1-sgd.nnc", "v1-gd.nnc", "v1-plain.nnc"}) {
            assertEquals(1, ByteBuffer.wrap(Files.readAllBytes(fixture(f))).getInt(8), f);
        }
    }

    @Test void aVersion1NetworkWithSgdLoads() {
        Checkpoint c = ModelFile.load(fixture("v1-sgd.nnc"));
        assertSameNetwork(sgdNet(), c.network());
        assertEquals(0.25, assertInstanceOf(Sgd.class, c.optimizer()).learningRate());
    }

    @Test void aVersion1GradientDescentInTheMiddleOfAnEpochLoads() {
        Checkpoint c = ModelFile.load(fixture("v1-gd.nnc"));
        Network net = gdNet();
        assertSameNetwork(net, c.network());
        GradientDescent gd = assertInstanceOf(GradientDescent.class, c.optimizer());
        assertEquals(0.5, gd.learningRate());
        assertEquals(5, gd.count());
        Random rng = new Random(13);
        for (Parameter p : c.network().parameters()) {
            assertEquals(Matrix.gaussian(p.value().rows(), p.value().cols(), rng), gd.meanGradient(p));
        }
    }

    @Test void aVersion1NetworkAloneLoads() {
        Checkpoint c = ModelFile.load(fixture("v1-plain.nnc"));
        assertSameNetwork(gdNet(), c.network());
        assertNull(c.optimizer());
    }
}
