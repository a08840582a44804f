package dev.nncourse.bench;

import dev.nncourse.linalg.Kernels;
import dev.nncourse.linalg.Matrix;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Workload (a): C = A·B for n×n doubles, the course library against EJML, on 1 or 2 threads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)   // until the JIT has compiled the SIMD code
@Measurement(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class MatMulBench {
    @Param({"64", "128", "256", "512", "1024"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private Matrix a, b, c;
    private DMatrixRMaj ea, eb, ec;

    @Setup
    public void setup() {
        Random rng = new Random(42);
        a = Matrix.gaussian(n, n, rng);
        b = Matrix.gaussian(n, n, rng);
        c = Matrix.zeros(n, n);
        ea = new DMatrixRMaj(a.toArray());
        eb = new DMatrixRMaj(b.toArray());
        ec = new DMatrixRMaj(n, n);
        Kernels.setThreads(threads);
        EjmlConcurrency.setMaxThreads(threads);
    }

    /**
     * {@code Kernels.multInto}, the product behind {@code mult}, into a C allocated once, like numpy's
     * {@code np.matmul(a, b, out=c)} and EJML's {@code mult(a, b, c)} here: the products are compared, not the JVM's
     * zeroing of a fresh 8n²-byte array (which costs {@code a.mult(b)} about 20% at n ≥ 256 on two threads).
     */
    @Benchmark
    public Matrix nncourse() { return Kernels.multInto(a, b, c); }

    /** EJML's dense row-major product, its concurrent version for more than one thread. */
    @Benchmark
    public DMatrixRMaj ejml() {
        if (threads == 1) CommonOps_DDRM.mult(ea, eb, ec);
        else CommonOps_MT_DDRM.mult(ea, eb, ec);
        return ec;
    }
}
