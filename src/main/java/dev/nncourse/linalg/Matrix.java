package dev.nncourse.linalg;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense matrix of doubles, stored row-major: entry (i, j) lives at index {@code i * cols + j} of one array. The API
 * reads like the formula: {@code x.mult(w).plusRow(b)} is X·W + b. Every operation returns a new matrix except
 * {@code set}, {@code setTo}, {@code clear} and those named {@code …InPlace}, which optimizers use; {@link Kernels}
 * has the in-place kernels the library itself needs. One sample per <em>row</em>: a minibatch of m samples with n
 * features is an m×n matrix X, and a dense layer computes X·W + b with W n×k and b 1×k. Bad shapes, nulls and sizes
 * beyond {@link #MAX_SIZE} or the JVM's memory throw {@link IllegalArgumentException} naming the operation and shapes.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    final double[] data;
    int version;   // bumped by every in-place change: see Kernels.version

    static {
        Gemm.current();   // the library's first use starts the SIMD kernel's warm-up (Gemm), before the first product
    }

    /** The most entries a matrix can have: the longest {@code double[]} a JVM allocates, 2³¹ − 9. */
    public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    // ---------------------------------------------------------------- factories

    /** A new r×c zero matrix, after checking that it can exist and fits in memory. */
    static Matrix blank(String op, long rows, long cols) {
        return new Matrix((int) rows, (int) cols, Allocation.doubles(op, rows, cols));
    }

    /** The r×c zero matrix: {@code Matrix.zeros(2, 3)}. */
    public static Matrix zeros(int rows, int cols) { return blank("zeros", rows, cols); }

    /** The r×c matrix with every entry equal to {@code value}: {@code Matrix.filled(1, 3, 0.5)}. */
    public static Matrix filled(int rows, int cols, double value) {
        Matrix m = blank("filled", rows, cols);
        Arrays.fill(m.data, value);
        return m;
    }

    /** A copy of a rectangular array, one inner array per row: {@code Matrix.of(new double[][] {{1, 2}, {3, 4}})}. */
    public static Matrix of(double[][] values) {
        int c = Allocation.requireRectangular(values);
        Matrix m = blank("of", values.length, c);
        for (int i = 0; i < values.length; i++) System.arraycopy(values[i], 0, m.data, i * c, c);
        return m;
    }

    /** The 1×n row vector (v₁ … vₙ): {@code Matrix.row(1, 2, 3)}. */
    public static Matrix row(double... values) {
        return of(new double[][] {Require.given("row", "the entries of a row", values)});
    }

    /** The n×1 column vector (v₁ … vₙ)ᵀ: {@code Matrix.column(1, 2, 3)}. */
    public static Matrix column(double... values) {
        return row(Require.given("column", "the entries of a column", values)).transpose();
    }

    /** An r×c matrix that wraps {@code data} (row-major) without copying: writes to the array show in the matrix. */
    public static Matrix wrap(int rows, int cols, double[] data) {
        Require.shape("wrap", rows, cols);
        if (Require.given("wrap", "an array of values", data).length != (long) rows * cols) {
            throw new IllegalArgumentException("wrap: shape " + rows + "×" + cols + " needs " + (long) rows * cols
                    + " values, got " + data.length);
        }
        return new Matrix(rows, cols, data);
    }

    /** Entries drawn independently from N(0, 1), like numpy's {@code random.randn(rows, cols)}, from {@code rng}. */
    public static Matrix gaussian(int rows, int cols, Random rng) {
        Require.given("gaussian", "a random generator", rng);
        Matrix m = blank("gaussian", rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = rng.nextGaussian();
        return m;
    }

    /** {@link #gaussian(int, int, Random)} from {@code new Random(seed)}: {@code Matrix.gaussian(4, 2, 1)}. */
    public static Matrix gaussian(int rows, int cols, long seed) { return gaussian(rows, cols, new Random(seed)); }

    /** Entries drawn independently from U(−limit, limit). */
    public static Matrix uniform(int rows, int cols, double limit, Random rng) {
        Require.nonNegative("uniform", "the limit", limit);
        Require.given("uniform", "a random generator", rng);
        Matrix m = blank("uniform", rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = (2 * rng.nextDouble() - 1) * limit;
        return m;
    }

    /** The outer product u vᵀ of two vectors (rows or columns): (u vᵀ)_ij = u_i v_j, the n×1 by 1×k product. */
    public static Matrix outer(Matrix u, Matrix v) {
        if (!Require.given("outer", "a vector u", u).isVector() || !Require.given("outer", "a vector v", v).isVector()) {
            throw new IllegalArgumentException("outer: expected two vectors, got " + u.shape() + " and " + v.shape());
        }
        Matrix m = blank("outer: the result u vᵀ", u.size(), v.size());   // named as outer's, not as a product's
        return Kernels.multInto(wrap(u.size(), 1, u.data), wrap(1, v.size(), v.data), m);
    }

    /** The blocks on top of each other, like numpy's {@code vstack}; every block has the same number of columns. */
    public static Matrix stack(List<Matrix> blocks) {
        long r = Allocation.stackedRows(blocks);
        Matrix m = blank("stack", r, blocks.get(0).cols);
        int at = 0;
        for (Matrix b : blocks) {
            System.arraycopy(b.data, 0, m.data, at, b.data.length);
            at += b.data.length;
        }
        return m;
    }

    // ---------------------------------------------------------------- shape and entries

    public int rows() { return rows; }

    public int cols() { return cols; }

    /** The number of entries, rows·cols. */
    public int size() { return data.length; }

    /** The shape as text: {@code "2×3"}. */
    public String shape() { return rows + "×" + cols; }

    /** Whether this is a row (1×n) or a column (n×1). */
    public boolean isVector() { return rows == 1 || cols == 1; }

    /** Entry (i, j), counting from 0. */
    public double get(int i, int j) { return data[index(i, j)]; }

    /** Sets entry (i, j) in place; returns this matrix. */
    public Matrix set(int i, int j, double value) {
        data[index(i, j)] = value;
        version++;
        return this;
    }

    /** Entry k in row-major order, the k-th of rows·cols: entry (k / cols, k % cols). */
    public double at(int k) { return data[k]; }

    /** Sets entry k in row-major order, in place. */
    public void setAt(int k, double value) {
        data[k] = value;
        version++;
    }

    /** Notes an in-place change made directly to {@code data} (by {@link Kernels}). */
    void changed() { version++; }

    private int index(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("entry (" + i + ", " + j + ") is outside a " + shape() + " matrix");
        }
        return i * cols + j;
    }

    /** Row i as a new 1×c matrix: {@code x.getRow(0)} is the first sample. */
    public Matrix getRow(int i) { return selectRows(new int[] {i}); }

    /** The rows with the given indices, in that order: how a minibatch is cut from a data set. */
    public Matrix selectRows(int[] indices) {
        if (Require.given("selectRows", "an array of row indices", indices).length == 0) {
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

    /** A copy of the entries as {@code double[rows][cols]}. */
    public double[][] toArray() {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) System.arraycopy(data, i * cols, a[i], 0, cols);
        return a;
    }

    /** A copy of the entries in row-major order. */
    public double[] toFlatArray() { return data.clone(); }

    /** A new matrix with the same entries. */
    public Matrix copy() {
        Matrix m = blank("copy", rows, cols);
        System.arraycopy(data, 0, m.data, 0, data.length);
        return m;
    }

    // ---------------------------------------------------------------- products

    /** The matrix product A·B, (AB)_ij = Σ_k A_ik B_kj; needs cols(A) = rows(B): {@code x.mult(w)} is X·W. */
    public Matrix mult(Matrix b) {
        return Kernels.multInto(this, b, blank("mult: the result A·B", rows, Require.given("mult", "a matrix B", b).cols));
    }

    /** Aᵀ·B without forming Aᵀ, (AᵀB)_ij = Σ_k A_ki B_kj; needs rows(A) = rows(B): {@code x.transposeMult(delta)}. */
    public Matrix transposeMult(Matrix b) {
        return Kernels.transposeMultInto(this, b,
                blank("transposeMult: the result AᵀB", cols, Require.given("transposeMult", "a matrix B", b).cols));
    }

    /** A·Bᵀ without forming Bᵀ, (ABᵀ)_ij = Σ_k A_ik B_jk; needs cols(A) = cols(B): {@code delta.multTranspose(w)}. */
    public Matrix multTranspose(Matrix b) {
        return Kernels.multTransposeInto(this, b,
                blank("multTranspose: the result ABᵀ", rows, Require.given("multTranspose", "a matrix B", b).rows));
    }

    /** The transpose Aᵀ: (Aᵀ)_ij = A_ji. */
    public Matrix transpose() {
        Matrix t = zeros(cols, rows);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) t.data[j * rows + i] = data[i * cols + j];
        }
        return t;
    }

    /** The inner product uᵀv = Σ_k u_k v_k of two vectors of equal length (rows or columns). */
    public double dot(Matrix v) {
        if (!Require.given("dot", "a vector", v).isVector() || !isVector() || size() != v.size()) {
            throw new IllegalArgumentException("dot: expected two vectors of equal length, got " + shape() + " and " + v.shape());
        }
        double s = 0;
        for (int k = 0; k < data.length; k++) s += data[k] * v.data[k];
        return s;
    }

    // ---------------------------------------------------------------- entry by entry

    /** A + B, entry by entry. */
    public Matrix plus(Matrix b) {
        Matrix m = sameShape("plus", b);
        for (int k = 0; k < data.length; k++) m.data[k] = data[k] + b.data[k];
        return m;
    }

    /** A − B, entry by entry: {@code y.minus(t)} is the error Y − T. */
    public Matrix minus(Matrix b) {
        Matrix m = sameShape("minus", b);
        for (int k = 0; k < data.length; k++) m.data[k] = data[k] - b.data[k];
        return m;
    }

    /** The Hadamard product A ⊙ B, (A ⊙ B)_ij = A_ij B_ij: {@code g.hadamard(fPrime)} is G ⊙ f′(A). */
    public Matrix hadamard(Matrix b) {
        Matrix m = sameShape("hadamard", b);
        for (int k = 0; k < data.length; k++) m.data[k] = data[k] * b.data[k];
        return m;
    }

    private Matrix sameShape(String op, Matrix b) {
        Require.sameShape(op, this, b);
        return zeros(rows, cols);
    }

    /** s·A: {@code grad.scale(1.0 / m)}. */
    public Matrix scale(double s) {
        Matrix m = zeros(rows, cols);
        for (int k = 0; k < data.length; k++) m.data[k] = s * data[k];
        return m;
    }

    /** A + s, added to every entry. */
    public Matrix plus(double s) { return map(x -> x + s); }

    /** f applied to every entry, (f(A))_ij = f(A_ij): {@code a.map(Math::tanh)}. */
    public Matrix map(DoubleUnaryOperator f) {
        Require.given("map", "a function", f);
        Matrix m = zeros(rows, cols);
        for (int k = 0; k < data.length; k++) m.data[k] = f.applyAsDouble(data[k]);
        return m;
    }

    /** f applied to matching entries, (f(A, B))_ij = f(A_ij, B_ij): {@code y.zip(t, (a, b) -> a * b)}. */
    public Matrix zip(Matrix b, DoubleBinaryOperator f) {
        Require.sameShape("zip", this, b);
        Require.given("zip", "a function", f);
        Matrix m = zeros(rows, cols);
        for (int k = 0; k < data.length; k++) m.data[k] = f.applyAsDouble(data[k], b.data[k]);
        return m;
    }

    /** A + 1·b: the 1×c row b added to every row of A, the bias broadcast of X·W + b. */
    public Matrix plusRow(Matrix b) {
        if (Require.given("plusRow", "a row", b).rows != 1 || b.cols != cols) {
            throw new IllegalArgumentException("plusRow: expected a 1×" + cols + " row to add to each row of " + shape()
                    + ", got " + b.shape());
        }
        Matrix m = zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) m.data[i * cols + j] = data[i * cols + j] + b.data[j];
        }
        return m;
    }

    /** A + b·1ᵀ: the r×1 column b added to every column of A, the bias broadcast of W·A + b. */
    public Matrix plusColumn(Matrix b) {
        if (Require.given("plusColumn", "a column", b).cols != 1 || b.rows != rows) {
            throw new IllegalArgumentException("plusColumn: expected a " + rows + "×1 column to add to each column of "
                    + shape() + ", got " + b.shape());
        }
        return transpose().plusRow(b.transpose()).transpose();
    }

    // ---------------------------------------------------------------- reductions

    /** Σ_ij A_ij. */
    public double sum() {
        double s = 0;
        for (double x : data) s += x;
        return s;
    }

    /** (1 / rc) Σ_ij A_ij; finite for finite entries (an overflowing sum is redone scaled by 2⁻³², which is exact). */
    public double mean() {
        double s = sum();
        if (!Double.isInfinite(s) || !isFinite()) return s / data.length;
        double scaled = 0;
        for (double x : data) scaled += Math.scalb(x, -32);
        return Math.scalb(scaled / data.length, 32);
    }

    /** The 1×c row of column sums Σ_i A_ij, a sum over the samples (numpy's {@code sum(axis=0)}). */
    public Matrix columnSums() {
        Matrix s = zeros(1, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) s.data[j] += data[i * cols + j];
        }
        return s;
    }

    /** The 1×c row of column means (1/r) Σ_i A_ij. */
    public Matrix columnMeans() { return columnSums().scale(1.0 / rows); }

    /** The r×1 column of row sums Σ_j A_ij (numpy's {@code sum(axis=1, keepdims=True)}). */
    public Matrix rowSums() { return transpose().columnSums().transpose(); }

    /** max_ij |A_ij|, the largest entry in absolute value. */
    public double maxAbs() {
        double m = 0;
        for (double x : data) m = Math.max(m, Math.abs(x));
        return m;
    }

    /**
     * ‖A‖ = √(Σ_ij A_ij²), the Frobenius norm, such as the size of a gradient ∂J/∂W; computed as M·√(Σ_ij (A_ij/M)²)
     * with M = max |A_ij|, so it neither overflows nor underflows. NaN if an entry is NaN, +∞ if one is infinite.
     */
    public double norm() {
        double m = maxAbs();
        if (m == 0 || !Double.isFinite(m)) return m;
        double s = 0;
        for (double x : data) s += (x / m) * (x / m);
        return m * Math.sqrt(s);
    }

    /** √((1/rc) Σ_ij A_ij²) = ‖A‖ / √(rc), the typical size of an entry, whatever the shape. */
    public double rms() { return norm() / Math.sqrt(data.length); }

    /** True when every entry is finite: no NaN and no ±∞. */
    public boolean isFinite() { return Gemm.current().allFinite(data); }

    // ---------------------------------------------------------------- in place (for optimizers)

    /** A ← A + s·B, in place; returns this matrix: {@code w.addScaledInPlace(grad, -lr)} is W ← W − η ∂J/∂W. */
    public Matrix addScaledInPlace(Matrix b, double s) {
        Require.sameShape("addScaledInPlace", this, b);
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
        Require.sameShape("setTo", this, b);
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
    /** True when the shapes agree and max_ij |A_ij − B_ij| ≤ tol. */
    public boolean isClose(Matrix b, double tol) {
        return rows == Require.given("isClose", "a matrix", b).rows && cols == b.cols && maxAbsDiff(b) <= tol;
    }

    /** max_ij |A_ij − B_ij|. */
    public double maxAbsDiff(Matrix b) {
        Require.sameShape("maxAbsDiff", this, b);
        double m = 0;
        for (int k = 0; k < data.length; k++) m = Math.max(m, Math.abs(data[k] - b.data[k]));
        return m;
    }

    /** Exact equality of shape and of every entry, bit for bit (as {@link Arrays#equals(double[], double[])}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix b && rows == b.rows && cols == b.cols && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() { return 31 * (31 * rows + cols) + Arrays.hashCode(data); }

    /** The shape, then the rows with aligned columns; large matrices are elided in the middle. */
    @Override
    public String toString() { return MatrixFormat.format(this); }
}
