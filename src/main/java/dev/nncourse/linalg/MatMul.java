package dev.nncourse.linalg;

/**
 * Matrix-product kernels: C = A·B, with (AB)_ij = Σ_k A_ik B_kj.
 *
 * <p>{@link #reference} is the plain textbook loop and the oracle for the fast path behind {@link Matrix#mult}
 * (blocking, packing, SIMD micro-kernel, threads: see {@code Gemm}). Both sum every C_ij over k in increasing order
 * with fused multiply-adds, c ← fma(a, b, c) = a·b + c rounded once, so the fast path gives the same bits as the
 * reference, on any number of threads.
 *
 * <p>The SIMD micro-kernel needs the incubator module {@code jdk.incubator.vector} (JVM option
 * {@code --add-modules jdk.incubator.vector}); without it a scalar micro-kernel with the same results is used.
 */
public final class MatMul {
    private MatMul() {}

    /** The system property that sets the number of threads, e.g. {@code -Dnncourse.threads=2}. */
    public static final String THREADS_PROPERTY = "nncourse.threads";

    private static volatile int threads;   // 0 until chosen: read from the property at the first product, or set

    /**
     * The readable i-k-j loop: for each row i of A and each k, add A_ik times row k of B to row i of C.
     * Every C_ij is accumulated in k order 0, 1, …, n−1 as C_ij ← fma(A_ik, B_kj, C_ij), starting from 0.
     */
    public static void reference(Matrix a, Matrix b, Matrix c) {
        int m = a.rows(), n = a.cols(), p = b.cols();
        double[] x = a.data, y = b.data, z = c.data;
        java.util.Arrays.fill(z, 0);
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < n; k++) {
                double aik = x[i * n + k];
                for (int j = 0; j < p; j++) z[i * p + j] = Math.fma(aik, y[k * p + j], z[i * p + j]);
            }
        }
        c.changed();
    }

    /** C ← op(A)·op(B), op(X) = Xᵀ when the flag is set. The caller has checked the shapes; C is m×n. */
    static void multiply(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix c) {
        int k = transposeA ? a.rows() : a.cols();
        Gemm.multiply(Gemm.current(), a.data, transposeA, b.data, transposeB, c.data, c.rows(), c.cols(), k, threads());
    }

    /**
     * The number of threads large products may use: set by {@link #setThreads}, else {@code -Dnncourse.threads}, else
     * the number of processors. A malformed property is reported here, and so by every product, until it is
     * corrected or {@link #setThreads} is called; it never stops this class from loading.
     */
    public static int threads() {
        int n = threads;
        if (n == 0) threads = n = threadsFrom(System.getProperty(THREADS_PROPERTY));
        return n;
    }

    /** Sets the number of threads for large products. Results do not depend on it, only the speed does. */
    public static void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("setThreads: expected at least 1 thread, got " + n);
        threads = n;
    }

    /** "vector" when the SIMD micro-kernel is available (it takes over once warmed up), "scalar" without it. */
    public static String kernelName() { return Gemm.KERNEL instanceof ScalarKernel ? "scalar" : "vector"; }

    /** The number of threads that the value of {@code -Dnncourse.threads} asks for: one per processor if unset (null). */
    static int threadsFrom(String value) {
        if (value == null) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("-D" + THREADS_PROPERTY + "=\"" + value + "\" is not a number of threads: expected a "
                + "whole number of threads ≥ 1, such as -D" + THREADS_PROPERTY + "=2, or no such option for one thread per "
                + "processor; or call MatMul.setThreads(n)");
    }

    /** The SIMD kernel when {@code jdk.incubator.vector} is loaded and usable, else the scalar one. */
    static MicroKernel kernel() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && !Boolean.getBoolean("nncourse.scalar")) {
            try {
                return (MicroKernel) Class.forName("dev.nncourse.linalg.VectorKernel").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return new ScalarKernel();
            }
        }
        return new ScalarKernel();
    }
}
