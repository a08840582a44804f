package dev.nncourse.linalg;

/**
 * The innermost loops of the fast matrix product, in two flavours: {@link VectorKernel} (SIMD through the Java Vector
 * API) and {@link ScalarKernel} (plain Java, used when the {@code jdk.incubator.vector} module is absent).
 *
 * <p>Both compute every entry as the same chain of fused multiply-adds as {@link Kernels#reference}:
 * c ← fma(a_k, b_k, c) for k = 0, 1, …, starting from c = 0. So the fast product is bit-identical to the reference.
 */
interface MicroKernel {
    /** Rows of the register tile. */
    int mr();

    /** Columns of the register tile. */
    int nr();

    /**
     * The mr×nr tile at {@code c[co]} (row stride {@code ldc}) ← (first ? 0 : itself) + Σ_{k &lt; kc} a_k b_kᵀ, where
     * a_k is the k-th group of mr values of the packed A panel at {@code a[ao]} and b_k the k-th group of nr values of
     * the packed B panel at {@code b[bo]}.
     */
    void tile(int kc, double[] a, int ao, double[] b, int bo, double[] c, int co, int ldc, boolean first);

    /**
     * One row of C from a row-major B (k×n): c[co + j] = Σ_k A(k) B[k][j] for j &lt; n, where
     * A(k) = a[ao + k·as]. Used unpacked for skinny products such as a single sample times W.
     */
    void row(int k, int n, double[] a, int ao, int as, double[] b, double[] c, int co);

    /**
     * y_i = σ(x_i) = 1 / (1 + e^(−x_i)) for i &lt; x.length, without overflow: with e = e^(−|x|), σ = 1 / (1 + e) for
     * x ≥ 0 and e / (1 + e) for x &lt; 0, and e from {@link Exp}: the same bits in every kernel, on every JIT tier,
     * within a couple of ulps of the formula with {@code Math.exp}.
     */
    void logistic(double[] x, double[] y);

    /**
     * Rows q0 ≤ q &lt; q1 of a rank-one update of the row-major W with k columns: W_qj ← W_qj + s·(x_q v_j), rounding
     * x_q v_j, then the product with s, then the sum, exactly as {@link #axpy} does with the stored outer product.
     */
    void rankOne(double s, double[] x, int q0, int q1, double[] v, double[] w, int k);

    /** y_i ← y_i + s·x_i, rounding the product and then the sum (no fma), as the plain loop does. */
    void axpy(double s, double[] x, double[] y);

    /** True when no entry is NaN or ±∞: Σ x_i·0 is 0 exactly then, and NaN otherwise. */
    boolean allFinite(double[] x);

    // The entry-wise kernels of a training step. Each does, entry by entry, exactly the IEEE operations of the plain
    // formula in its comment, in that order (no fma where the formula has a product and a sum), so that every kernel
    // gives the bits of ScalarKernel's loops. Ranges [r0, r1) of rows or [from, to) of entries let threads share one.

    /** Rows r0 ≤ r &lt; r1 of the row-major A (c columns): A_rj ← A_rj + b_j (b null: unchanged), then Y_rj ← A_rj. */
    void addRow(double[] a, double[] b, double[] y, int c, int r0, int r1);

    /** As {@link #addRow}, then Y_rj ← max(0, A_rj) ({@code Math.max}: NaN stays NaN, −0 becomes 0). */
    void addRowRelu(double[] a, double[] b, double[] y, int c, int r0, int r1);

    /** d_i ← g_i · (a_i &gt; 0 ? 1 : 0), ReLU′ times the gradient, without a branch per entry. */
    void reluDelta(double[] g, double[] a, double[] d, int from, int to);

    /** d_i ← g_i · (y_i · (1 − y_i)), σ′ from σ = y, times the gradient. */
    void logisticDelta(double[] g, double[] y, double[] d, int from, int to);

    /**
     * mask_i ← 1 if u_{n+i+1} ≥ p else 0, where u_j = (z_j &gt;&gt;&gt; 11)·2⁻⁵³ and z_j is SplitMix64's j-th output from
     * {@code seed}: the state seed + j·γ mixed. u ≥ p is decided on the integers, (z &gt;&gt;&gt; 11) ≥ ⌈p·2⁵³⌉, which is
     * the same question, exactly.
     */
    void keepMask(long seed, long n, long threshold, double[] mask, int from, int to);

    /** y_i ← (mask_i ≠ 0 ? x_i · s : 0): kept entries scaled, dropped ones exactly +0. */
    void masked(double[] x, double[] mask, double s, double[] y, int from, int to);

    /** out_j ← s · (((0 + A_0j) + A_1j) + … + A_(r−1)j) for columns c0 ≤ j &lt; c1 of the row-major r×c A. */
    void columnSums(double[] a, int r, int c, double s, double[] out, int c0, int c1);
}
