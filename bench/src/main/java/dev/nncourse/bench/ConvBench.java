package dev.nncourse.bench;

import dev.nncourse.data.Datasets;
import dev.nncourse.data.Labels;
import dev.nncourse.linalg.Kernels;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Conv2D;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.MaxPool2D;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.Adam;
import dev.nncourse.train.History;
import dev.nncourse.train.Trainer;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;

/**
 * Workload (f): one epoch of the digits CNN with the library's {@link Trainer}, as a learner writes it; the scores are
 * samples per second. The same training as {@code bench/cnn.py} (numpy, im2col) and {@code bench/jax_bench.py} (JAX,
 * {@code lax.conv_general_dilated}), see there for what is matched: the 1,078 training digits as 1×8×8 images, pixels
 * / 16; conv 8 filters 3×3 padding 1 ReLU, 2×2 max pooling, conv 16 filters 3×3 padding 1 ReLU, 2×2 max pooling, dense
 * 64 → 10; softmax cross-entropy, He, Adam(0.003), shuffled minibatches of 32, float64, on as many threads as the
 * machine has (so do numpy and JAX).
 */
public class ConvBench extends EpochBench {
    private Trainer trainer;
    private Matrix x, y;

    @Setup
    public void setup() {
        Kernels.setThreads(Runtime.getRuntime().availableProcessors());
        var train = Datasets.digitsSplit().train();
        x = train.x().scale(1.0 / 16);
        y = Labels.oneHot(train.y(), 10);
        if (x.rows() != EndToEndBench.DIGITS_TRAIN) throw new IllegalStateException("expected 1078 training digits, got " + x.rows());
        trainer = trainer(network());
    }

    /** The digits CNN of workload (f). */
    static Network network() {
        Random rng = new Random(0);
        return Network.of(new Conv2D(1, 8, 8, 8, 3, 1, 1, Activations.RELU, Initializers.HE, rng), new MaxPool2D(8, 8, 8, 2, 2),
                new Conv2D(8, 4, 4, 16, 3, 1, 1, Activations.RELU, Initializers.HE, rng), new MaxPool2D(16, 4, 4, 2, 2),
                new Dense(64, 10, Activations.IDENTITY, Initializers.HE, rng));
    }

    static Trainer trainer(Network net) {
        return Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, new Adam(net.parameters(), 0.003)).batchSize(32);
    }

    /** One epoch of the digits CNN. */
    @Benchmark
    @OperationsPerInvocation(EndToEndBench.DIGITS_TRAIN)
    public History cnn() { return trainer.fit(x, y); }
}
