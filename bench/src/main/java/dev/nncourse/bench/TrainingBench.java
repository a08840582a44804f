package dev.nncourse.bench;

import dev.nncourse.linalg.Kernels;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.Sgd;
import dev.nncourse.train.History;
import dev.nncourse.train.Trainer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workloads (b)–(d), each one epoch through the library's {@link Trainer}; the scores are samples per second.
 * (b), (c): source 002's network 10-60-140-50-10-1, sigmoid everywhere, no biases, N(0, 1) weights, ½‖y − t‖²,
 * SGD with ε = 0.05, on its 50 random samples: one sample per step (b) or all 50 as one minibatch (c).
 * (d): a wider network 784-256-10 (sigmoid, no biases, like the numpy port) on 6,400 random samples in minibatches
 * of 64.
 * {@code bench/source002.py} runs the same workloads with numpy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 10, time = 500, timeUnit = TimeUnit.MILLISECONDS)   // until the JIT has compiled the SIMD code
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class TrainingBench {
    static final int SOURCE002_SAMPLES = 50;
    static final int WIDE_SAMPLES = 6400;

    private Trainer perSample, minibatch, wide;
    private Matrix x, t, wideX, wideT;

    @Setup
    public void setup() {
        Kernels.setThreads(Runtime.getRuntime().availableProcessors());
        x = Matrix.gaussian(SOURCE002_SAMPLES, 10, 1);
        t = Matrix.gaussian(SOURCE002_SAMPLES, 1, 2);
        perSample = sgd(source002()).batchSize(1).shuffle(false);
        minibatch = sgd(source002()).batchSize(SOURCE002_SAMPLES).shuffle(false);
        Network w = Network.builder(784, 3).bias(false).dense(256, Activations.SIGMOID).dense(10, Activations.SIGMOID).build();
        wideX = Matrix.gaussian(WIDE_SAMPLES, 784, 4);
        wideT = Matrix.uniform(WIDE_SAMPLES, 10, 1, new java.util.Random(5));
        wide = sgd(w).batchSize(64).shuffle(false);
    }

    /** The network trained on ½‖y − t‖² by SGD with ε = 0.05. */
    static Trainer sgd(Network net) { return Trainer.of(net, Losses.MSE, new Sgd(net.parameters(), 0.05)); }

    static Network source002() {
        return Network.builder(10, 0).init(Initializers.GAUSSIAN).bias(false)
                .dense(60, Activations.SIGMOID).dense(140, Activations.SIGMOID).dense(50, Activations.SIGMOID)
                .dense(10, Activations.SIGMOID).dense(1, Activations.SIGMOID).build();
    }

    /** (b) per-sample SGD, one epoch of 50 steps. */
    @Benchmark
    @OperationsPerInvocation(SOURCE002_SAMPLES)
    public History source002PerSample() { return perSample.fit(x, t); }

    /** (c) one step on the 50 samples as a minibatch. */
    @Benchmark
    @OperationsPerInvocation(SOURCE002_SAMPLES)
    public History source002Minibatch() { return minibatch.fit(x, t); }

    /** (d) one epoch of 784-256-10 in minibatches of 64. */
    @Benchmark
    @OperationsPerInvocation(WIDE_SAMPLES)
    public History wideEpoch() { return wide.fit(wideX, wideT); }
}
