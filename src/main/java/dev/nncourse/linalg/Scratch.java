package dev.nncourse.linalg;

/**
 * A matrix that a loop writes at every step (a layer's output, a cache, a gradient, a minibatch). Asked with
 * {@code reuse} on, it is the same matrix from step to step for the same shape, one kept for each of the last two
 * shapes (a full minibatch and an epoch's last, smaller one), so the loop allocates nothing; with {@code reuse} off, a
 * new zero matrix at every call, so that what a step returned stays its caller's. A kept matrix's old entries are
 * overwritten by its writer, not cleared.
 */
public final class Scratch {
    private Matrix recent, older;

    /** A rows×cols matrix to write into: the one kept from an earlier call with this shape when {@code reuse}, else new. */
    public Matrix of(int rows, int cols, boolean reuse) {
        if (!reuse) return Matrix.zeros(rows, cols);
        if (!fits(recent, rows, cols)) {
            Matrix next = fits(older, rows, cols) ? older : Matrix.zeros(rows, cols);
            older = recent;
            recent = next;
        }
        return recent;
    }

    private static boolean fits(Matrix m, int rows, int cols) { return m != null && m.rows() == rows && m.cols() == cols; }
}
