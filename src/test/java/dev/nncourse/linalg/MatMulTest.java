package dev.nncourse.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast product behind {@link Matrix#mult} against the readable {@link MatMul#reference}: both sum each entry in
 * the same order with fused multiply-adds, so they must agree bit for bit, on every shape and thread count.
 */
class MatMulTest {
    private static final MicroKernel SCALAR = new ScalarKernel();

    /** m, k, n: tiny, odd, prime, and on both sides of every tile size, block size and threshold of {@code Gemm}. */
    static List<int[]> shapes() {
        List<int[]> s = new ArrayList<>(List.of(
                new int[] {1, 1, 1}, new int[] {1, 17, 1}, new int[] {1, 10, 60}, new int[] {1, 60, 140},
                new int[] {17, 1, 1}, new int[] {1, 1, 17}, new int[] {7, 13, 5}, new int[] {13, 7, 29},
                new int[] {3, 200, 2}, new int[] {31, 37, 41}, new int[] {50, 10, 60}, new int[] {50, 140, 50},
                new int[] {64, 784, 256}, new int[] {97, 101, 103}, new int[] {127, 131, 7}, new int[] {2, 300, 1000}));
        int mr = Gemm.KERNEL.mr(), nr = Gemm.KERNEL.nr();
        for (int d : new int[] {-1, 0, 1}) {
            s.add(new int[] {mr + d, 16, nr + d});
            s.add(new int[] {2 * mr + d, Gemm.KC + d, 3 * nr + d});
            s.add(new int[] {Gemm.MC + d, 2 * Gemm.KC + d, nr + 5});
            s.add(new int[] {16 + d, 16, 16});
        }
        s.add(new int[] {96, 96, 96});
        s.add(new int[] {95, 96, 97});
        s.add(new int[] {260, 300, 130});
        s.add(new int[] {9, 500, 400});
        return s;
    }

    @ParameterizedTest(name = "{0}×{1}·{1}×{2}")
    @MethodSource("shapesAsArgs")
    void fastProductsEqualTheReferenceBitForBit(int m, int k, int n) {
        Random rng = new Random(31L * m + 7L * k + n);
        Matrix a = Matrix.gaussian(m, k, rng), b = Matrix.gaussian(k, n, rng);
        Matrix expected = reference(a, b);
        assertEquals(expected, a.mult(b), "mult");
        assertEquals(expected, a.transpose().transposeMult(b), "transposeMult");
        assertEquals(expected, a.multTranspose(b.transpose()), "multTranspose");
        assertEquals(expected, product(SCALAR, a, false, b, false, 1), "scalar kernel");
        assertEquals(expected, product(SCALAR, a.transpose(), true, b.transpose(), true, 2), "scalar kernel, Aᵀ and Bᵀ");
    }

    static List<org.junit.jupiter.params.provider.Arguments> shapesAsArgs() {
        return shapes().stream().map(s -> org.junit.jupiter.params.provider.Arguments.of(s[0], s[1], s[2])).toList();
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        Random rng = new Random(5);
        for (int[] s : new int[][] {{300, 257, 301}, {64, 784, 256}, {784, 64, 256}, {33, 500, 700}}) {
            Matrix a = Matrix.gaussian(s[0], s[1], rng), b = Matrix.gaussian(s[1], s[2], rng);
            Matrix one = product(Gemm.KERNEL, a, false, b, false, 1);
            for (int t : new int[] {2, 3, 4, 7}) {
                assertEquals(one, product(Gemm.KERNEL, a, false, b, false, t), t + " threads, " + a.shape());
                assertEquals(one.transpose(), product(Gemm.KERNEL, b, true, a, true, t), t + " threads, (AB)ᵀ = BᵀAᵀ");
            }
            assertEquals(reference(a, b), one);
        }
    }

    /**
     * Row stripes share one packed B: shapes with several depth blocks (so several barriers), edge panels and edge
     * tiles, stripes of unequal length, products on both sides of where a second and a third thread start, and the
     * column-stripe split of a wide C.
     */
    @Test
    void splitProductsEqualTheReference() {
        Random rng = new Random(11);
        int kc = Gemm.KC, mr = Gemm.KERNEL.mr(), nr = Gemm.KERNEL.nr();
        int cube = (int) Math.cbrt(Gemm.PARALLEL_WORK);
        int[][] shapes = {{301, 2 * kc + 3, 67}, {Gemm.MC + 9, kc + 1, 2 * nr + 1}, {3 * mr + 1, 3 * kc, nr},
                {cube + 1, cube, cube}, {2 * cube + 1, cube, cube}, {2 * cube - 1, cube, cube}, {3 * cube, cube, cube + 1},
                {mr + 1, 700, 900}, {2 * mr, 300, 3 * nr - 1}};
        for (int[] s : shapes) {
            Matrix a = Matrix.gaussian(s[0], s[1], rng), b = Matrix.gaussian(s[1], s[2], rng);
            Matrix expected = reference(a, b);
            for (int t : new int[] {1, 2, 3, 4}) {
                String what = t + " threads, " + a.shape() + "·" + b.shape();
                assertEquals(expected, product(Gemm.KERNEL, a, false, b, false, t), what);
                assertEquals(expected, product(Gemm.KERNEL, a.transpose(), true, b.transpose(), true, t), what + ", Aᵀ and Bᵀ");
            }
        }
    }

    @Test
    void aFailureInAWorkerThreadSurfacesAndTheNextProductWorks() {
        RuntimeException boom = new IllegalStateException("kernel failed");
        MicroKernel failsInWorkers = failsInWorkers(boom);
        Matrix a = Matrix.gaussian(300, 600, 1), b = Matrix.gaussian(600, 200, 2);   // row stripes, three depth blocks
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> product(failsInWorkers, a, false, b, false, 2));
        assertSame(boom, e.getCause());
        assertEquals(reference(a, b), product(Gemm.KERNEL, a, false, b, false, 2));
    }

    /** The scalar kernel, except that its tiles throw {@code e} on the team's worker threads. */
    private static MicroKernel failsInWorkers(RuntimeException e) {
        return (MicroKernel) java.lang.reflect.Proxy.newProxyInstance(MicroKernel.class.getClassLoader(),
                new Class<?>[] {MicroKernel.class}, (proxy, method, args) -> {
                    if (method.getName().equals("tile") && Thread.currentThread().getName().equals("nncourse-matmul")) throw e;
                    return method.invoke(SCALAR, args);
                });
    }

    @Test
    void threadSettingChangesNothingButSpeed() {
        int before = MatMul.threads();
        try {
            Matrix a = Matrix.gaussian(200, 300, 1), b = Matrix.gaussian(300, 250, 2);
            MatMul.setThreads(1);
            Matrix one = a.mult(b);
            MatMul.setThreads(2);
            assertEquals(one, a.mult(b));
            assertThrows(IllegalArgumentException.class, () -> MatMul.setThreads(0));
        } finally {
            MatMul.setThreads(before);
        }
    }

    @Test
    void theTestsRunTheSimdKernel() {
        // surefire passes --add-modules jdk.incubator.vector, so the fast path under test is the SIMD one.
        assertEquals("vector", MatMul.kernelName());
    }

    @Test
    void theSimdKernelTakesOverOnceWarmedUp() throws InterruptedException {
        Matrix.zeros(1, 1).isFinite();   // first use starts the warm-up
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (Gemm.current() != Gemm.KERNEL && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(Gemm.current() == Gemm.KERNEL, "the SIMD kernel never took over from the scalar one");
    }

    @Test
    void referenceIsTheTextbookSum() {
        Matrix a = Matrix.of(new double[][] {{1, 2}, {3, 4}}), b = Matrix.of(new double[][] {{5, 6}, {7, 8}});
        assertEquals(Matrix.of(new double[][] {{19, 22}, {43, 50}}), reference(a, b));
    }

    @Test
    void fusedMultiplyAddIsWhatMakesThemAgree() {
        // −1 + 0.1·10: a separate multiply rounds 0.1·10 to exactly 1 and gives 0; fma keeps 0.1's error, 2⁻⁵⁴.
        Matrix a = Matrix.row(-1, 0.1), b = Matrix.column(1, 10);
        double fused = a.mult(b).get(0, 0);
        assertEquals(0.0, -1 + 0.1 * 10);
        assertEquals(Math.scalb(1.0, -54), fused);
    }

    @Test
    void nanAndInfinityPropagateLikeTheReference() {
        Matrix a = Matrix.gaussian(40, 30, 3), b = Matrix.gaussian(30, 50, 4);
        a.set(3, 7, Double.NaN);
        b.set(11, 20, Double.POSITIVE_INFINITY);
        Matrix c = a.mult(b);
        assertEquals(reference(a, b), c);
        assertTrue(Double.isNaN(c.get(3, 0)) && Double.isInfinite(c.get(0, 20)) || Double.isNaN(c.get(0, 20)));
    }

    @Test
    void shapeErrorsNameBothShapes() {
        Matrix a = Matrix.zeros(2, 3), b = Matrix.zeros(4, 5);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.mult(b)).getMessage().contains("2×3 by 4×5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.transposeMult(b)).getMessage().contains("2×3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.multTranspose(b)).getMessage().contains("4×5"));
    }

    /**
     * The other loop order, i-j-k through get(): C_ij = Σ_k A_ik B_kj with one fused multiply-add per term, k increasing.
     * Same terms, same order, same rounding as {@link MatMul#reference}, so the two agree bit for bit.
     */
    static Matrix naive(Matrix a, Matrix b) {
        Matrix c = Matrix.zeros(a.rows(), b.cols());
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.cols(); j++) {
                double s = 0;
                for (int k = 0; k < a.cols(); k++) s = Math.fma(a.get(i, k), b.get(k, j), s);
                c.set(i, j, s);
            }
        }
        return c;
    }

    @Test
    void referenceOverwritesWhateverWasInC() {
        Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Matrix b = Matrix.of(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        Matrix c = Matrix.filled(2, 2, 1e6);
        MatMul.reference(a, b, c);
        assertEquals(Matrix.of(new double[][] {{4, 5}, {10, 11}}), c);
    }

    @Test
    void referenceEqualsTheNaiveLoopAndTheUnfusedSumToRounding() {
        Matrix a = Matrix.gaussian(5, 7, 1), b = Matrix.gaussian(7, 3, 2), c = Matrix.zeros(5, 3);
        MatMul.reference(a, b, c);
        assertEquals(naive(a, b), c);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 7; k++) s += a.get(i, k) * b.get(k, j);
                assertEquals(s, c.get(i, j), 1e-14);
            }
        }
    }

    private static Matrix reference(Matrix a, Matrix b) {
        Matrix c = Matrix.zeros(a.rows(), b.cols());
        MatMul.reference(a, b, c);
        return c;
    }

    /** op(A)·op(B) through {@code Gemm} with the given kernel and thread count. */
    private static Matrix product(MicroKernel kr, Matrix a, boolean ta, Matrix b, boolean tb, int threads) {
        int m = ta ? a.cols() : a.rows(), k = ta ? a.rows() : a.cols(), n = tb ? b.rows() : b.cols();
        Matrix c = Matrix.filled(m, n, Double.NaN);   // garbage in C must not leak into the result
        Gemm.multiply(kr, a.data, ta, b.data, tb, c.data, m, n, k, threads);
        return c;
    }
}
