package dev.nncourse.bench;

import dev.nncourse.data.Datasets;
import dev.nncourse.data.Labels;
import dev.nncourse.data.Split;
import dev.nncourse.linalg.Kernels;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.Adam;
import dev.nncourse.train.History;
import dev.nncourse.train.Trainer;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Workload (e): one epoch of end-to-end training with the library's {@link Trainer}, as a learner writes it; the
 * scores are samples per second. The same training as {@code bench/mlp.py} (numpy) and {@code bench/jax_bench.py}
 * (JAX), see there for what is matched: Part 4's network, 64-128-10 with dropout 0.2 and Adam(0.003), on the 1,078
 * standardised training digits, and 784-128-10 with Adam(0.001) on 6,400 random samples of MNIST's shape; ReLU,
 * softmax cross-entropy, He, shuffled minibatches of 32 or 256, float64, on as many threads as the machine has (so do
 * numpy and JAX).
 */
public class EndToEndBench extends EpochBench {
    static final int DIGITS_TRAIN = 1078;
    static final int MNIST_SAMPLES = 6400;

    @Param({"32", "256"})
    public int batch;

    private Trainer digits, mnist;
    private Matrix digitsX, digitsY, mnistX, mnistY;

    @Setup
    public void setup() {
        Kernels.setThreads(Runtime.getRuntime().availableProcessors());
        Split s = Datasets.digitsSplit().standardized();
        digitsX = s.train().x();
        digitsY = Labels.oneHot(s.train().y(), 10);
        if (digitsX.rows() != DIGITS_TRAIN) throw new IllegalStateException("expected 1078 training digits, got " + digitsX.rows());
        mnistX = Matrix.gaussian(MNIST_SAMPLES, 784, 1);
        Random rng = new Random(2);
        mnistY = Matrix.zeros(MNIST_SAMPLES, 10);
        for (int i = 0; i < MNIST_SAMPLES; i++) mnistY.set(i, rng.nextInt(10), 1);
        digits = trainer(Network.builder(64, 0).init(Initializers.HE).dense(128, Activations.RELU).dropout(0.2)
                .dense(10, Activations.IDENTITY).build(), 0.003);
        mnist = trainer(Network.builder(784, 0).init(Initializers.HE).dense(128, Activations.RELU)
                .dense(10, Activations.IDENTITY).build(), 0.001);
    }

    private Trainer trainer(Network net, double learningRate) {
        return Trainer.of(net, Losses.SOFTMAX_CROSS_ENTROPY, new Adam(net.parameters(), learningRate)).batchSize(batch);
    }

    /** One epoch of Part 4's digits network. */
    @Benchmark
    @OperationsPerInvocation(DIGITS_TRAIN)
    public History digits() { return digits.fit(digitsX, digitsY); }

    /** One epoch of 784-128-10 on data of MNIST's shape. */
    @Benchmark
    @OperationsPerInvocation(MNIST_SAMPLES)
    public History mnist() { return mnist.fit(mnistX, mnistY); }
}
