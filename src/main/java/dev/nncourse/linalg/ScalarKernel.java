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
}
