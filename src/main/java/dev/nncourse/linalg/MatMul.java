package dev.nncourse.linalg;

/**
 * Matrix-product kernels: C = A·B, with (AB)_ij = Σ_k A_ik B_kj.
 *
 * <p>{@link #reference} is the plain textbook loop and the oracle for every faster kernel: each C_ij is summed
 * over k in increasing order, so results never depend on how the work is split.
 */
public final class MatMul {
    private MatMul() {}

    /** C ← A·B. The caller has checked the shapes: A is m×n, B is n×p, C is m×p. */
    static void multiply(Matrix a, Matrix b, Matrix c) {
        reference(a, b, c);
    }

    /**
     * The readable i-k-j loop: for each row i of A and each k, add A_ik times row k of B to row i of C.
     * Every C_ij is accumulated in k order 0, 1, …, n−1.
     */
    public static void reference(Matrix a, Matrix b, Matrix c) {
        int m = a.rows(), n = a.cols(), p = b.cols();
        double[] x = a.data, y = b.data, z = c.data;
        java.util.Arrays.fill(z, 0);
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < n; k++) {
                double aik = x[i * n + k];
                for (int j = 0; j < p; j++) z[i * p + j] += aik * y[k * p + j];
            }
        }
    }
}
