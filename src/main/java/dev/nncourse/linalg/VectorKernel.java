package dev.nncourse.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel with the Java Vector API (incubator module {@code jdk.incubator.vector}): a 6×2L register tile,
 * L = doubles per SIMD register (8 with AVX-512, 4 with AVX2), so 12 accumulator registers. Loaded only when the module
 * is present; see {@link Kernels}.
 */
final class VectorKernel implements MicroKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Long> LONGS = S.withLanes(long.class);

    /** Fails (and {@link Kernels} falls back to {@link ScalarKernel}) when the JIT cannot use SIMD for doubles. */
    VectorKernel() {
        if (L < 2) throw new IllegalStateException("no SIMD registers for doubles");
    }

    @Override public int mr() { return 6; }

    @Override public int nr() { return 2 * L; }

    /**
     * The 6×2L tile: 12 accumulators, two vectors of the B panel and one broadcast A value, 15 registers. AVX2 has 16
     * (AVX-512 32): an 8-row tile's 16 accumulators do not fit in AVX2's, so the JIT spills five of them to the stack
     * and reloads and stores them at every k, which cost it a third of its speed on a Zen 3.
     */
    @Override
    public void tile(int kc, double[] a, int ao, double[] b, int bo, double[] c, int co, int ldc, boolean first) {
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (first) {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = DoubleVector.zero(S);
        } else {
            c00 = load(c, co);           c01 = load(c, co + L);
            c10 = load(c, co + ldc);     c11 = load(c, co + ldc + L);
            c20 = load(c, co + 2 * ldc); c21 = load(c, co + 2 * ldc + L);
            c30 = load(c, co + 3 * ldc); c31 = load(c, co + 3 * ldc + L);
            c40 = load(c, co + 4 * ldc); c41 = load(c, co + 4 * ldc + L);
            c50 = load(c, co + 5 * ldc); c51 = load(c, co + 5 * ldc + L);
        }
        for (int k = 0, ai = ao, bi = bo; k < kc; k++, ai += 6, bi += 2 * L) {
            DoubleVector b0 = load(b, bi), b1 = load(b, bi + L), x;
            x = DoubleVector.broadcast(S, a[ai]);     c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[ai + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[ai + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[ai + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(S, a[ai + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(S, a[ai + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        }
        c00.intoArray(c, co);           c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);     c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc); c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc); c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc); c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc); c51.intoArray(c, co + 5 * ldc + L);
    }

    @Override
    public void row(int k, int n, double[] a, int ao, int as, double[] b, double[] c, int co) {
        if (n < L) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int q = 0; q < k; q++) s = Math.fma(a[ao + q * as], b[q * n + j], s);
                c[co + j] = s;
            }
            return;
        }
        // Four vectors of columns at a time, each one fma chain per column down the k rows of B. The last group is
        // shifted left to end at column n, so it may overlap the one before; overlapping columns get the same values.
        for (int j = 0; j < n; j += 4 * L) {
            int j0 = Math.min(j, n - L), j1 = Math.min(j + L, n - L), j2 = Math.min(j + 2 * L, n - L), j3 = Math.min(j + 3 * L, n - L);
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int q = 0, bq = 0; q < k; q++, bq += n) {
                DoubleVector x = DoubleVector.broadcast(S, a[ao + q * as]);
                s0 = x.fma(load(b, bq + j0), s0);
                s1 = x.fma(load(b, bq + j1), s1);
                s2 = x.fma(load(b, bq + j2), s2);
                s3 = x.fma(load(b, bq + j3), s3);
            }
            s0.intoArray(c, co + j0); s1.intoArray(c, co + j1); s2.intoArray(c, co + j2); s3.intoArray(c, co + j3);
        }
    }

    @Override
    public void logistic(double[] x, double[] y) {
        // One call site only (the JIT inlines it once): the last vector overlaps the one before instead of a tail
        // loop, and a matrix smaller than one vector is padded. Every entry goes through the same lanes.
        double[] in = x, out = y;
        if (x.length < L) {
            in = java.util.Arrays.copyOf(x, L);
            out = new double[L];
        }
        int chunks = (in.length + L - 1) / L, last = in.length - L;
        for (int c = 0; c < chunks; c++) {
            int at = Math.min(c * L, last);
            logistic(load(in, at)).intoArray(out, at);
        }
        if (out != y) System.arraycopy(out, 0, y, 0, x.length);
    }

    private static DoubleVector logistic(DoubleVector v) {
        DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector e = exp(v.abs().neg());
        return one.blend(e, v.compare(VectorOperators.LT, 0)).div(one.add(e));
    }

    // e^x lane by lane, operation for operation as Exp.exp, so the bits are the same as the scalar code's.
    // Split into small methods: the Java 17 JIT only keeps vectors in registers in code it inlines.
    private static DoubleVector exp(DoubleVector v) {
        DoubleVector x = v.max(Exp.LOWEST), shifter = broadcast(Exp.SHIFTER);
        DoubleVector t = x.fma(broadcast(Exp.LOG2E), shifter), mkd = t.sub(shifter).neg();
        DoubleVector r = mkd.fma(broadcast(Exp.LN2_LO), mkd.fma(broadcast(Exp.LN2_HI), x));
        return taylor(r).mul(pow2(t.add(broadcast(Exp.BIAS)))).mul(broadcast(Exp.TWO_TO_MINUS_BIAS));
    }

    private static DoubleVector taylor(DoubleVector r) {
        return broadcast(C0).fma(r, broadcast(C1)).fma(r, broadcast(C2)).fma(r, broadcast(C3)).fma(r, broadcast(C4))
                .fma(r, broadcast(C5)).fma(r, broadcast(C6)).fma(r, broadcast(C7)).fma(r, broadcast(C8))
                .fma(r, broadcast(C9)).fma(r, broadcast(C10)).fma(r, broadcast(C11)).fma(r, broadcast(C12))
                .fma(r, broadcast(C13));
    }

    /** 2^k from k + SHIFTER (k a small integer): move k + 1023 from the low bits into the exponent field. */
    private static DoubleVector pow2(DoubleVector kShifted) {
        LongVector bits = kShifted.reinterpretAsLongs().sub(SHIFTER_BITS - 1023);
        return bits.lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    }

    private static final double C0 = Exp.TAYLOR[0], C1 = Exp.TAYLOR[1], C2 = Exp.TAYLOR[2], C3 = Exp.TAYLOR[3],
            C4 = Exp.TAYLOR[4], C5 = Exp.TAYLOR[5], C6 = Exp.TAYLOR[6], C7 = Exp.TAYLOR[7], C8 = Exp.TAYLOR[8],
            C9 = Exp.TAYLOR[9], C10 = Exp.TAYLOR[10], C11 = Exp.TAYLOR[11], C12 = Exp.TAYLOR[12], C13 = Exp.TAYLOR[13];
    private static final long SHIFTER_BITS = Double.doubleToRawLongBits(Exp.SHIFTER);

    @Override
    public void rankOne(double s, double[] x, int q0, int q1, double[] v, double[] w, int k) {
        int head = k % L;   // the odd columns first, so that no vector load overlaps a scalar store still in flight
        for (int q = q0; q < q1; q++) {
            int o = q * k;
            for (int j = 0; j < head; j++) w[o + j] += s * (x[q] * v[j]);
            DoubleVector xq = broadcast(x[q]);
            for (int j = head; j < k; j += L) load(w, o + j).add(xq.mul(load(v, j)).mul(s)).intoArray(w, o + j);
        }
    }

    @Override
    public void axpy(double s, double[] x, double[] y) {
        int i = 0;
        for (; i + L <= y.length; i += L) load(y, i).add(load(x, i).mul(s)).intoArray(y, i);
        for (; i < y.length; i++) y[i] += s * x[i];
    }

    @Override
    public boolean allFinite(double[] x) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i + 4 * L <= x.length; i += 4 * L) {
            s0 = s0.add(load(x, i).mul(0.0));
            s1 = s1.add(load(x, i + L).mul(0.0));
            s2 = s2.add(load(x, i + 2 * L).mul(0.0));
            s3 = s3.add(load(x, i + 3 * L).mul(0.0));
        }
        double s = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
        for (; i < x.length; i++) s += x[i] * 0;
        return s == 0;
    }

    // ---------------------------------------------------------------- entry-wise kernels of a training step
    // Vectors where whole ones fit, then the plain loop of ScalarKernel for the last few entries: the same operations,
    // so the same bits. (No overlapping last vector here: these kernels write in place.)

    @Override
    public void addRow(double[] a, double[] b, double[] y, int c, int r0, int r1) { addRowThen(false, a, b, y, c, r0, r1); }

    @Override
    public void addRowRelu(double[] a, double[] b, double[] y, int c, int r0, int r1) { addRowThen(true, a, b, y, c, r0, r1); }

    /** A ← A + 1·b (b null: unchanged), then Y ← A, or Y ← max(0, A) when {@code relu}, on rows r0 ≤ r &lt; r1. */
    private static void addRowThen(boolean relu, double[] a, double[] b, double[] y, int c, int r0, int r1) {
        DoubleVector zero = DoubleVector.zero(S);
        for (int r = r0; r < r1; r++) {
            int o = r * c, j = 0;
            for (; j + L <= c; j += L) {
                DoubleVector x = load(a, o + j);
                if (b != null) {
                    x = x.add(load(b, j));
                    x.intoArray(a, o + j);
                }
                (relu ? x.max(zero) : x).intoArray(y, o + j);
            }
            for (; j < c; j++) {
                if (b != null) a[o + j] = a[o + j] + b[j];
                y[o + j] = relu ? Math.max(0, a[o + j]) : a[o + j];
            }
        }
    }

    @Override
    public void reluDelta(double[] g, double[] a, double[] d, int from, int to) {
        DoubleVector zero = DoubleVector.zero(S), one = broadcast(1);
        int i = from;
        for (; i + L <= to; i += L) {
            VectorMask<Double> positive = load(a, i).compare(VectorOperators.GT, 0.0);
            load(g, i).mul(zero.blend(one, positive)).intoArray(d, i);
        }
        for (; i < to; i++) d[i] = g[i] * (a[i] > 0 ? 1 : 0);
    }

    @Override
    public void logisticDelta(double[] g, double[] y, double[] d, int from, int to) {
        DoubleVector one = broadcast(1);
        int i = from;
        for (; i + L <= to; i += L) {
            DoubleVector s = load(y, i);
            load(g, i).mul(s.mul(one.sub(s))).intoArray(d, i);
        }
        for (; i < to; i++) d[i] = g[i] * (y[i] * (1 - y[i]));
    }

    @Override
    public void keepMask(long seed, long n, long threshold, double[] mask, int from, int to) {
        DoubleVector zero = DoubleVector.zero(S), one = broadcast(1);
        LongVector lanes = LongVector.zero(LONGS).addIndex(1);
        int i = from;
        for (; i + L <= to; i += L) {
            LongVector z = lanes.add(n + i + 1).mul(SplitMix64.GAMMA).add(seed);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(SplitMix64.MIX1);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(SplitMix64.MIX2);
            z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
            VectorMask<Long> keep = z.lanewise(VectorOperators.LSHR, 11).compare(VectorOperators.GE, threshold);
            zero.blend(one, keep.cast(S)).intoArray(mask, i);
        }
        for (; i < to; i++) mask[i] = SplitMix64.bits(seed, n + i + 1) >>> 11 >= threshold ? 1 : 0;
    }

    @Override
    public void masked(double[] x, double[] mask, double s, double[] y, int from, int to) {
        DoubleVector zero = DoubleVector.zero(S);
        int i = from;
        for (; i + L <= to; i += L) {
            zero.blend(load(x, i).mul(s), load(mask, i).compare(VectorOperators.NE, 0.0)).intoArray(y, i);
        }
        for (; i < to; i++) y[i] = mask[i] != 0 ? x[i] * s : 0;
    }

    @Override
    public void columnSums(double[] a, int r, int c, double s, double[] out, int c0, int c1) {
        int j = c0;
        for (; j + 4 * L <= c1; j += 4 * L) {   // four independent sums at a time: an add waits for the one before
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (int i = 0, o = j; i < r; i++, o += c) {
                s0 = s0.add(load(a, o));
                s1 = s1.add(load(a, o + L));
                s2 = s2.add(load(a, o + 2 * L));
                s3 = s3.add(load(a, o + 3 * L));
            }
            s0.mul(s).intoArray(out, j);
            s1.mul(s).intoArray(out, j + L);
            s2.mul(s).intoArray(out, j + 2 * L);
            s3.mul(s).intoArray(out, j + 3 * L);
        }
        for (; j + L <= c1; j += L) {
            DoubleVector s0 = DoubleVector.zero(S);
            for (int i = 0, o = j; i < r; i++, o += c) s0 = s0.add(load(a, o));
            s0.mul(s).intoArray(out, j);
        }
        for (; j < c1; j++) {
            double sum = 0;
            for (int i = 0; i < r; i++) sum += a[i * c + j];
            out[j] = s * sum;
        }
    }

    private static DoubleVector broadcast(double x) { return DoubleVector.broadcast(S, x); }

    private static DoubleVector load(double[] x, int offset) { return DoubleVector.fromArray(S, x, offset); }
}
