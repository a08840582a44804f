package dev.nncourse.linalg;

/** The micro-kernel in plain Java: a 4×4 register tile, no SIMD. The fallback when the Vector API is absent. */
final class ScalarKernel implements MicroKernel {
    @Override public int mr() { return 4; }

    @Override public int nr() { return 4; }

    @Override
    public void tile(int kc, double[] a, int ao, double[] b, int bo, double[] c, int co, int ldc, boolean first) {
        if (first) for (int r = 0; r < 4; r++) java.util.Arrays.fill(c, co + r * ldc, co + r * ldc + 4, 0);
        for (int k = 0; k < kc; k++) {
            for (int r = 0; r < 4; r++) {
                double x = a[ao + 4 * k + r];
                for (int j = 0; j < 4; j++) c[co + r * ldc + j] = Math.fma(x, b[bo + 4 * k + j], c[co + r * ldc + j]);
            }
        }
    }

    @Override
    public void row(int k, int n, double[] a, int ao, int as, double[] b, double[] c, int co) {
        java.util.Arrays.fill(c, co, co + n, 0);
        for (int q = 0; q < k; q++) {
            double x = a[ao + q * as];
            for (int j = 0; j < n; j++) c[co + j] = Math.fma(x, b[q * n + j], c[co + j]);
        }
    }

    @Override
    public void logistic(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) y[i] = Exp.logistic(x[i]);
    }

    @Override
    public void rankOne(double s, double[] x, int q0, int q1, double[] v, double[] w, int k) {
        for (int q = q0; q < q1; q++) {
            for (int j = 0; j < k; j++) w[q * k + j] += s * (x[q] * v[j]);
        }
    }

    @Override
    public void axpy(double s, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) y[i] += s * x[i];
    }

    @Override
    public boolean allFinite(double[] x) {
        for (double v : x) if (!Double.isFinite(v)) return false;
        return true;
    }

    @Override
    public void addRow(double[] a, double[] b, double[] y, int c, int r0, int r1) {
        for (int i = r0 * c; i < r1 * c; i++) {
            if (b != null) a[i] = a[i] + b[i % c];
            y[i] = a[i];
        }
    }

    @Override
    public void addRowRelu(double[] a, double[] b, double[] y, int c, int r0, int r1) {
        for (int i = r0 * c; i < r1 * c; i++) {
            if (b != null) a[i] = a[i] + b[i % c];
            y[i] = Math.max(0, a[i]);
        }
    }

    @Override
    public void reluDelta(double[] g, double[] a, double[] d, int from, int to) {
        for (int i = from; i < to; i++) d[i] = g[i] * (a[i] > 0 ? 1 : 0);
    }

    @Override
    public void logisticDelta(double[] g, double[] y, double[] d, int from, int to) {
        for (int i = from; i < to; i++) d[i] = g[i] * (y[i] * (1 - y[i]));
    }

    @Override
    public void keepMask(long seed, long n, long threshold, double[] mask, int from, int to) {
        for (int i = from; i < to; i++) mask[i] = SplitMix64.bits(seed, n + i + 1) >>> 11 >= threshold ? 1 : 0;
    }

    @Override
    public void masked(double[] x, double[] mask, double s, double[] y, int from, int to) {
        for (int i = from; i < to; i++) y[i] = mask[i] != 0 ? x[i] * s : 0;
    }

    @Override
    public void columnSums(double[] a, int r, int c, double s, double[] out, int c0, int c1) {
        for (int j = c0; j < c1; j++) {
            double sum = 0;
            for (int i = 0; i < r; i++) sum += a[i * c + j];
            out[j] = s * sum;
        }
    }
}
