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

    private static volatile int threads = defaultThreads();

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
    }

    /** C ← op(A)·op(B), op(X) = Xᵀ when the flag is set. The caller has checked the shapes; C is m×n. */
    static void multiply(Matrix a, boolean transposeA, Matrix b, boolean transposeB, Matrix c) {
        int k = transposeA ? a.rows() : a.cols();
        Gemm.multiply(Gemm.current(), a.data, transposeA, b.data, transposeB, c.data, c.rows(), c.cols(), k, threads);
    }

    /** The number of threads large products may use (default: the number of processors, or {@code -Dnncourse.threads}). */
    public static int threads() { return threads; }

    /** Sets the number of threads for large products. Results do not depend on it, only the speed does. */
    public static void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("setThreads: expected at least 1 thread, got " + n);
        threads = n;
    }

    /** "vector" when the SIMD micro-kernel is available (it takes over once warmed up), "scalar" without it. */
    public static String kernelName() { return Gemm.KERNEL instanceof ScalarKernel ? "scalar" : "vector"; }

    private static int defaultThreads() {
        String s = System.getProperty("nncourse.threads");
        return s == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, Integer.parseInt(s.trim()));
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
