package dev.nncourse.linalg;

/**
 * The library's in-place kernels, the second tier beside {@link Matrix} (as EJML's {@code CommonOps_DDRM} is beside
 * {@code SimpleMatrix}): products written into an existing matrix, the rank-one update, the SIMD sigmoid, the number
 * of threads, and the change count that a layer uses to see whether W changed since its forward pass. A notebook
 * needs none of them; {@link Matrix} has the same operations returning new matrices.
 *
 * <p>Behind this class: blocking and packing ({@code Gemm}), a SIMD micro-kernel through the Vector API
 * ({@code VectorKernel}; {@code ScalarKernel} when {@code jdk.incubator.vector} is missing), and a team of worker
 * threads ({@code Team}). Every entry of a product is one chain of fused multiply-adds in k order, exactly as in
 * {@link #reference}, so every path and every thread count gives the same bits.
 */
public final class Kernels {
    private Kernels() {}

    /** The system property that sets the number of threads, e.g. {@code -Dnncourse.threads=2}. */
    public static final String THREADS_PROPERTY = "nncourse.threads";

    private static volatile int threads;   // 0 until chosen: read from the property at the first product, or set

    // ---------------------------------------------------------------- products

    /** C ← A·B, written into the existing matrix C; returns C. C must not be A or B. */
    public static Matrix multInto(Matrix a, Matrix b, Matrix c) {
        Require.given("multInto", "a matrix A", a);
        if (a.cols() != Require.given("multInto", "a matrix B", b).rows()) {
            throw new IllegalArgumentException("mult: cannot multiply " + a.shape() + " by " + b.shape()
                    + ": the inner dimensions " + a.cols() + " and " + b.rows() + " differ");
        }
        return product("multInto", a, false, b, false, c, a.rows(), b.cols());
    }

    /** C ← Aᵀ·B, written into C without forming Aᵀ; returns C. C must not be A or B. */
    public static Matrix transposeMultInto(Matrix a, Matrix b, Matrix c) {
        Require.given("transposeMultInto", "a matrix A", a);
        if (a.rows() != Require.given("transposeMultInto", "a matrix B", b).rows()) {
            throw new IllegalArgumentException("transposeMult: cannot multiply the transpose of " + a.shape() + " by "
                    + b.shape() + ": the row counts " + a.rows() + " and " + b.rows() + " differ");
        }
        return product("transposeMultInto", a, true, b, false, c, a.cols(), b.cols());
    }

    /** C ← A·Bᵀ, written into C without forming Bᵀ; returns C. C must not be A or B. */
    public static Matrix multTransposeInto(Matrix a, Matrix b, Matrix c) {
        Require.given("multTransposeInto", "a matrix A", a);
        if (a.cols() != Require.given("multTransposeInto", "a matrix B", b).cols()) {
            throw new IllegalArgumentException("multTranspose: cannot multiply " + a.shape() + " by the transpose of "
                    + b.shape() + ": the column counts " + a.cols() + " and " + b.cols() + " differ");
        }
        return product("multTransposeInto", a, false, b, true, c, a.rows(), b.rows());
    }

    private static Matrix product(String op, Matrix a, boolean ta, Matrix b, boolean tb, Matrix c, int m, int n) {
        if (Require.given(op, "a result matrix C", c).rows() != m || c.cols() != n) {
            throw new IllegalArgumentException(op + ": the result is " + m + "×" + n + ", but C is " + c.shape());
        }
        if (c.data == a.data || c.data == b.data) {
            throw new IllegalArgumentException(op + ": C must be a different matrix from both factors");
        }
        int k = ta ? a.rows() : a.cols();
        Gemm.multiply(Gemm.current(), a.data, ta, b.data, tb, c.data, m, n, k, threads());
        c.changed();
        return c;
    }

    /**
     * The readable i-k-j loop, the oracle of the fast path: for each row i of A and each k, add A_ik times row k of B
     * to row i of C. Every C_ij is accumulated in k order as C_ij ← fma(A_ik, B_kj, C_ij), starting from 0.
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

    // ---------------------------------------------------------------- updates and entry-wise kernels

    /**
     * W ← W + s·uᵀv in place, for W (n×k), a row u (1×n) and a row v (1×k): the rank-one update (BLAS's
     * {@code dger}), each entry W_ij + s·(u_i v_j), without writing out the outer product; returns W.
     */
    public static Matrix addOuter(Matrix w, Matrix u, Matrix v, double s) {
        Require.given("addOuter", "a matrix W", w);
        Require.given("addOuter", "a row u", u);
        Require.given("addOuter", "a row v", v);
        if (u.rows() != 1 || u.cols() != w.rows() || v.rows() != 1 || v.cols() != w.cols()) {
            throw new IllegalArgumentException("addOuter: W is " + w.shape() + ", so u must be 1×" + w.rows() + " and v 1×"
                    + w.cols() + ", got u " + u.shape() + " and v " + v.shape());
        }
        if (u.data == w.data || v.data == w.data) {
            throw new IllegalArgumentException("addOuter: u and v must be different matrices from W");
        }
        Gemm.current().rankOne(s, u.data, 0, w.rows(), v.data, w.data, w.cols());
        w.changed();
        return w;
    }

    /**
     * The logistic sigmoid of every entry, σ(a) = 1 / (1 + e^(−a)), without overflow and with SIMD where the Vector API
     * is present. e^x comes from the course's own fixed-operation {@code Exp}, so the bits never depend on the JIT
     * tier, and are within a couple of ulps of {@code Math.exp}'s.
     */
    public static Matrix logistic(Matrix a) {
        Matrix m = Matrix.zeros(Require.given("logistic", "a matrix", a).rows(), a.cols());
        Gemm.current().logistic(a.data, m.data);
        return m;
    }

    // ---------------------------------------------------------------- one pass per layer (a training step's kernels)
    // Each is one pass over its matrices, with SIMD where the Vector API is present, and gives exactly the bits of the
    // plain formula in its comment, entry by entry (ScalarKernel's loops). The results go into matrices the caller
    // keeps from step to step, so a training loop allocates nothing. (Each tests alone() before it makes the lambda
    // for halves(): one helper taking the lambda would allocate it on the one-thread path too.)

    /** A ← A + 1·b in place (b a 1×c row added to every row; null for none), then Y ← A: a linear layer's output. */
    public static void addRow(Matrix a, Matrix b, Matrix y) {
        requireRow("addRow", a, b, y);
        MicroKernel k = Gemm.current();
        double[] bd = b == null ? null : b.data;
        if (alone(a.size())) k.addRow(a.data, bd, y.data, a.cols(), 0, a.rows());
        else halves(a.rows(), (from, to) -> k.addRow(a.data, bd, y.data, a.cols(), from, to));
        changed(a, b, y);
    }

    /** A ← A + 1·b in place (null b: none), then Y ← max(0, A), in one pass: a ReLU layer's output. */
    public static void addRowRelu(Matrix a, Matrix b, Matrix y) {
        requireRow("addRowRelu", a, b, y);
        MicroKernel k = Gemm.current();
        double[] bd = b == null ? null : b.data;
        if (alone(a.size())) k.addRowRelu(a.data, bd, y.data, a.cols(), 0, a.rows());
        else halves(a.rows(), (from, to) -> k.addRowRelu(a.data, bd, y.data, a.cols(), from, to));
        changed(a, b, y);
    }

    /** D ← G ⊙ ReLU′(A): D_ij = G_ij · (A_ij &gt; 0 ? 1 : 0), with no branch per entry; returns D. */
    public static Matrix reluDelta(Matrix g, Matrix a, Matrix d) {
        requireSame("reluDelta", g, a, d);
        MicroKernel k = Gemm.current();
        if (alone(d.size())) k.reluDelta(g.data, a.data, d.data, 0, d.size());
        else halves(d.size(), (from, to) -> k.reluDelta(g.data, a.data, d.data, from, to));
        d.changed();
        return d;
    }

    /** D ← G ⊙ σ′, with σ′ = Y ⊙ (1 − Y) from the sigmoid's output Y: D_ij = G_ij · (Y_ij (1 − Y_ij)); returns D. */
    public static Matrix logisticDelta(Matrix g, Matrix y, Matrix d) {
        requireSame("logisticDelta", g, y, d);
        MicroKernel k = Gemm.current();
        if (alone(d.size())) k.logisticDelta(g.data, y.data, d.data, 0, d.size());
        else halves(d.size(), (from, to) -> k.logisticDelta(g.data, y.data, d.data, from, to));
        d.changed();
        return d;
    }

    /** Y ← σ(A) entry by entry, the same bits as {@link #logistic(Matrix)}, into an existing Y; returns Y. */
    public static Matrix logistic(Matrix a, Matrix y) {
        requireSame("logistic", a, y, y);
        Gemm.current().logistic(a.data, y.data);
        y.changed();
        return y;
    }

    /**
     * Dropout's mask M: entry k (row-major) is 1 when u ≥ p and 0 otherwise, u the (n + k + 1)-th number of SplitMix64
     * started at {@code seed}, u = (z &gt;&gt;&gt; 11)·2⁻⁵³ ∈ [0, 1) for its 64-bit output z (Steele, Lea and Flood, 2014):
     * the masks of {@code Dropout}, whose generator has drawn n numbers so far. Returns M.
     */
    public static Matrix keepMask(long seed, long n, double p, Matrix mask) {
        Require.fraction("keepMask", "the rate p", p);
        if (n < 0) Require.that(false, "keepMask", "the number of entries drawn", "≥ 0", n);   // no boxing otherwise
        MicroKernel k = Gemm.current();
        long threshold = (long) Math.ceil(p * 0x1p53);
        int size = Require.given("keepMask", "a mask", mask).size();
        if (alone(2L * size)) k.keepMask(seed, n, threshold, mask.data, 0, size);
        else halves(size, (from, to) -> k.keepMask(seed, n, threshold, mask.data, from, to));
        mask.changed();
        return mask;
    }

    /** Y ← X ⊙ M·s, exactly: Y_ij = X_ij · s where M_ij ≠ 0, and exactly 0 (never −0 or NaN) where M_ij = 0; returns Y. */
    public static Matrix masked(Matrix x, Matrix mask, double s, Matrix y) {
        requireSame("masked", x, mask, y);
        MicroKernel k = Gemm.current();
        if (alone(y.size())) k.masked(x.data, mask.data, s, y.data, 0, y.size());
        else halves(y.size(), (from, to) -> k.masked(x.data, mask.data, s, y.data, from, to));
        y.changed();
        return y;
    }

    /**
     * out ← s·Σ_i A_i, the 1×c row of column sums scaled, summed from 0 in row order: the bits of
     * {@code a.columnSums().scale(s)}, into an existing row; returns out.
     */
    public static Matrix columnSums(Matrix a, double s, Matrix out) {
        Require.given("columnSums", "a matrix A", a);
        if (Require.given("columnSums", "a result row", out).rows() != 1 || out.cols() != a.cols()) {
            throw new IllegalArgumentException("columnSums: the result is 1×" + a.cols() + ", but it is " + out.shape());
        }
        MicroKernel k = Gemm.current();
        if (alone(a.size())) k.columnSums(a.data, a.rows(), a.cols(), s, out.data, 0, a.cols());
        else halves(a.cols(), (from, to) -> k.columnSums(a.data, a.rows(), a.cols(), s, out.data, from, to));
        out.changed();
        return out;
    }

    /** Rows rows[from], …, rows[to − 1] of A, in that order, copied into the existing (to − from)×c matrix; returns it. */
    public static Matrix selectRows(Matrix a, int[] rows, int from, int to, Matrix into) {
        Require.given("selectRows", "a matrix A", a);
        Require.given("selectRows", "an array of row indices", rows);
        if (from < 0 || to > rows.length || to <= from || Require.given("selectRows", "a result", into).rows() != to - from
                || into.cols() != a.cols()) {
            throw new IllegalArgumentException("selectRows: rows[" + from + ".." + to + ") of an array of " + rows.length
                    + " indices into " + into.shape() + ", from " + a.shape());
        }
        int c = a.cols();
        for (int r = from; r < to; r++) {
            int i = rows[r];
            if (i < 0 || i >= a.rows()) {
                throw new IndexOutOfBoundsException("selectRows: row " + i + " is outside a " + a.shape() + " matrix");
            }
            System.arraycopy(a.data, i * c, into.data, (r - from) * c, c);
        }
        into.changed();
        return into;
    }

    /** An entry-wise kernel on the part [from, to) of its entries, rows or columns. */
    private interface Part {
        void run(int from, int to);
    }

    /**
     * Whether entry-wise work of {@code work} entry-operations runs on this thread alone: below
     * {@link #PARALLEL_ENTRIES}, waking the worker costs more than it saves (or {@link #threads()} is 1).
     */
    private static boolean alone(long work) { return work < PARALLEL_ENTRIES || threads() < 2; }

    /**
     * Runs {@code part} on the two halves of 0..n on two threads. Every entry is computed by the same operations
     * whichever thread computes it, so the bits do not depend on the split.
     */
    private static void halves(int n, Part part) { Team.run(2, (p, team) -> part.run(n * p / 2, n * (p + 1) / 2)); }

    /** Entry-wise kernels split from 16,384 entry-operations (a minibatch of 128 rows of a 128-wide layer) on. */
    static final int PARALLEL_ENTRIES = 1 << 14;

    /** Throws unless A, Y have one shape and b (if given) is a 1×c row of it. */
    private static void requireRow(String op, Matrix a, Matrix b, Matrix y) {
        requireSame(op, a, y, y);
        if (b != null && (b.rows() != 1 || b.cols() != a.cols())) {
            throw new IllegalArgumentException(op + ": expected a 1×" + a.cols() + " row to add to each row of " + a.shape()
                    + ", got " + b.shape());
        }
    }

    private static void requireSame(String op, Matrix a, Matrix b, Matrix c) {
        Require.sameShape(op, Require.given(op, "a matrix", a), Require.given(op, "a matrix", b));
        Require.sameShape(op, a, Require.given(op, "a matrix", c));
    }

    private static void changed(Matrix a, Matrix b, Matrix y) {
        if (b != null) a.changed();
        y.changed();
    }

    /**
     * How many times {@code m} has been changed in place so far: every method that writes into a matrix (set, setAt,
     * the {@code InPlace} methods, setTo, clear, and the kernels of this class) adds one. A layer records it in its
     * forward pass to see, on the way back, whether W or its input changed meanwhile. Writes through an array given
     * to {@link Matrix#wrap} bypass the count.
     */
    public static int version(Matrix m) { return m.version; }

    // ---------------------------------------------------------------- threads

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
    public static void setThreads(int n) { threads = Require.positiveCount("setThreads", "the number of threads", n); }

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
                + "processor; or call Kernels.setThreads(n)");
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
