package dev.nncourse.linalg;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense matrix of doubles, stored row-major in one {@code double[]}: entry (i, j) lives at {@code data[i * cols + j]}.
 *
 * <p>The API is fluent and reads like the formula: {@code x.mult(w).plusRow(b)} is X·W + b.
 * Every operation returns a new matrix except the few whose name ends in {@code InPlace}.
 *
 * <p><b>Convention of the course library:</b> one sample per <em>row</em>. A minibatch of m samples with n features
 * is an m×n matrix X, and a dense layer computes A = X·W + b with W of shape n×k and b of shape 1×k.
 *
 * <p>Shape mismatches throw {@link IllegalArgumentException} naming the operation and both shapes; so do null
 * arguments, and shapes that are empty, have more than {@link #MAX_SIZE} entries, or need more memory than the JVM has.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    final double[] data;
    private int version;   // bumped by every in-place change, see version()

    /** The most entries a matrix can have: the longest {@code double[]} a JVM allocates, 2³¹ − 9. */
    public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private Matrix(int rows, int cols, double[] data) {
        if (rows < 1 || cols < 1 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException("Matrix: shape " + rows + "×" + cols + " does not fit " + data.length + " values");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    // ---------------------------------------------------------------- factories

    /**
     * Throws unless an r×c matrix can exist: r ≥ 1, c ≥ 1 and r·c ≤ {@link #MAX_SIZE}, computed without overflow;
     * {@code op} names the operation in the message. Returns r·c.
     */
    public static int requireShape(String op, long rows, long cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(op + ": shape must be at least 1×1, got " + rows + "×" + cols);
        }
        boolean exact = rows <= Integer.MAX_VALUE && cols <= Integer.MAX_VALUE;   // then r·c does not overflow a long
        if (!exact || rows * cols > MAX_SIZE) {
            throw new IllegalArgumentException(op + ": shape " + rows + "×" + cols + " would have "
                    + (exact ? rows * cols : "more than " + MAX_SIZE) + " entries, more than the " + MAX_SIZE
                    + " a Java array can hold");
        }
        return (int) (rows * cols);
    }

    /** A new r×c zero matrix, after {@link #requireShape} and a check that the JVM has the memory for it. */
    private static Matrix blank(String op, long rows, long cols) {
        int n = requireShape(op, rows, cols);
        Runtime rt = Runtime.getRuntime();
        if (n > 1 << 20 && 8L * n > rt.maxMemory()) {
            throw outOfMemory(op, rows, cols, "more than the JVM's whole heap of " + bytes(rt.maxMemory()));
        }
        try {
            return new Matrix((int) rows, (int) cols, new double[n]);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(op, rows, cols, "more than the " + bytes(rt.maxMemory() - rt.totalMemory() + rt.freeMemory())
                    + " free in the JVM's heap of " + bytes(rt.maxMemory()));
        }
    }

    private static IllegalArgumentException outOfMemory(String op, long rows, long cols, String than) {
        return new IllegalArgumentException(op + ": shape " + rows + "×" + cols + " needs " + bytes(8 * rows * cols)
                + " of memory, " + than + " (Runtime.maxMemory()); use a smaller shape or give Java more memory (-Xmx)");
    }

    private static String bytes(long n) {
        return String.format(java.util.Locale.ROOT, "%d bytes (%.1f GiB)", n, n / (double) (1L << 30));
    }

    /** Throws naming {@code op} and what was expected when {@code value} is null; returns it otherwise. */
    private static <T> T given(String op, String what, T value) {
        if (value == null) throw new IllegalArgumentException(op + ": expected " + what + ", got null");
        return value;
    }

    /** The r×c zero matrix. */
    public static Matrix zeros(int rows, int cols) { return blank("zeros", rows, cols); }

    /** The r×c matrix with every entry equal to {@code value}. */
    public static Matrix filled(int rows, int cols, double value) {
        Matrix m = blank("filled", rows, cols);
        Arrays.fill(m.data, value);
        return m;
    }

    /** The n×n identity I, with I_ii = 1. */
    public static Matrix identity(int n) {
        Matrix m = blank("identity", n, n);
        for (int i = 0; i < n; i++) m.data[i * n + i] = 1;
        return m;
    }

    /** A copy of a rectangular {@code double[][]}, one inner array per row, each with at least one entry. */
    public static Matrix of(double[][] values) {
        if (given("of", "an array of rows", values).length == 0) {
            throw new IllegalArgumentException("of: expected at least one row and one column, got an empty array");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) throw new IllegalArgumentException("of: row " + i + " is null; expected an array of numbers");
        }
        int c = values[0].length;
        for (int i = 1; i < values.length; i++) {
            if (values[i].length == c) continue;
            throw new IllegalArgumentException(c == 0
                    ? "of: row 0 is empty but row " + i + " has " + values[i].length + " entries; expected every row to have "
                            + "the same number of entries, at least 1"
                    : values[i].length == 0 ? "of: row " + i + " is empty; expected " + c + " entries like row 0"
                    : "of: row " + i + " has " + values[i].length + " entries, expected " + c + " like row 0");
        }
        if (c == 0) {
            throw new IllegalArgumentException("of: expected at least one row and one column, got " + values.length
                    + (values.length == 1 ? " empty row" : " empty rows"));
        }
        Matrix m = blank("of", values.length, c);
        for (int i = 0; i < values.length; i++) System.arraycopy(values[i], 0, m.data, i * c, c);
        return m;
    }

    /** The 1×n row vector (v₁ … vₙ). */
    public static Matrix row(double... values) {
        return of(new double[][] {given("row", "the entries of a row", values)});
    }

    /** The n×1 column vector (v₁ … vₙ)ᵀ. */
    public static Matrix column(double... values) {
        return row(given("column", "the entries of a column", values)).transpose();
    }

    /** An r×c matrix that wraps {@code data} (row-major) without copying. */
    public static Matrix wrap(int rows, int cols, double[] data) {
        requireShape("wrap", rows, cols);
        if (given("wrap", "an array of values", data).length != (long) rows * cols) {
            throw new IllegalArgumentException("wrap: shape " + rows + "×" + cols + " needs " + (long) rows * cols
                    + " values, got " + data.length);
        }
        return new Matrix(rows, cols, data);
    }

    /** Entries drawn independently from N(0, 1), like {@code np.random.randn(rows, cols)}, from a seeded generator. */
    public static Matrix gaussian(int rows, int cols, Random rng) {
        given("gaussian", "a random generator", rng);
        Matrix m = blank("gaussian", rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = rng.nextGaussian();
        return m;
    }

    /** {@link #gaussian(int, int, Random)} with a fresh generator seeded by {@code seed}. */
    public static Matrix gaussian(int rows, int cols, long seed) {
        return gaussian(rows, cols, new Random(seed));
    }

    /** Entries drawn independently from U(−limit, limit). */
    public static Matrix uniform(int rows, int cols, double limit, Random rng) {
        if (!(limit >= 0) || !Double.isFinite(limit)) {
            throw new IllegalArgumentException("uniform: limit must be a finite number ≥ 0, got " + limit);
        }
        given("uniform", "a random generator", rng);
        Matrix m = blank("uniform", rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = (2 * rng.nextDouble() - 1) * limit;
        return m;
    }

    /** The outer product u vᵀ of two vectors (rows or columns): (u vᵀ)_ij = u_i v_j. */
    public static Matrix outer(Matrix u, Matrix v) {
        if (!given("outer", "a vector u", u).isVector() || !given("outer", "a vector v", v).isVector()) {
            throw new IllegalArgumentException("outer: expected two vectors, got " + u.shape() + " and " + v.shape());
        }
        Matrix m = blank("outer: the result u vᵀ", u.size(), v.size());
        for (int i = 0; i < u.size(); i++) {
            for (int j = 0; j < v.size(); j++) m.data[i * m.cols + j] = u.data[i] * v.data[j];
        }
        return m;
    }

    // ---------------------------------------------------------------- shape and entries

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** The number of entries, rows·cols. */
    public int size() { return data.length; }

    /** The shape as text, e.g. {@code 2×3}. */
    public String shape() { return rows + "×" + cols; }

    public boolean isVector() { return rows == 1 || cols == 1; }

    public double get(int i, int j) { return data[index(i, j)]; }

    /** Sets entry (i, j) in place and returns this matrix. */
    public Matrix set(int i, int j, double value) {
        data[index(i, j)] = value;
        version++;
        return this;
    }

    /** Entry k in row-major order: the k-th of rows·cols. */
    public double at(int k) { return data[k]; }

    /** Sets entry k in row-major order, in place. */
    public void setAt(int k, double value) {
        data[k] = value;
        version++;
    }

    /**
     * How many times this matrix has been changed in place so far: every method that writes into it (set, setAt, the
     * {@code InPlace} and {@code Into} methods, setTo, clear, the rank-one update) adds one. A layer records it in its
     * forward pass to see, on the way back, whether W was changed meanwhile. Writes through an array given to
     * {@link #wrap} bypass the count.
     */
    public int version() { return version; }

    /** Notes an in-place change (for writers in this package that fill {@code data} directly). */
    void changed() { version++; }

    private int index(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("entry (" + i + ", " + j + ") is outside a " + shape() + " matrix");
        }
        return i * cols + j;
    }

    /** Row i as a new 1×c matrix (named getRow so that {@code Matrix.row(3)} stays the static 1×1 factory). */
    public Matrix getRow(int i) {
        return selectRows(new int[] {i});
    }

    /** The rows with the given indices, in that order: how a minibatch is cut from a dataset. */
    public Matrix selectRows(int[] indices) {
        if (given("selectRows", "an array of row indices", indices).length == 0) {
            throw new IllegalArgumentException("selectRows: no row indices given for " + shape());
        }
        Matrix m = blank("selectRows", indices.length, cols);
        for (int r = 0; r < indices.length; r++) {
            int i = indices[r];
            if (i < 0 || i >= rows) {
                throw new IndexOutOfBoundsException("selectRows: row " + i + " is outside a " + shape() + " matrix");
            }
            System.arraycopy(data, i * cols, m.data, r * cols, cols);
        }
        return m;
    }

    /**
     * The blocks stacked on top of each other, like numpy's {@code vstack}: how per-sample rows become a minibatch
     * again. Every block must have the same number of columns.
     */
    public static Matrix stack(List<Matrix> blocks) {
        if (given("stack", "a list of matrices", blocks).isEmpty()) throw new IllegalArgumentException("stack: no blocks given");
        long r = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Matrix b = blocks.get(i);
            if (b == null) throw new IllegalArgumentException("stack: block " + i + " (counting from 0) is null; expected a matrix");
            if (b.cols != blocks.get(0).cols) {
                throw new IllegalArgumentException("stack: block " + b.shape() + " has " + b.cols
                        + " columns, expected " + blocks.get(0).cols + " like the first block");
            }
            r += b.rows;
        }
        Matrix m = blank("stack", r, blocks.get(0).cols);
        int at = 0;
        for (Matrix b : blocks) {
            System.arraycopy(b.data, 0, m.data, at, b.data.length);
            at += b.data.length;
        }
        return m;
    }

    /** A copy of the entries as {@code double[rows][cols]}. */
    public double[][] toArray() {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) System.arraycopy(data, i * cols, a[i], 0, cols);
        return a;
    }

    /** A copy of the entries in row-major order. */
    public double[] toFlatArray() { return data.clone(); }

    public Matrix copy() {
        Matrix m = blank("copy", rows, cols);
        System.arraycopy(data, 0, m.data, 0, data.length);
        return m;
    }

    // ---------------------------------------------------------------- products

    /** The matrix product A·B: (AB)_ij = Σ_k A_ik B_kj. Needs cols(A) = rows(B). */
    public Matrix mult(Matrix b) {
        return multInto(b, blank("mult: the result A·B", rows, given("mult", "a matrix B", b).cols));
    }

    /** Aᵀ·B without forming Aᵀ: (AᵀB)_ij = Σ_k A_ki B_kj. Needs rows(A) = rows(B). Same result as {@code transpose().mult(b)}. */
    public Matrix transposeMult(Matrix b) {
        given("transposeMult", "a matrix B", b);
        return transposeMultInto(b, blank("transposeMult: the result AᵀB", cols, b.cols));
    }

    /** A·Bᵀ without forming Bᵀ: (ABᵀ)_ij = Σ_k A_ik B_jk. Needs cols(A) = cols(B). Same result as {@code mult(b.transpose())}. */
    public Matrix multTranspose(Matrix b) {
        given("multTranspose", "a matrix B", b);
        return multTransposeInto(b, blank("multTranspose: the result ABᵀ", rows, b.rows));
    }

    /** C ← A·B, written into the existing matrix C (no allocation); returns C. C must not be A or B. */
    public Matrix multInto(Matrix b, Matrix c) {
        if (cols != given("mult", "a matrix B", b).rows) {
            throw new IllegalArgumentException("mult: cannot multiply " + shape() + " by " + b.shape()
                    + ": the inner dimensions " + cols + " and " + b.rows + " differ");
        }
        return product("multInto", false, b, false, c, rows, b.cols);
    }

    /** C ← Aᵀ·B, written into the existing matrix C (no allocation); returns C. C must not be A or B. */
    public Matrix transposeMultInto(Matrix b, Matrix c) {
        if (rows != given("transposeMult", "a matrix B", b).rows) {
            throw new IllegalArgumentException("transposeMult: cannot multiply the transpose of " + shape() + " by "
                    + b.shape() + ": the row counts " + rows + " and " + b.rows + " differ");
        }
        return product("transposeMultInto", true, b, false, c, cols, b.cols);
    }

    /** C ← A·Bᵀ, written into the existing matrix C (no allocation); returns C. C must not be A or B. */
    public Matrix multTransposeInto(Matrix b, Matrix c) {
        if (cols != given("multTranspose", "a matrix B", b).cols) {
            throw new IllegalArgumentException("multTranspose: cannot multiply " + shape() + " by the transpose of "
                    + b.shape() + ": the column counts " + cols + " and " + b.cols + " differ");
        }
        return product("multTransposeInto", false, b, true, c, rows, b.rows);
    }

    private Matrix product(String op, boolean transposeA, Matrix b, boolean transposeB, Matrix c, int m, int n) {
        if (given(op, "a result matrix C", c).rows != m || c.cols != n) {
            throw new IllegalArgumentException(op + ": the result is " + m + "×" + n + ", but C is " + c.shape());
        }
        if (c.data == data || c.data == b.data) {
            throw new IllegalArgumentException(op + ": C must be a different matrix from both factors");
        }
        MatMul.multiply(this, transposeA, b, transposeB, c);
        c.version++;
        return c;
    }

    /**
     * For this W (n×k), a row δ (1×k) and a row x (1×n): returns δ·Wᵀ (1×n), the dot product of δ with every row of
     * W, and then updates W ← W + s·xᵀδ in place (a rank-one update, BLAS's {@code dger}). This is one sample's way
     * back through a layer fused with its SGD step: each row of W is read once for both. The result is computed with
     * W as it was, and both have the same bits as {@code delta.multTranspose(W)} followed by
     * {@code W.addScaledInPlace(x.transposeMult(delta), s)}.
     */
    public Matrix dotRowsThenAddOuter(Matrix delta, Matrix x, double s) {
        requireOuterRows("dotRowsThenAddOuter", "δ", delta, cols, "x", x, rows);
        Matrix dx = zeros(1, rows);
        Gemm.multTransposeRankOne(Gemm.current(), delta.data, x.data, s, data, dx.data, rows, cols);
        version++;
        return dx;
    }

    /**
     * W ← W + s·xᵀδ in place for this W (n×k), a row x (1×n) and a row δ (1×k): the rank-one update of
     * {@link #dotRowsThenAddOuter} without its products, with the same bits; returns this matrix.
     */
    public Matrix addOuterInPlace(Matrix x, Matrix delta, double s) {
        requireOuterRows("addOuterInPlace", "x", x, rows, "δ", delta, cols);
        Gemm.current().rankOne(s, x.data, 0, rows, delta.data, data, cols);
        version++;
        return this;
    }

    /**
     * Throws unless {@code first} is a row 1×wantA and {@code second} a row 1×wantB, both other matrices than this W:
     * the rows x (1×n) and δ (1×k) of a rank-one update, named in the order {@code op} takes them.
     */
    private void requireOuterRows(String op, String a, Matrix first, int wantA, String b, Matrix second, int wantB) {
        given(op, "a row " + a, first);
        given(op, "a row " + b, second);
        if (first.rows != 1 || first.cols != wantA || second.rows != 1 || second.cols != wantB) {
            throw new IllegalArgumentException(op + ": W is " + shape() + ", so " + a + " must be 1×" + wantA + " and "
                    + b + " 1×" + wantB + ", got " + a + " " + first.shape() + " and " + b + " " + second.shape());
        }
        if (first.data == data || second.data == data) {
            throw new IllegalArgumentException(op + ": " + a + " and " + b + " must be different matrices from W");
        }
    }

    /** The transpose Aᵀ: (Aᵀ)_ij = A_ji. */
    public Matrix transpose() {
        Matrix t = zeros(cols, rows);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) t.data[j * rows + i] = data[i * cols + j];
        }
        return t;
    }

    /** The inner product uᵀv of two vectors of equal length (rows or columns). */
    public double dot(Matrix v) {
        if (!given("dot", "a vector", v).isVector() || !isVector() || size() != v.size()) {
            throw new IllegalArgumentException("dot: expected two vectors of equal length, got " + shape()
                    + " and " + v.shape());
        }
        double s = 0;
        for (int k = 0; k < data.length; k++) s += data[k] * v.data[k];
        return s;
    }

    // ---------------------------------------------------------------- elementwise

    // plus, minus, hadamard and scale loop themselves rather than pass a lambda to zip or map: the JIT compiles such a
    // plain loop into SIMD code, while a lambda called from zip's one loop for every operation is not inlined there.

    /** A + B, entry by entry. */
    public Matrix plus(Matrix b) {
        Matrix m = sameShape("plus", b);
        for (int k = 0; k < data.length; k++) m.data[k] = data[k] + b.data[k];
        return m;
    }

    /** A − B, entry by entry. */
    public Matrix minus(Matrix b) {
        Matrix m = sameShape("minus", b);
        for (int k = 0; k < data.length; k++) m.data[k] = data[k] - b.data[k];
        return m;
    }

    /** The Hadamard product A ⊙ B: (A ⊙ B)_ij = A_ij B_ij. */
    public Matrix hadamard(Matrix b) {
        Matrix m = sameShape("hadamard", b);
        for (int k = 0; k < data.length; k++) m.data[k] = data[k] * b.data[k];
        return m;
    }

    /** A new zero matrix of this shape, after checking that B has it too. */
    private Matrix sameShape(String op, Matrix b) {
        requireSameShape(op, b);
        return zeros(rows, cols);
    }

    /** s·A. */
    public Matrix scale(double s) {
        Matrix m = zeros(rows, cols);
        for (int k = 0; k < data.length; k++) m.data[k] = s * data[k];
        return m;
    }

    /** A + s, added to every entry. */
    public Matrix plus(double s) { return map(x -> x + s); }

    /** f applied to every entry: (f(A))_ij = f(A_ij). */
    public Matrix map(DoubleUnaryOperator f) {
        given("map", "a function", f);
        Matrix m = zeros(rows, cols);
        for (int k = 0; k < data.length; k++) m.data[k] = f.applyAsDouble(data[k]);
        return m;
    }

    /** f applied to matching entries of A and B: (f(A, B))_ij = f(A_ij, B_ij). */
    public Matrix zip(Matrix b, DoubleBinaryOperator f) { return zip("zip", b, f); }

    private Matrix zip(String op, Matrix b, DoubleBinaryOperator f) {
        requireSameShape(op, b);
        given(op, "a function", f);
        Matrix m = zeros(rows, cols);
        for (int k = 0; k < data.length; k++) m.data[k] = f.applyAsDouble(data[k], b.data[k]);
        return m;
    }

    /** A + 1·b: the 1×c row b added to every row of A (the bias broadcast of X·W + b). */
    public Matrix plusRow(Matrix b) {
        if (given("plusRow", "a row", b).rows != 1 || b.cols != cols) {
            throw new IllegalArgumentException("plusRow: expected a 1×" + cols + " row to add to each row of "
                    + shape() + ", got " + b.shape());
        }
        Matrix m = zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) m.data[i * cols + j] = data[i * cols + j] + b.data[j];
        }
        return m;
    }

    /** A + b·1ᵀ: the r×1 column b added to every column of A (the bias broadcast of W·A + b). */
    public Matrix plusColumn(Matrix b) {
        if (given("plusColumn", "a column", b).cols != 1 || b.rows != rows) {
            throw new IllegalArgumentException("plusColumn: expected a " + rows + "×1 column to add to each column of "
                    + shape() + ", got " + b.shape());
        }
        return transpose().plusRow(b.transpose()).transpose();
    }

    /**
     * The logistic sigmoid of every entry, σ(a) = 1 / (1 + e^(−a)), computed without overflow (e^(−|a|) never
     * exceeds 1), with SIMD when the Vector API is present. e^x comes from the course's own fixed-operation exp, so the
     * bits never depend on the JIT or the kernel, and are within a couple of ulps of {@code Math.exp}'s. Like torch's
     * {@code Tensor.sigmoid()}.
     */
    public Matrix logistic() {
        Matrix m = zeros(rows, cols);
        Gemm.current().logistic(data, m.data);
        return m;
    }

    // ---------------------------------------------------------------- reductions

    /** Σ_ij A_ij. */
    public double sum() {
        double s = 0;
        for (double x : data) s += x;
        return s;
    }

    /**
     * (1 / rc) Σ_ij A_ij. The mean of finite entries is finite: if their sum overflows, it is summed again with every
     * entry scaled by 2⁻³² (exact), divided, and scaled back, which gives the bits the plain formula would give with a
     * wider exponent range.
     */
    public double mean() {
        double s = sum();
        if (!Double.isInfinite(s) || !isFinite()) return s / data.length;
        double scaled = 0;
        for (double x : data) scaled += Math.scalb(x, -32);
        return Math.scalb(scaled / data.length, 32);
    }

    /** The 1×c row of column sums, Σ_i A_ij: summing over the samples (numpy's {@code sum(axis=0)}). */
    public Matrix columnSums() {
        Matrix s = zeros(1, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) s.data[j] += data[i * cols + j];
        }
        return s;
    }

    /** The 1×c row of column means, (1/r) Σ_i A_ij. */
    public Matrix columnMeans() { return columnSums().scale(1.0 / rows); }

    /** The r×1 column of row sums, Σ_j A_ij (numpy's {@code sum(axis=1, keepdims=True)}). */
    public Matrix rowSums() { return transpose().columnSums().transpose(); }

    /** The r×1 column of row means, (1/c) Σ_j A_ij. */
    public Matrix rowMeans() { return rowSums().scale(1.0 / cols); }

    /** max_ij |A_ij|, the largest entry in absolute value. */
    public double maxAbs() {
        double m = 0;
        for (double x : data) m = Math.max(m, Math.abs(x));
        return m;
    }

    /**
     * ‖A‖ = √(Σ_ij A_ij²), the Frobenius norm: the length of the entries taken as one vector, such as the size of a
     * gradient ∂J/∂W. Computed as M·√(Σ_ij (A_ij / M)²) with M = max |A_ij|, so it neither overflows nor underflows
     * where the plain sum of squares would (entries of 1e200 or 1e-200). NaN if an entry is NaN, +∞ if one is infinite.
     */
    public double norm() {
        double m = maxAbs();
        if (m == 0 || !Double.isFinite(m)) return m;
        double s = 0;
        for (double x : data) {
            double r = x / m;
            s += r * r;
        }
        return m * Math.sqrt(s);
    }

    /** √((1/rc) Σ_ij A_ij²) = ‖A‖ / √(rc), the root mean square of the entries: their typical size, whatever the shape. */
    public double rms() { return norm() / Math.sqrt(data.length); }

    /** True when every entry is finite: no NaN and no ±∞. */
    public boolean isFinite() { return Gemm.current().allFinite(data); }

    /**
     * Returns this matrix if every entry is finite, and otherwise throws naming the first NaN or ±∞ and where it is;
     * {@code what} names the matrix in the message, e.g. {@code "fit: inputs"}.
     */
    public Matrix requireFinite(String what) {
        if (isFinite()) return this;   // the SIMD check first; the search for the culprit only when there is one
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                throw new IllegalArgumentException(what + ": entry (" + k / cols + ", " + k % cols + ") of the "
                        + shape() + " matrix is " + data[k] + "; expected finite numbers (no NaN or infinity)");
            }
        }
        return this;
    }

    // ---------------------------------------------------------------- in place (for optimizers)

    /** A ← A + s·B, in place; returns this matrix. */
    public Matrix addScaledInPlace(Matrix b, double s) {
        requireSameShape("addScaledInPlace", b);
        Gemm.current().axpy(s, b.data, data);
        version++;
        return this;
    }

    /** A ← s·A, in place; returns this matrix. */
    public Matrix scaleInPlace(double s) {
        if (s == 1) return this;   // x·1 = x exactly: skip the pass (per-sample training scales by 1/m = 1)
        for (int k = 0; k < data.length; k++) data[k] *= s;
        version++;
        return this;
    }

    /** A ← B, entry by entry, in place; returns this matrix. */
    public Matrix setTo(Matrix b) {
        requireSameShape("setTo", b);
        System.arraycopy(b.data, 0, data, 0, data.length);
        version++;
        return this;
    }

    /** A ← 0, in place; returns this matrix. */
    public Matrix clear() {
        Arrays.fill(data, 0);
        version++;
        return this;
    }

    // ---------------------------------------------------------------- comparison and text

    /** Throws unless B has the shape of this matrix; {@code op} names the operation in the message. */
    public void requireSameShape(String op, Matrix b) {
        if (b == null) throw new IllegalArgumentException(op + ": expected a " + shape() + " matrix, got null");
        if (rows != b.rows || cols != b.cols) {
            throw new IllegalArgumentException(op + ": shapes " + shape() + " and " + b.shape() + " differ");
        }
    }

    /** True when the shapes agree and max_ij |A_ij − B_ij| ≤ tol. */
    public boolean isClose(Matrix b, double tol) {
        return rows == given("isClose", "a matrix", b).rows && cols == b.cols && maxAbsDiff(b) <= tol;
    }

    /** max_ij |A_ij − B_ij|. */
    public double maxAbsDiff(Matrix b) {
        requireSameShape("maxAbsDiff", b);
        double m = 0;
        for (int k = 0; k < data.length; k++) m = Math.max(m, Math.abs(data[k] - b.data[k]));
        return m;
    }

    /** Exact equality of shape and of every entry, bit for bit (as {@link Arrays#equals(double[], double[])}). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Matrix)) return false;
        Matrix b = (Matrix) o;
        return rows == b.rows && cols == b.cols && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() { return 31 * (31 * rows + cols) + Arrays.hashCode(data); }

    /** The shape, then the rows with aligned columns; large matrices are elided in the middle. */
    @Override
    public String toString() { return MatrixFormat.format(this); }
}
