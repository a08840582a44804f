package dev.nncourse.linalg;

/**
 * The fast path behind {@link Matrix#mult}: C = op(A)·op(B), op = identity or transpose, for row-major arrays.
 *
 * <p>Large products follow the classic GotoBLAS/BLIS layout: cut k into blocks of {@link #KC}, copy ("pack") a block
 * of op(B) into column panels nr wide and a block of op(A) into row panels mr tall so the micro-kernel reads both
 * contiguously, then let the {@link MicroKernel} keep an mr×nr tile of C in registers. Skinny products (a few rows,
 * as in per-sample training) skip the packing and stream B row by row.
 *
 * <p>Every C_ij is one chain of fused multiply-adds over k = 0, 1, …, n−1, whatever the path, the blocking or the
 * thread that computes it, so results equal {@link Kernels#reference} bit for bit. Threads split C into disjoint
 * stripes: each entry is computed by exactly one thread. Row stripes share one packed copy of each block of op(B),
 * which the threads pack together ({@link #rowStripe}); the threads are a {@link Team} of persistent workers.
 */
final class Gemm {
    private Gemm() {}

    /** Depth of a packed block: a kc×nr B panel and a mr×kc A panel stay in L1 together. */
    static final int KC = 256;
    /** Rows of op(A) packed at once (a MC×KC block of A stays in L2); a multiple of every kernel's mr (4 and 6). */
    static final int MC = Integer.getInteger("nncourse.mc", 120);
    /** Products with fewer multiply-adds than this, or a depth below {@link #SMALL_K}, are not worth packing. */
    static final long SMALL_WORK = Long.getLong("nncourse.smallWork", 32L * 32 * 32);
    static final int SMALL_K = 8;
    /**
     * A C narrower than one panel (n &lt; nr: a layer of 10 outputs with 512-bit vectors) still goes through the packed
     * tiles, one zero-padded panel, once op(A) has this many entries: the row-by-row path runs one short fma chain per
     * row and leaves the FMA units waiting.
     */
    static final long NARROW_PANEL = 8192;
    /** Multiply-adds per thread: a product gets one thread per PARALLEL_WORK, so below twice this it runs on one. */
    static final long PARALLEL_WORK = 64L * 64 * 64;

    private static final ThreadLocal<Workspace> WORK = ThreadLocal.withInitial(Workspace::new);

    /** Growable scratch arrays of one thread, reused across calls so the training loop does not allocate. */
    private static final class Workspace {
        double[] a = new double[0], b = new double[0], tile = new double[0];

        double[] a(int n) { return a.length >= n ? a : (a = new double[n]); }
        double[] b(int n) { return b.length >= n ? b : (b = new double[n]); }
        double[] tile(int n) { return tile.length >= n ? tile : (tile = new double[n]); }
    }

    /** The fastest micro-kernel available: SIMD if the Vector API is present, else the scalar one. */
    static final MicroKernel KERNEL = Kernels.kernel();

    /**
     * The micro-kernel in use. Vector API code is slow until the JIT's optimizing compiler has compiled it (seconds of
     * interpreted SIMD at the start of a notebook), so the scalar kernel serves while a background thread warms up the
     * SIMD one, which then takes over. Both give the same bits, so the switch never shows in a result.
     */
    private static volatile MicroKernel current = KERNEL instanceof ScalarKernel ? KERNEL : warmUpInBackground(KERNEL);

    static MicroKernel current() { return current; }

    private static MicroKernel warmUpInBackground(MicroKernel simd) {
        Thread t = new Thread(() -> {
            warmUp(simd);
            current = simd;
        }, "nncourse-simd-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return new ScalarKernel();
    }

    /**
     * Calls every method of the kernel on small data until the JIT has compiled it: in rounds of {@link #WARM_ROUND}
     * calls, until three rounds in a row each take less than 1/{@link #WARM_SPEEDUP} of the first round's time
     * (interpreted Vector API code is thousands of times slower than compiled, so only compiled code gets there), or
     * after {@link #WARM_CALLS} calls at most. With the JVM's default thresholds that is about all of them; the course's
     * kernel lowers the library's compile thresholds (kernel/jvm-options), and compiled code then ends the warm-up
     * after a few thousand.
     */
    static void warmUp(MicroKernel k) {
        int mr = k.mr(), nr = k.nr(), kc = 16;
        double[] a = new double[mr * kc], b = new double[nr * kc], c = new double[mr * nr], x = new double[37];
        double[] rows = new double[kc * 37], y = new double[37], z = new double[37];
        long first = 0;
        for (int i = 0, fast = 0; i < WARM_CALLS && fast < 3; ) {
            long start = System.nanoTime();
            for (int end = i + WARM_ROUND; i < end; i++) warmUpCalls(k, i, kc, nr, a, b, c, x, rows, y, z);
            long took = System.nanoTime() - start;
            if (first == 0) first = Math.max(1, took);
            fast = took * WARM_SPEEDUP < first ? fast + 1 : 0;
        }
    }

    static final int WARM_CALLS = 20_000, WARM_ROUND = 250, WARM_SPEEDUP = 1000;

    private static void warmUpCalls(MicroKernel k, int i, int kc, int nr, double[] a, double[] b, double[] c,
                                    double[] x, double[] rows, double[] y, double[] z) {
        k.tile(kc, a, 0, b, 0, c, 0, nr, (i & 1) == 0);
        k.row(kc, 37, a, 0, 1, rows, x, 0);
        k.logistic(x, x);
        k.axpy(0.5, c, c);
        k.rankOne(0.5, x, 0, kc, x, rows, 37);
        k.allFinite(c);
        k.addRow(rows, x, rows, 37, 0, kc);
        k.addRowRelu(rows, (i & 1) == 0 ? x : null, rows, 37, 0, kc);
        k.reluDelta(x, y, z, 0, 37);
        k.logisticDelta(x, y, z, 0, 37);
        k.keepMask(i, i, 1L << 52, y, 0, 37);
        k.masked(x, y, 1.25, z, 0, 37);
        k.columnSums(rows, kc, 37, 0.5, z, 0, 37);
    }

    /** A stored row-major m×k (or k×m when {@code ta}), B k×n (or n×k when {@code tb}), C m×n; C ← op(A)·op(B). */
    static void multiply(MicroKernel kr, double[] a, boolean ta, double[] b, boolean tb, double[] c, int m, int n, int k,
                         int threads) {
        if (m < kr.mr() || n < kr.nr() && (long) m * k < NARROW_PANEL || k < SMALL_K || (long) m * n * k < SMALL_WORK) {
            skinny(kr, a, ta, b, tb, c, m, n, k);
            return;
        }
        int parts = parts(kr, m, n, k, threads);
        if (parts == 1) {   // on this thread alone: no team to form (nor anything to allocate for one)
            blocked(kr, a, ta, b, tb, c, m, n, k, 0, m, 0, n);
        } else if (m >= n) {
            double[] bp = WORK.get().b(panels(n, kr.nr()) * kr.nr() * Math.min(KC, k));   // shared by all parts
            Team.run(parts, (p, team) -> rowStripe(kr, a, ta, b, tb, c, m, n, k, bp, p, team));
        } else {   // a wide C: column stripes, each part packs its own panels of B (and all of A)
            Team.run(parts, (p, team) -> {
                int lo = stripe(n, kr.nr(), p, team.parts()), hi = stripe(n, kr.nr(), p + 1, team.parts());
                blocked(kr, a, ta, b, tb, c, m, n, k, 0, m, lo, hi);
            });
        }
    }

    /**
     * How many threads to use: one per {@link #PARALLEL_WORK} multiply-adds, but at most {@code threads} and at most
     * one per tile along the side of C that is split (the longer one).
     */
    private static int parts(MicroKernel kr, int m, int n, int k, int threads) {
        long work = (long) m * n * k;
        int tiles = m >= n ? panels(m, kr.mr()) : panels(n, kr.nr());
        return (int) Math.max(1, Math.min(Math.min(threads, tiles), work / PARALLEL_WORK));
    }

    /** ⌈len / unit⌉: the number of tiles, or panels, of {@code unit} rows or columns covering {@code len}. */
    private static int panels(int len, int unit) { return (len + unit - 1) / unit; }

    /** Where stripe p of {@code parts} begins, cutting 0..len into near-equal runs of whole tiles of {@code unit}. */
    private static int stripe(int len, int unit, int p, int parts) {
        return Math.min(len, panels(len, unit) * p / parts * unit);
    }

    /** One row of C at a time from an unpacked, row-major op(B). */
    private static void skinny(MicroKernel kr, double[] a, boolean ta, double[] b, boolean tb, double[] c, int m, int n, int k) {
        if (tb && m < 4) {
            dots(a, ta, b, c, m, n, k, 0, n);
            return;
        }
        double[] bb = b;
        if (tb) transpose(b, n, k, bb = WORK.get().b(k * n));
        for (int i = 0; i < m; i++) {
            if (ta) kr.row(k, n, a, i, m, bb, c, i * n);
            else kr.row(k, n, a, i * k, 1, bb, c, i * n);
        }
    }

    /**
     * Columns j0 ≤ j &lt; j1 of C = op(A)·Bᵀ for a few rows: C_ij = Σ_q A(i,q) B_jq as dot products, eight rows of B
     * at a time, then four, then one (independent chains keep both FMA units busy; the blocks differ only in width).
     */
    private static void dots(double[] a, boolean ta, double[] b, double[] c, int m, int n, int k, int j0, int j1) {
        int as = ta ? m : 1;
        for (int i = 0; i < m; i++) {
            int ai = ta ? i : i * k, j = j0;
            for (; j + 8 <= j1; j += 8) {   // eight independent chains keep both FMA units busy
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
                for (int q = 0, b0 = j * k; q < k; q++) {
                    double x = a[ai + q * as];
                    s0 = Math.fma(x, b[b0 + q], s0);
                    s1 = Math.fma(x, b[b0 + k + q], s1);
                    s2 = Math.fma(x, b[b0 + 2 * k + q], s2);
                    s3 = Math.fma(x, b[b0 + 3 * k + q], s3);
                    s4 = Math.fma(x, b[b0 + 4 * k + q], s4);
                    s5 = Math.fma(x, b[b0 + 5 * k + q], s5);
                    s6 = Math.fma(x, b[b0 + 6 * k + q], s6);
                    s7 = Math.fma(x, b[b0 + 7 * k + q], s7);
                }
                int o = i * n + j;
                c[o] = s0; c[o + 1] = s1; c[o + 2] = s2; c[o + 3] = s3;
                c[o + 4] = s4; c[o + 5] = s5; c[o + 6] = s6; c[o + 7] = s7;
            }
            for (; j + 4 <= j1; j += 4) {
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int q = 0, b0 = j * k; q < k; q++) {
                    double x = a[ai + q * as];
                    s0 = Math.fma(x, b[b0 + q], s0);
                    s1 = Math.fma(x, b[b0 + k + q], s1);
                    s2 = Math.fma(x, b[b0 + 2 * k + q], s2);
                    s3 = Math.fma(x, b[b0 + 3 * k + q], s3);
                }
                int o = i * n + j;
                c[o] = s0; c[o + 1] = s1; c[o + 2] = s2; c[o + 3] = s3;
            }
            for (; j < j1; j++) {
                double s = 0;
                for (int q = 0; q < k; q++) s = Math.fma(a[ai + q * as], b[j * k + q], s);
                c[i * n + j] = s;
            }
        }
    }

    /** t ← the transpose of the r×c row-major x, in 32×32 blocks so both sides stay in cache. */
    private static void transpose(double[] x, int r, int c, double[] t) {
        for (int i0 = 0; i0 < r; i0 += 32) {
            for (int j0 = 0; j0 < c; j0 += 32) {
                for (int i = i0; i < Math.min(r, i0 + 32); i++) {
                    for (int j = j0; j < Math.min(c, j0 + 32); j++) t[j * r + i] = x[i * c + j];
                }
            }
        }
    }

    /**
     * C[i0:i1, j0:j1] ← op(A)[i0:i1, :]·op(B)[:, j0:j1], blocked and packed, on this thread alone. j0 is a multiple of
     * nr, and so is j1 unless it is n.
     */
    private static void blocked(MicroKernel kr, double[] a, boolean ta, double[] b, boolean tb, double[] c, int m, int n, int k,
                                int i0, int i1, int j0, int j1) {
        int width = j1 - j0;
        double[] bp = WORK.get().b(panels(width, kr.nr()) * kr.nr() * Math.min(KC, k));
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            packB(b, tb, n, k, p0, kc, j0, 0, panels(width, kr.nr()), kr.nr(), bp);
            timesPackedB(kr, a, ta, c, m, n, k, p0, kc, bp, i0, i1, j0, j1);
        }
    }

    /**
     * Part p of a product split into row stripes of C, the BLIS way: for each depth block, every part packs its share of
     * the panels of op(B) into the shared {@code bp}, waits for the others, then multiplies its own rows by the whole
     * packed block. So op(B) is packed once, not once per thread. A second wait keeps {@code bp} until all are done.
     */
    private static void rowStripe(MicroKernel kr, double[] a, boolean ta, double[] b, boolean tb, double[] c, int m, int n,
                                  int k, double[] bp, int p, Team team) {
        int nr = kr.nr(), panels = panels(n, nr), parts = team.parts();
        int i0 = stripe(m, kr.mr(), p, parts), i1 = stripe(m, kr.mr(), p + 1, parts);
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            packB(b, tb, n, k, p0, kc, 0, panels * p / parts, panels * (p + 1) / parts, nr, bp);
            team.await();
            timesPackedB(kr, a, ta, c, m, n, k, p0, kc, bp, i0, i1, 0, n);
            if (p0 + KC < k) team.await();
        }
    }

    /** C[i0:i1, j0:j1] (+)= op(A)[i0:i1, p0:p0+kc]·(the packed block of op(B) for columns j0..j1 at bp): adds unless p0 = 0. */
    private static void timesPackedB(MicroKernel kr, double[] a, boolean ta, double[] c, int m, int n, int k, int p0, int kc,
                                     double[] bp, int i0, int i1, int j0, int j1) {
        int mr = kr.mr(), nr = kr.nr(), panels = panels(j1 - j0, nr);
        Workspace w = WORK.get();
        double[] ap = w.a(panels(MC, mr) * mr * kc), tile = w.tile(mr * nr);
        boolean first = p0 == 0;
        for (int ib = i0; ib < i1; ib += MC) {
            int mc = Math.min(MC, i1 - ib);
            packA(a, ta, m, k, ib, mc, p0, kc, mr, ap);
            for (int jp = 0; jp < panels; jp++) {
                int j = j0 + jp * nr, nw = Math.min(nr, j1 - j);
                for (int ir = 0; ir < mc; ir += mr) {
                    int i = ib + ir, mh = Math.min(mr, i1 - i);
                    if (mh == mr && nw == nr) {
                        kr.tile(kc, ap, ir * kc, bp, jp * nr * kc, c, i * n + j, n, first);
                    } else {   // an edge tile: compute the full tile in scratch, keep the part inside C
                        if (!first) for (int r = 0; r < mh; r++) System.arraycopy(c, (i + r) * n + j, tile, r * nr, nw);
                        kr.tile(kc, ap, ir * kc, bp, jp * nr * kc, tile, 0, nr, first);
                        for (int r = 0; r < mh; r++) System.arraycopy(tile, r * nr, c, (i + r) * n + j, nw);
                    }
                }
            }
        }
    }

    /**
     * Packs op(A)[ib:ib+mc, p0:p0+kc] into panels of mr rows: panel r holds, for each k, its mr values (0-padded).
     * Each copy reads memory in order: a stored A row by row, a stored Aᵀ (whose rows are columns of op(A)) mr at a time.
     */
    private static void packA(double[] a, boolean ta, int m, int k, int ib, int mc, int p0, int kc, int mr, double[] ap) {
        for (int ir = 0; ir < mc; ir += mr) {
            int base = ir * kc, rows = Math.min(mr, mc - ir);
            if (rows < mr) java.util.Arrays.fill(ap, base, base + kc * mr, 0);
            for (int r = 0; r < rows && !ta; r++) {
                for (int q = 0, from = (ib + ir + r) * k + p0; q < kc; q++) ap[base + q * mr + r] = a[from + q];
            }
            for (int q = 0; q < kc && ta; q++) System.arraycopy(a, (p0 + q) * m + ib + ir, ap, base + q * mr, rows);
        }
    }

    /**
     * Packs panels jp0..jp1 of op(B)[p0:p0+kc, j0:j1] (panel jp = nr columns from j0 + jp·nr) into {@code bp}: panel
     * jp at jp·nr·kc, for each k its nr values, 0-padded past column n.
     */
    private static void packB(double[] b, boolean tb, int n, int k, int p0, int kc, int j0, int jp0, int jp1, int nr,
                              double[] bp) {
        for (int jp = jp0; jp < jp1; jp++) {
            int base = jp * nr * kc, j = j0 + jp * nr, cols = Math.min(nr, n - j);
            if (cols < nr) java.util.Arrays.fill(bp, base, base + kc * nr, 0);
            for (int x = 0; x < cols && tb; x++) {   // column j + x of op(B) is row j + x of the stored Bᵀ
                for (int q = 0, from = (j + x) * k + p0; q < kc; q++) bp[base + q * nr + x] = b[from + q];
            }
            for (int q = 0; q < kc && !tb; q++) System.arraycopy(b, (p0 + q) * n + j, bp, base + q * nr, cols);
        }
    }
}
