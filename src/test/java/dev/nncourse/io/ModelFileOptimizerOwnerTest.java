package dev.nncourse.io;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.GradientDescent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An optimizer's state is saved only with the network it belongs to, and a loaded one belongs to the loaded network. */
class ModelFileOptimizerOwnerTest {
    @TempDir Path dir;

    private static Network net(long seed) {
        return Network.builder(3, seed).dense(4, Activations.TANH).dense(1, Activations.IDENTITY).build();
    }

    private static GradientDescent halfEpoch(Network net) {
        GradientDescent gd = new GradientDescent(0.5);
        Matrix x = Matrix.gaussian(5, 3, 1L), t = Matrix.filled(5, 1, 0.5);
        net.backward(Losses.MSE.gradient(net.forward(x), t));
        gd.afterBatch(net.parameters(), 5);
        return gd;
    }

    @Test void stateOfAnotherNetworkIsRefusedAndNothingIsWritten() {
        Network a = net(1), b = net(2);
        GradientDescent gd = halfEpoch(a);
        Path f = dir.resolve("b.nnc");
        assertMessage(ModelFileException.class, () -> ModelFile.save(f, b, gd), "gd(lr=0.5)", "another network",
                "save each network with its own optimizer");
        assertFalse(Files.exists(f));
        ModelFile.save(f, a, gd);   // with its own network it is saved
    }

    @Test void aLoadedOptimizerBelongsToTheLoadedNetwork() {
        Network a = net(1);
        Path f = dir.resolve("a.nnc");
        ModelFile.save(f, a, halfEpoch(a));
        Checkpoint c = ModelFile.load(f);
        GradientDescent gd = assertInstanceOf(GradientDescent.class, c.optimizer());
        assertFalse(gd.belongsTo(a.parameters()), "the loaded state belongs to the loaded network, not the saved one");
        Network loaded = c.network();
        loaded.backward(Losses.MSE.gradient(loaded.forward(Matrix.gaussian(5, 3, 1L)), Matrix.filled(5, 1, 0.5)));
        gd.afterBatch(loaded.parameters(), 5);
        assertEquals(10, gd.count());
        assertMessage(ModelFileException.class, () -> ModelFile.save(dir.resolve("x.nnc"), a, gd), "another network");
    }
}
