package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import java.util.List;
import java.util.Random;

/**
 * A 2-D convolution layer, one sample per row: each row of X holds C channels of an H×W image, channel by channel
 * and row by row (entry c·H·W + y·W + x). With F filters of size K×K, stride S and zero padding P, the output holds F
 * channels of Ho×Wo, Ho = (H + 2P − K)/S + 1 and Wo = (W + 2P − K)/S + 1:
 * <pre>
 *   A[f, oy, ox] = b_f + Σ_c Σ_ky Σ_kx X[c, oy·S + ky − P, ox·S + kx − P] · W[(c, ky, kx), f]       Y = f(A)
 * </pre>
 * (an input outside the image reads as 0). <b>im2col</b> turns that into one matrix product: a row of the matrix
 * Col (m·Ho·Wo × C·K·K) holds the C·K·K inputs one output position sees, so A = Col·W + b with W (C·K·K × F), the
 * fast product of {@link Matrix#mult}. Backward, with Δ = G ⊙ f′(A) laid out the same way (m·Ho·Wo × F):
 * <pre>
 *   ∂J/∂W = (1/m) Colᵀ·Δ        ∂J/∂b = (1/m) Σ_positions Δ        ∂L/∂Col = Δ·Wᵀ
 * </pre>
 * and ∂L/∂X adds every entry of ∂L/∂Col back to the input it came from (col2im): an input seen by several positions
 * gets the sum of their gradients.
 */
public final class Conv2D extends Layer implements Sized {
    private final Shape in, out;
    private final int kernel, stride, padding;
    private final Activation activation;
    private final Parameter w, b;
    private final List<Parameter> parameters;
    private int[] sources;      // the input column each entry of a sample's Col reads (−1: padding), made once
    private Matrix col, a, y;   // caches of the last forward pass
    private ForwardStamp stamp;

    /**
     * A layer of {@code filters} filters, {@code kernel}×{@code kernel}, over images of {@code channels}×{@code height}×
     * {@code width}, with the given stride and zero padding; W (C·K·K × F) drawn by {@code init} (fan-in C·K·K,
     * fan-out F) from {@code rng}, b = 0.
     */
    public Conv2D(int channels, int height, int width, int filters, int kernel, int stride, int padding,
                  Activation activation, Initializer init, Random rng) {
        this.in = new Shape(Require.positiveCount("Conv2D", "the number of channels", channels),
                Require.positiveCount("Conv2D", "the height", height), Require.positiveCount("Conv2D", "the width", width));
        this.kernel = Require.positiveCount("Conv2D", "the kernel size", kernel);
        this.stride = Require.positiveCount("Conv2D", "the stride", stride);
        Require.that(padding >= 0, "Conv2D", "the padding", "≥ 0", padding);
        this.padding = padding;
        this.out = new Shape(Require.positiveCount("Conv2D", "the number of filters", filters),
                outputSide("height", height), outputSide("width", width));
        this.activation = Require.given("Conv2D", "an activation", activation);
        Require.given("Conv2D", "an initializer", init);
        Matrix weights = init.weights(channels * kernel * kernel, filters, Require.given("Conv2D", "a random generator", rng));
        if (weights == null || weights.rows() != channels * kernel * kernel || weights.cols() != filters) {
            throw new IllegalArgumentException("Conv2D: initializer " + init.name() + " returned "
                    + (weights == null ? "null" : weights.shape()) + ", expected " + channels * kernel * kernel + "×" + filters);
        }
        this.w = new Parameter("W", weights.copy());
        this.b = new Parameter("b", Matrix.zeros(1, filters));
        this.parameters = List.of(w, b);
    }

    /**
     * A layer with the given weights W ((C·K·K) × F) and bias b (1 × F), copied, for a layer written down by hand or read
     * from a file.
     */
    public static Conv2D of(Shape input, int kernel, int stride, int padding, Matrix w, Matrix b, Activation activation) {
        Require.given("Conv2D.of", "the input's shape", input);
        Require.finite("Conv2D.of: weights W", Require.given("Conv2D.of", "weights W", w));
        Require.finite("Conv2D.of: bias b", Require.given("Conv2D.of", "a bias b", b));
        Conv2D layer = new Conv2D(input.channels(), input.height(), input.width(), w.cols(), kernel, stride, padding,
                activation, Initializers.of("given", (n, k, rng) -> Matrix.zeros(n, k)), new Random(0));
        layer.w.value().setTo(Require.sameShape("Conv2D.of: weights W", layer.w.value(), w));
        layer.b.value().setTo(Require.sameShape("Conv2D.of: bias b", layer.b.value(), b));
        return layer;
    }

    /** (side + 2P − K)/S + 1, after checking that the kernel fits the padded side and the stride divides. */
    private int outputSide(String name, int side) {
        int padded = side + 2 * padding;
        if (kernel > padded) {
            throw new IllegalArgumentException("Conv2D: the " + kernel + "×" + kernel + " kernel is larger than the padded "
                    + name + " " + side + " + 2·" + padding + " = " + padded);
        }
        if ((padded - kernel) % stride != 0) {
            throw new IllegalArgumentException("Conv2D: stride " + stride + " does not divide the padded " + name + " minus "
                    + "the kernel, " + padded + " − " + kernel + " = " + (padded - kernel) + "; choose a stride that divides "
                    + "it, or pad so that it does");
        }
        return (padded - kernel) / stride + 1;
    }

    /** Y = f(Col·W + b), rearranged to one sample per row, F channels of Ho×Wo. Caches Col, A and Y. */
    @Override
    public Matrix forward(Matrix input) {
        int m = requireInput("forward", input);
        col = im2col(input, m);
        a = toRows(col.mult(w.value()).plusRow(b.value()), m);
        y = activation.f(a);
        stamp = ForwardStamp.of(input, y, parameters);
        return y;
    }

    @Override
    public Matrix predict(Matrix input) {
        int m = requireInput("predict", input);
        return activation.f(toRows(im2col(input, m).mult(w.value()).plusRow(b.value()), m));
    }

    /** ∂J/∂W = (1/m) Colᵀ·Δ, ∂J/∂b = (1/m) Σ Δ, and ∂L/∂X by col2im of Δ·Wᵀ. */
    @Override
    public Matrix backward(Matrix gradOutput) {
        ForwardStamp.requireBackward(stamp, "Conv2D.backward", gradOutput);
        int m = gradOutput.rows();
        Matrix delta = toPositions(gradOutput.hadamard(activation.df(a, y)), m);   // Δ, m·Ho·Wo × F
        w.setGradProduct(col, delta, 1.0 / m);                                      // (1/m) Colᵀ·Δ
        b.setGrad(delta.columnSums().scale(1.0 / m));                               // (1/m) Σ Δ
        return col2im(delta.multTranspose(w.value()), m);                          // col2im(Δ·Wᵀ)
    }

    /** Col: row (i, oy, ox) holds the inputs X[i, c, oy·S + ky − P, ox·S + kx − P] for every (c, ky, kx), 0 outside. */
    private Matrix im2col(Matrix input, int m) {
        int[] from = sources();
        double[] x = input.toFlatArray(), c = new double[m * from.length];
        for (int i = 0, at = 0; i < m; i++) {
            for (int k = 0; k < from.length; k++, at++) c[at] = from[k] < 0 ? 0 : x[i * in.size() + from[k]];
        }
        return Matrix.wrap(m * out.height * out.width, in.channels * kernel * kernel, c);
    }

    /** col2im: every entry of ∂L/∂Col added to the input it came from; padding's entries are dropped. */
    private Matrix col2im(Matrix dCol, int m) {
        int[] from = sources();
        double[] d = dCol.toFlatArray(), dx = new double[m * in.size()];
        for (int i = 0, at = 0; i < m; i++) {
            for (int k = 0; k < from.length; k++, at++) if (from[k] >= 0) dx[i * in.size() + from[k]] += d[at];
        }
        return Matrix.wrap(m, in.size(), dx);
    }

    /**
     * For one sample's entries of Col, row (oy, ox) and column (c, ky, kx) in order, the input column each reads,
     * (c·H + oy·S + ky − P)·W + ox·S + kx − P, or −1 in the padding. Computed once per layer.
     */
    private int[] sources() {
        if (sources != null) return sources;
        int[] from = new int[out.height * out.width * in.channels * kernel * kernel];
        int at = 0;
        for (int oy = 0; oy < out.height; oy++) {
            for (int ox = 0; ox < out.width; ox++) {
                for (int ch = 0; ch < in.channels; ch++) {
                    for (int ky = 0; ky < kernel; ky++) {
                        int yy = oy * stride + ky - padding;
                        for (int kx = 0; kx < kernel; kx++, at++) {
                            int xx = ox * stride + kx - padding;
                            boolean inside = yy >= 0 && yy < in.height && xx >= 0 && xx < in.width;
                            from[at] = inside ? (ch * in.height + yy) * in.width + xx : -1;
                        }
                    }
                }
            }
        }
        return sources = from;
    }

    /** From positions (m·Ho·Wo × F, row (i, oy, ox)) to one sample per row (m × F·Ho·Wo, channels first). */
    private Matrix toRows(Matrix byPosition, int m) {
        int positions = out.height * out.width, f = out.channels;
        double[] from = byPosition.toFlatArray(), to = new double[m * out.size()];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < positions; p++) {
                for (int k = 0; k < f; k++) to[i * out.size() + k * positions + p] = from[(i * positions + p) * f + k];
            }
        }
        return Matrix.wrap(m, out.size(), to);
    }

    /** The inverse of {@link #toRows}. */
    private Matrix toPositions(Matrix rows, int m) {
        int positions = out.height * out.width, f = out.channels;
        double[] from = rows.toFlatArray(), to = new double[m * out.size()];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < positions; p++) {
                for (int k = 0; k < f; k++) to[(i * positions + p) * f + k] = from[i * out.size() + k * positions + p];
            }
        }
        return Matrix.wrap(m * positions, f, to);
    }

    private int requireInput(String op, Matrix input) {
        if (Require.given("Conv2D." + op, "an input matrix X", input).cols() != in.size()) {
            throw new IllegalArgumentException("Conv2D." + op + ": input " + input.shape() + " has " + input.cols()
                    + " columns, expected " + in + " = " + in.size() + " (channels × height × width, one sample per row)");
        }
        return input.rows();
    }

    @Override
    public List<Parameter> parameters() { return parameters; }

    @Override
    ForwardStamp stamp() { return stamp; }

    @Override public int inputs() { return in.size(); }

    @Override public int outputs() { return out.size(); }

    /** The input's channels × height × width. */
    public Shape inputShape() { return in; }

    /** The output's filters × Ho × Wo. */
    public Shape outputShape() { return out; }

    public int kernel() { return kernel; }

    public int stride() { return stride; }

    public int padding() { return padding; }

    public Activation activation() { return activation; }

    /** W, (C·K·K) × F: column f is filter f, entry (c·K + ky)·K + kx its weight at channel c, row ky, column kx. */
    public Matrix weights() { return w.value(); }

    /** b, 1 × F. */
    public Matrix bias() { return b.value(); }

    @Override
    public String toString() {
        return "Conv2D(" + in + " → " + out + ", " + kernel + "×" + kernel + ", stride " + stride + ", padding " + padding
                + ", " + activation.name() + ")";
    }

    /** An image shape: channels × height × width. */
    public record Shape(int channels, int height, int width) {
        /** channels · height · width, the columns a sample takes. */
        public int size() { return channels * height * width; }

        @Override public String toString() { return channels + "×" + height + "×" + width; }
    }
}
