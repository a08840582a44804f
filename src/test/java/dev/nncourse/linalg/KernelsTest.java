package dev.nncourse.linalg;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Kernels}, the library's in-place kernels, and what stands behind them ({@code Gemm}, the SIMD and scalar
 * micro-kernels, {@code Exp}): every product, every path and every thread count gives the bits of the readable
 * {@link Kernels#reference}, and the rank-one update and the sigmoid the bits of their plain formulas.
 */
class KernelsTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final MicroKernel SCALAR = new ScalarKernel();
    private static final List<MicroKernel> KERNELS = List.of(Gemm.KERNEL, SCALAR);

    /** A·B by {@link Kernels#reference}. */
    static Matrix reference(Matrix a, Matrix b) {
        Matrix c = Matrix.zeros(a.rows(), b.cols());
        Kernels.reference(a, b, c);
        return c;
    }

    /**
     * The other loop order, i-j-k through get(): C_ij = Σ_k A_ik B_kj with one fused multiply-add per term, k increasing.
     * Same terms, same order, same rounding as {@link Kernels#reference}, so the two agree bit for bit.
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

    /** op(A)·op(B) through {@code Gemm} with the given kernel and thread count. */
    private static Matrix product(MicroKernel kr, Matrix a, boolean ta, Matrix b, boolean tb, int threads) {
        int m = ta ? a.cols() : a.rows(), k = ta ? a.rows() : a.cols(), n = tb ? b.rows() : b.cols();
        Matrix c = Matrix.filled(m, n, Double.NaN);   // garbage in C must not leak into the result
        Gemm.multiply(kr, a.data, ta, b.data, tb, c.data, m, n, k, threads);
        return c;
    }

    @Property
    void referenceEqualsTheNaiveTripleLoopExactly(@ForAll @IntRange(min = 1, max = 9) int m,
            @ForAll @IntRange(min = 1, max = 9) int n, @ForAll @IntRange(min = 1, max = 9) int p, @ForAll long seed) {
        Matrix a = Matrix.gaussian(m, n, seed), b = Matrix.gaussian(n, p, seed + 1);
        Matrix c = reference(a, b);
        assertEquals(naive(a, b), c, "same summation order, so bit for bit equal");
        assertEquals(c, a.mult(b));
    }

    // ------------------------------------------------------------ products

    /** The fast products against the reference: same sums in the same order, so the same bits on every shape. */
    @Nested
    class Products {
        /** m, k, n: tiny, odd, prime, and on both sides of every tile size, block size and threshold of {@code Gemm}. */
        static List<Arguments> shapes() {
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
            int narrow = (int) (Gemm.NARROW_PANEL / 128);   // C narrower than a panel: rows of op(A) on both sides
            s.add(new int[] {narrow, 128, nr - 1});
            s.add(new int[] {narrow - 1, 128, nr - 1});
            s.add(new int[] {256, 128, 1});
            s.add(new int[] {128, 256, Math.min(10, nr - 1)});
            s.add(new int[] {96, 96, 96});
            s.add(new int[] {95, 96, 97});
            s.add(new int[] {260, 300, 130});
            s.add(new int[] {9, 500, 400});
            return s.stream().map(x -> Arguments.of(x[0], x[1], x[2])).toList();
        }

        @ParameterizedTest(name = "{0}×{1}·{1}×{2}")
        @MethodSource("shapes")
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

        @Test void productsIntoAnExistingMatrix() {
            Matrix a = Matrix.gaussian(5, 3, 1), b = Matrix.gaussian(3, 4, 2), c = Matrix.filled(5, 4, 7);
            int version = Kernels.version(c);
            assertSame(c, Kernels.multInto(a, b, c));
            assertEquals(a.mult(b), c);
            assertEquals(version + 1, Kernels.version(c), "a product written into C counts as a change of C");
            assertEquals(a.transpose().mult(a), Kernels.transposeMultInto(a, a, Matrix.filled(3, 3, 7)));
            assertEquals(b.mult(b.transpose()), Kernels.multTransposeInto(b, b, Matrix.filled(3, 3, 7)));
        }

        @Test void referenceIsTheTextbookSumAndOverwritesC() {
            Matrix a = Matrix.of(new double[][] {{1, 2}, {3, 4}}), b = Matrix.of(new double[][] {{5, 6}, {7, 8}});
            assertEquals(Matrix.of(new double[][] {{19, 22}, {43, 50}}), reference(a, b));
            Matrix c = Matrix.filled(2, 2, 1e6);
            Kernels.reference(Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}}),
                    Matrix.of(new double[][] {{1, 0}, {0, 1}, {1, 1}}), c);
            assertEquals(Matrix.of(new double[][] {{4, 5}, {10, 11}}), c);
        }

        @Test void referenceEqualsTheUnfusedSumToRounding() {
            Matrix a = Matrix.gaussian(5, 7, 1), b = Matrix.gaussian(7, 3, 2), c = reference(a, b);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 3; j++) {
                    double s = 0;
                    for (int k = 0; k < 7; k++) s += a.get(i, k) * b.get(k, j);
                    assertEquals(s, c.get(i, j), 1e-14);
                }
            }
        }

        @Test void fusedMultiplyAddIsWhatMakesThemAgree() {
            // −1 + 0.1·10: a separate multiply rounds 0.1·10 to exactly 1 and gives 0; fma keeps 0.1's error, 2⁻⁵⁴.
            Matrix a = Matrix.row(-1, 0.1), b = Matrix.column(1, 10);
            assertEquals(0.0, -1 + 0.1 * 10);
            assertEquals(Math.scalb(1.0, -54), a.mult(b).get(0, 0));
        }

        @Test void nanAndInfinityPropagateLikeTheReference() {
            Matrix a = Matrix.gaussian(40, 30, 3), b = Matrix.gaussian(30, 50, 4);
            a.set(3, 7, Double.NaN);
            b.set(11, 20, Double.POSITIVE_INFINITY);
            Matrix c = a.mult(b);
            assertEquals(reference(a, b), c);
            assertTrue(Double.isNaN(c.get(3, 0)) && Double.isInfinite(c.get(0, 20)) || Double.isNaN(c.get(0, 20)));
        }

        @Test void theTestsRunTheSimdKernel() {
            // surefire passes --add-modules jdk.incubator.vector, so the fast path under test is the SIMD one.
            assertEquals("vector", Kernels.kernelName());
        }

        @Test void theSimdKernelTakesOverOnceWarmedUp() throws InterruptedException {
            Matrix.zeros(1, 1).isFinite();   // first use starts the warm-up
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (Gemm.current() != Gemm.KERNEL && System.nanoTime() < deadline) Thread.sleep(50);
            assertSame(Gemm.KERNEL, Gemm.current(), "the SIMD kernel never took over from the scalar one");
        }

        @TestFactory Stream<DynamicTest> badArgumentsAreNamed() {
            Matrix a = Matrix.zeros(2, 3), b = Matrix.zeros(3, 2), square = Matrix.gaussian(3, 3, 4);
            return Stream.of(
                    refuses("multInto of null", () -> Kernels.multInto(a, null, Matrix.zeros(2, 2)),
                            "multInto: expected a matrix B, got null"),
                    refuses("multInto into null", () -> Kernels.multInto(a, b, null),
                            "multInto: expected a result matrix C, got null"),
                    refuses("transposeMultInto into null", () -> Kernels.transposeMultInto(a, a, null),
                            "transposeMultInto: expected a result matrix C, got null"),
                    refuses("multTransposeInto into null", () -> Kernels.multTransposeInto(a, a, null),
                            "multTransposeInto: expected a result matrix C, got null"),
                    refuses("multInto of null A", () -> Kernels.multInto(null, b, Matrix.zeros(2, 2)), "expected a matrix A"),
                    refuses("multInto, inner dimensions", () -> Kernels.multInto(a, a, Matrix.zeros(2, 3)),
                            "cannot multiply 2×3 by 2×3"),
                    refuses("multInto, C's shape", () -> Kernels.multInto(a, b, Matrix.zeros(3, 3)),
                            "multInto: the result is 2×2, but C is 3×3"),
                    refuses("transposeMultInto, rows", () -> Kernels.transposeMultInto(a, b, Matrix.zeros(3, 2)),
                            "row counts 2 and 3 differ"),
                    refuses("multTransposeInto, columns", () -> Kernels.multTransposeInto(a, b, Matrix.zeros(2, 3)),
                            "column counts 3 and 2 differ"),
                    refuses("multInto, C is A", () -> Kernels.multInto(square, square.copy(), square),
                            "C must be a different matrix"),
                    refuses("multInto, C is B", () -> Kernels.multInto(square.copy(), square, square),
                            "C must be a different matrix"),
                    refuses("logistic of null", () -> Kernels.logistic(null), "logistic: expected a matrix, got null"),
                    refuses("setThreads(0)", () -> Kernels.setThreads(0), "setThreads: the number of threads must be a positive "
                            + "count, got 0"));
        }
    }

    private static DynamicTest refuses(String name, Executable call, String... parts) {
        return DynamicTest.dynamicTest(name, () -> assertMessage(IAE, call, parts));
    }

    // ------------------------------------------------------------ threads

    /** Row stripes, column stripes, barriers: the split between threads never changes a bit. */
    @Nested
    class Threads {
        @Test void resultsDoNotDependOnTheNumberOfThreads() {
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
        @Test void splitProductsEqualTheReference() {
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

        @Test void aFailureInAWorkerThreadSurfacesAndTheNextProductWorks() {
            RuntimeException boom = new IllegalStateException("kernel failed");
            MicroKernel failsInWorkers = (MicroKernel) java.lang.reflect.Proxy.newProxyInstance(MicroKernel.class.getClassLoader(),
                    new Class<?>[] {MicroKernel.class}, (proxy, method, args) -> {
                        if (method.getName().equals("tile") && Thread.currentThread().getName().equals("nncourse-matmul")) throw boom;
                        return method.invoke(SCALAR, args);
                    });
            Matrix a = Matrix.gaussian(300, 600, 1), b = Matrix.gaussian(600, 200, 2);   // row stripes, three depth blocks
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> product(failsInWorkers, a, false,
                    b, false, 2));
            assertSame(boom, e.getCause());
            assertEquals(reference(a, b), product(Gemm.KERNEL, a, false, b, false, 2));
        }

        @Test void theThreadSettingChangesNothingButSpeed() {
            int before = Kernels.threads();
            try {
                Matrix a = Matrix.gaussian(200, 300, 1), b = Matrix.gaussian(300, 250, 2);
                Kernels.setThreads(1);
                Matrix one = a.mult(b);
                Kernels.setThreads(2);
                assertEquals(2, Kernels.threads());
                assertEquals(one, a.mult(b));
            } finally {
                Kernels.setThreads(before);
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "0", "-3", "", " ", "2.5", "99999999999", "+-1"})
        void aMalformedPropertyIsNamedWithWhatIsExpected(String value) {
            assertMessage(IllegalStateException.class, () -> Kernels.threadsFrom(value),
                    "-Dnncourse.threads=\"" + value + "\"", "expected a whole number of threads ≥ 1", "Kernels.setThreads");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "2", " 3 ", "16"})
        void aWholeNumberIsTheCount(String value) {
            assertEquals(Integer.parseInt(value.trim()), Kernels.threadsFrom(value));
        }

        @Test void unsetMeansOnePerProcessor() {
            assertEquals(Runtime.getRuntime().availableProcessors(), Kernels.threadsFrom(null));
        }

        /** A fresh JVM started with the property: the class must load, products report the value, setThreads repairs it. */
        @ParameterizedTest
        @ValueSource(strings = {"abc", "0", "-3", ""})
        void inAFreshJvmTheErrorIsClearAndTheClassStaysUsable(String value) throws IOException, InterruptedException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(List.of(java.toString(), "-D" + Kernels.THREADS_PROPERTY + "=" + value, "-cp",
                    System.getProperty("java.class.path"), ThreadsProbe.class.getName())).redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("threads(): IllegalStateException: -Dnncourse.threads=\"" + value + "\""), out);
            assertTrue(out.contains("mult: IllegalStateException: -Dnncourse.threads=\"" + value + "\""), out);
            assertTrue(out.contains("after setThreads(2): threads() = 2, product ok"), out);
            assertTrue(!out.contains("ExceptionInInitializerError") && !out.contains("NoClassDefFoundError"), out);
        }
    }

    /** Run by {@link Threads#inAFreshJvmTheErrorIsClearAndTheClassStaysUsable} in a JVM of its own. */
    public static final class ThreadsProbe {
        private ThreadsProbe() {}

        public static void main(String[] args) {
            Matrix a = Matrix.gaussian(200, 200, 1), b = Matrix.gaussian(200, 200, 2);
            report("threads()", Kernels::threads);
            report("mult", () -> a.mult(b));
            Kernels.setThreads(2);
            boolean ok = a.mult(b).equals(reference(a, b));
            System.out.println("after setThreads(2): threads() = " + Kernels.threads() + ", product " + (ok ? "ok" : "WRONG"));
        }

        private static void report(String what, java.util.function.Supplier<Object> call) {
            try {
                System.out.println(what + ": returned " + call.get());
            } catch (Throwable e) {
                System.out.println(what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------ the rank-one update

    /** {@link Kernels#addOuter}, W ← W + s·uᵀv: the bits of adding the written-out product, in every kernel. */
    @Nested
    class AddOuter {
        @ParameterizedTest(name = "W {0}×{1}")
        @CsvSource({"1,1", "1,17", "3,5", "4,4", "7,9", "8,8", "9,16", "10,60", "60,140", "140,50", "50,10", "10,1",
                "13,7", "17,33"})
        void equalsAddingTheOuterProductBitForBit(int n, int k) {
            Random rng = new Random(31L * n + k);
            Matrix w = Matrix.gaussian(n, k, rng), u = Matrix.gaussian(1, n, rng), v = Matrix.gaussian(1, k, rng);
            double s = -0.05;
            Matrix expected = w.copy().addScaledInPlace(u.transposeMult(v), s);
            Matrix w1 = w.copy();
            int version = Kernels.version(w1);
            assertSame(w1, Kernels.addOuter(w1, u, v, s));
            assertEquals(expected, w1, "W + s·uᵀv");
            assertEquals(version + 1, Kernels.version(w1), "an in-place change counts");
            for (MicroKernel kernel : KERNELS) {
                Matrix w2 = w.copy();
                kernel.rankOne(s, u.data, 0, n, v.data, w2.data, k);
                assertEquals(expected, w2, kernel.getClass().getSimpleName());
            }
        }

        @Test void shapesMustFitWAndARefusedUpdateChangesNothing() {
            Matrix w = Matrix.zeros(3, 4);
            assertMessage(IAE, () -> Kernels.addOuter(w, Matrix.zeros(1, 4), Matrix.zeros(1, 4), 1),
                    "addOuter: W is 3×4, so u must be 1×3 and v 1×4, got u 1×4 and v 1×4");
            assertMessage(IAE, () -> Kernels.addOuter(w, Matrix.zeros(1, 3), Matrix.zeros(1, 3), 1), "got u 1×3 and v 1×3");
            assertMessage(IAE, () -> Kernels.addOuter(w, Matrix.zeros(2, 3), Matrix.zeros(1, 4), 1), "got u 2×3");
            Matrix square = Matrix.zeros(1, 1);
            assertMessage(IAE, () -> Kernels.addOuter(square, square, Matrix.zeros(1, 1), 1), "different matrices from W");
            assertMessage(IAE, () -> Kernels.addOuter(w, null, Matrix.zeros(1, 4), 1), "addOuter: expected a row u, got null");
            assertMessage(IAE, () -> Kernels.addOuter(null, Matrix.zeros(1, 3), Matrix.zeros(1, 4), 1), "expected a matrix W");
            assertEquals(Matrix.zeros(3, 4), w, "a refused update changes nothing");
        }
    }

    // ------------------------------------------------------------ entry-wise kernels

    /** The entry-wise kernels: {@link Kernels#logistic}, and those behind {@link Matrix#isFinite} and addScaledInPlace. */
    @Nested
    class EntryWise {
        /** σ(a) exactly as source 002's stable_sigmoid writes it, with {@code Math.exp}. */
        private static double sigmoid(double a) {
            if (a >= 0) return 1 / (1 + Math.exp(-a));
            double e = Math.exp(a);
            return e / (1 + e);
        }

        @Test void logisticIsTheStableSigmoidWithinTwoUlps() {
            double[] x = new double[20_011];
            for (int i = 0; i < x.length; i++) x[i] = -750 + 1500.0 * i / (x.length - 1);
            x[0] = -1000;
            x[1] = 1000;
            x[2] = 0;
            for (MicroKernel k : KERNELS) {
                double[] y = new double[x.length];
                k.logistic(x, y);
                for (int i = 0; i < x.length; i++) {
                    double want = sigmoid(x[i]);
                    assertTrue(Math.abs(y[i] - want) <= 2 * Math.ulp(want), "σ(" + x[i] + ") = " + y[i] + ", want " + want);
                }
                assertEquals(0.0, y[0]);
                assertEquals(1.0, y[1]);
                assertEquals(0.5, y[2]);
            }
        }

        @Test void everyKernelGivesTheSameLogisticBits() {
            Random rng = new Random(11);
            double[] x = new double[10_007];
            for (int i = 0; i < x.length; i++) x[i] = 30 * rng.nextGaussian();
            double[] simd = new double[x.length], scalar = new double[x.length];
            Gemm.KERNEL.logistic(x, simd);
            SCALAR.logistic(x, scalar);
            assertArrayEquals(scalar, simd);
            assertArrayEquals(simd, Kernels.logistic(Matrix.row(x)).toFlatArray(), "the facade");
        }

        @Test void expIsWithinOneUlpOfMathExpDownToTheSubnormals() {
            for (double x = -760; x <= 0; x += 0.0173) {
                double want = Math.exp(x), got = Exp.exp(x);
                assertTrue(Math.abs(got - want) <= Math.ulp(want), "e^" + x + " = " + got + ", want " + want);
            }
            assertEquals(1.0, Exp.exp(0));
            assertEquals(1.0, Exp.exp(-0.0));
            assertEquals(0.0, Exp.exp(-746));
            assertEquals(0.0, Exp.exp(Double.NEGATIVE_INFINITY));
            assertTrue(Double.isNaN(Exp.exp(Double.NaN)));
            assertEquals(Double.MIN_VALUE, Exp.exp(-744.44), 0.0, "the smallest subnormal");
        }

        @Test void logisticOfAnEntryDoesNotDependOnWhereItSits() {
            // A value in the SIMD body and the same value in the tail (or a 1×1 matrix) get the same bits.
            Random rng = new Random(3);
            for (int n = 1; n <= 37; n++) {
                double[] x = new double[n];
                for (int i = 0; i < n; i++) x[i] = 8 * rng.nextGaussian();
                Matrix all = Kernels.logistic(Matrix.row(x));
                for (int i = 0; i < n; i++) {
                    assertEquals(Kernels.logistic(Matrix.row(x[i])).get(0, 0), all.get(0, i), "n=" + n + ", i=" + i);
                }
            }
            assertTrue(Double.isNaN(Kernels.logistic(Matrix.row(Double.NaN)).get(0, 0)));
        }

        @Test void isFiniteFindsNanAndInfinityAnywhere() {
            for (MicroKernel k : KERNELS) {
                for (int n : new int[] {1, 7, 8, 33, 100}) {
                    for (int at = 0; at < n; at++) {
                        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                            double[] x = new double[n];
                            java.util.Arrays.fill(x, Double.MAX_VALUE);
                            assertTrue(k.allFinite(x));
                            x[at] = bad;
                            assertFalse(k.allFinite(x), bad + " at " + at + " of " + n);
                        }
                    }
                }
            }
        }

        @Test void addScaledInPlaceRoundsLikeThePlainLoop() {
            Random rng = new Random(9);
            for (MicroKernel k : KERNELS) {
                for (int n : new int[] {1, 5, 8, 17, 1000}) {
                    double[] y = new double[n], x = new double[n], want = new double[n];
                    for (int i = 0; i < n; i++) {
                        y[i] = rng.nextGaussian();
                        x[i] = rng.nextGaussian();
                        want[i] = y[i] + -0.05 * x[i];
                    }
                    k.axpy(-0.05, x, y);
                    assertArrayEquals(want, y);
                }
            }
        }
    }

    /**
     * The kernels of a training step (bias add and activation, activation′ ⊙ G, dropout's mask and its application,
     * column sums): the SIMD kernel gives the scalar loops' bits, and the facade the same bits on one thread and
     * on two (from {@link Kernels#PARALLEL_ENTRIES} on, the work is split), on shapes on both sides of a vector and of
     * the split, with NaN, ±0 and ±∞ among the entries.
     */
    @Nested
    class StepKernels {
        private static final int[][] SHAPES = {{1, 1}, {3, 5}, {7, 13}, {130, 127}, {300, 131}};

        private static Matrix values(int r, int c, long seed) {
            Matrix m = Matrix.gaussian(r, c, seed);
            double[] special = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (int i = 0; i < Math.min(special.length, m.size()); i++) m.setAt((int) ((i * 7919L + seed) % m.size()), special[i]);
            return m;
        }

        /** The result of {@code step} on copies of the inputs with one thread, then with two; both must be equal. */
        private double[] onOneAndTwoThreads(java.util.function.Supplier<double[]> step) {
            int before = Kernels.threads();
            try {
                Kernels.setThreads(1);
                double[] one = step.get();
                Kernels.setThreads(2);
                double[] two = step.get();
                assertArrayEquals(one, two, "one thread and two");
                return one;
            } finally {
                Kernels.setThreads(before);
            }
        }

        private static double[] concat(Matrix... ms) {
            return Stream.of(ms).flatMapToDouble(m -> java.util.Arrays.stream(m.toFlatArray())).toArray();
        }

        @Test void biasAndActivationAndDeltas() {
            for (int[] rc : SHAPES) {
                int r = rc[0], c = rc[1], n = r * c;
                Matrix a = values(r, c, 1), b = values(1, c, 2), g = values(r, c, 3);
                for (MicroKernel k : KERNELS) {
                    double[] a1 = a.toFlatArray(), y1 = new double[n], a2 = a.toFlatArray(), y2 = new double[n];
                    double[] d1 = new double[n], d2 = new double[n];
                    k.addRowRelu(a1, b.toFlatArray(), y1, c, 0, r);
                    SCALAR.addRowRelu(a2, b.toFlatArray(), y2, c, 0, r);
                    assertArrayEquals(a2, a1);
                    assertArrayEquals(y2, y1);
                    k.reluDelta(g.toFlatArray(), a1, d1, 0, n);
                    SCALAR.reluDelta(g.toFlatArray(), a2, d2, 0, n);
                    assertArrayEquals(d2, d1);
                    k.logisticDelta(g.toFlatArray(), y1, d1, 0, n);
                    SCALAR.logisticDelta(g.toFlatArray(), y2, d2, 0, n);
                    assertArrayEquals(d2, d1);
                    k.addRow(a1, b.toFlatArray(), y1, c, 0, r);
                    SCALAR.addRow(a2, b.toFlatArray(), y2, c, 0, r);
                    assertArrayEquals(y2, y1);
                    k.columnSums(a1, r, c, 0.25, d1, 0, c);
                    SCALAR.columnSums(a2, r, c, 0.25, d2, 0, c);
                    assertArrayEquals(d2, d1);
                }
                double[] scalar = a.toFlatArray(), y = new double[n], d = new double[n], sums = new double[c];
                SCALAR.addRowRelu(scalar, b.toFlatArray(), y, c, 0, r);
                SCALAR.reluDelta(g.toFlatArray(), scalar, d, 0, n);
                SCALAR.columnSums(d, r, c, 0.5, sums, 0, c);
                double[] want = concat(Matrix.wrap(r, c, scalar), Matrix.wrap(r, c, y), Matrix.wrap(r, c, d), Matrix.row(sums));
                assertArrayEquals(want, onOneAndTwoThreads(() -> {
                    Matrix ac = a.copy(), yc = Matrix.zeros(r, c), dc = Matrix.zeros(r, c), s = Matrix.zeros(1, c);
                    Kernels.addRowRelu(ac, b, yc);
                    Kernels.reluDelta(g, ac, dc);
                    Kernels.columnSums(dc, 0.5, s);
                    return concat(ac, yc, dc, s);
                }), r + "×" + c);
            }
        }

        @Test void dropout() {
            for (int[] rc : SHAPES) {
                int r = rc[0], c = rc[1], n = r * c;
                Matrix x = values(r, c, 4);
                long threshold = (long) Math.ceil(0.3 * 0x1p53);
                double[] mask = new double[n], y = new double[n];
                SCALAR.keepMask(77, 1000, threshold, mask, 0, n);
                SCALAR.masked(x.toFlatArray(), mask, 1 / 0.7, y, 0, n);
                for (MicroKernel k : KERNELS) {
                    double[] mk = new double[n], yk = new double[n];
                    k.keepMask(77, 1000, threshold, mk, 0, n);
                    k.masked(x.toFlatArray(), mk, 1 / 0.7, yk, 0, n);
                    assertArrayEquals(mask, mk);
                    assertArrayEquals(y, yk);
                }
                double[] want = concat(Matrix.row(mask), Matrix.row(y));
                assertArrayEquals(want, onOneAndTwoThreads(() -> {
                    Matrix mk = Kernels.keepMask(77, 1000, 0.3, Matrix.zeros(r, c));
                    Matrix yk = Kernels.masked(x, mk, 1 / 0.7, Matrix.zeros(r, c));
                    return concat(mk, yk);
                }), r + "×" + c);
            }
        }
    }
}
