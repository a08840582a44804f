package dev.nncourse.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nncourse.data.Datasets;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.Sgd;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seed gives bit-identical weights and history: within one JVM, and in a freshly started one. */
class DeterminismTest {
    private static final long SEED = 20240917L;

    @Test void sameSeedSameWeightsAndHistoryInThisJvm() {
        var d = Datasets.randomRegression(30, 3, 4);
        Network[] nets = new Network[2];
        History[] hs = new History[2];
        for (int run = 0; run < 2; run++) {
            nets[run] = Network.builder(3, 8).dense(6, Activations.TANH).dense(1, Activations.IDENTITY).build();
            hs[run] = Trainer.of(nets[run], Losses.MSE, new Sgd(0.05)).epochs(25).batchSize(4).seed(9).fit(d.x(), d.y());
        }
        for (int i = 0; i < nets[0].parameters().size(); i++) {
            assertArrayEquals(nets[0].parameters().get(i).value().toFlatArray(), nets[1].parameters().get(i).value().toFlatArray());
        }
        assertArrayEquals(hs[0].loss(), hs[1].loss());
        assertEquals(DeterminismProbe.digest(SEED), DeterminismProbe.digest(SEED));
    }

    @Test void digestDependsOnTheSeed() {
        assertNotEquals(DeterminismProbe.digest(SEED), DeterminismProbe.digest(SEED + 1));
    }

    @Test void sameDigestInAFreshJvm() throws IOException, InterruptedException {
        assertEquals(DeterminismProbe.digest(SEED), digestInFreshJvm(List.of()));
    }

    @Test void sameDigestInAFreshInterpretedJvm() throws IOException, InterruptedException {
        // -Xint: no JIT at all, so no compiler may have reordered or fused any floating-point operation.
        assertEquals(DeterminismProbe.digest(SEED), digestInFreshJvm(List.of("-Xint")));
    }

    private static String digestInFreshJvm(List<String> jvmOptions) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());   // this JVM's options, e.g. the Vector API
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DeterminismProbe.class.getName(), Long.toString(SEED)));
        Path err = Files.createTempFile("determinism", ".stderr");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int status = p.waitFor();
        String log = Files.readString(err);
        Files.delete(err);
        assertEquals(0, status, "child JVM " + cmd + " failed: " + out + log);
        return out;
    }
}
