package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;

/**
 * Max pooling over size×size windows with the given stride, channel by channel, one sample per row (the layout of
 * {@link Conv2D}): Y[c, oy, ox] = max over the window of X[c, oy·S + ky, ox·S + kx]. It has no parameters. Backward,
 * the gradient of a maximum goes to the input that was the maximum (the first one, on a tie) and nowhere else:
 * ∂L/∂X[c, y, x] = Σ of G over the windows whose maximum X[c, y, x] was.
 */
public final class MaxPool2D extends Layer implements Sized {
    private final Conv2D.Shape in, out;
    private final int size, stride;
    private int[] argmax;   // for every output entry of the last forward pass, the input column of its maximum
    private ForwardStamp stamp;

    /** Pooling of {@code size}×{@code size} windows with stride {@code stride} over images of channels×height×width. */
    public MaxPool2D(int channels, int height, int width, int size, int stride) {
        this.in = new Conv2D.Shape(Require.positiveCount("MaxPool2D", "the number of channels", channels),
                Require.positiveCount("MaxPool2D", "the height", height), Require.positiveCount("MaxPool2D", "the width", width));
        this.size = Require.positiveCount("MaxPool2D", "the window size", size);
        this.stride = Require.positiveCount("MaxPool2D", "the stride", stride);
        this.out = new Conv2D.Shape(channels, outputSide("height", height), outputSide("width", width));
    }

    private int outputSide(String name, int side) {
        if (size > side) {
            throw new IllegalArgumentException("MaxPool2D: the " + size + "×" + size + " window is larger than the " + name
                    + " " + side);
        }
        if ((side - size) % stride != 0) {
            throw new IllegalArgumentException("MaxPool2D: stride " + stride + " does not divide the " + name + " minus the "
                    + "window, " + side + " − " + size + " = " + (side - size));
        }
        return (side - size) / stride + 1;
    }

    /** Y = the maximum of every window; remembers where each maximum was. */
    @Override
    public Matrix forward(Matrix input) {
        requireInput("forward", input);
        argmax = new int[input.rows() * out.size()];
        Matrix y = pool(input, argmax);
        stamp = ForwardStamp.of(input, y, parameters());
        return y;
    }

    @Override
    public Matrix predict(Matrix input) {
        requireInput("predict", input);
        return pool(input, new int[input.rows() * out.size()]);
    }

    /** Y: for every sample, channel and window, the window's maximum (the first one, on a tie); where[k] its column. */
    private Matrix pool(Matrix input, int[] where) {
        double[] x = input.toFlatArray(), y = new double[input.rows() * out.size()];
        for (int i = 0; i < input.rows(); i++) {
            int row = i * in.size(), o = i * out.size();
            for (int c = 0; c < out.channels(); c++) {
                for (int oy = 0; oy < out.height(); oy++) {
                    for (int ox = 0; ox < out.width(); ox++, o++) {
                        int best = -1;
                        for (int ky = 0; ky < size; ky++) {
                            int at = (c * in.height() + oy * stride + ky) * in.width() + ox * stride;
                            for (int kx = 0; kx < size; kx++, at++) {
                                if (best < 0 || x[row + at] > x[row + best]) best = at;
                            }
                        }
                        y[o] = x[row + best];
                        where[o] = best;
                    }
                }
            }
        }
        return Matrix.wrap(input.rows(), out.size(), y);
    }

    /** ∂L/∂X: each entry of G added to the input that was its window's maximum. */
    @Override
    public Matrix backward(Matrix gradOutput) {
        ForwardStamp.requireBackward(stamp, "MaxPool2D.backward", gradOutput);
        double[] g = gradOutput.toFlatArray(), dx = new double[gradOutput.rows() * in.size()];
        for (int i = 0; i < gradOutput.rows(); i++) {
            for (int o = i * out.size(); o < (i + 1) * out.size(); o++) dx[i * in.size() + argmax[o]] += g[o];
        }
        return Matrix.wrap(gradOutput.rows(), in.size(), dx);
    }

    private void requireInput(String op, Matrix input) {
        if (Require.given("MaxPool2D." + op, "an input matrix X", input).cols() != in.size()) {
            throw new IllegalArgumentException("MaxPool2D." + op + ": input " + input.shape() + " has " + input.cols()
                    + " columns, expected " + in + " = " + in.size() + " (channels × height × width, one sample per row)");
        }
    }

    @Override
    ForwardStamp stamp() { return stamp; }

    @Override public int inputs() { return in.size(); }

    @Override public int outputs() { return out.size(); }

    public Conv2D.Shape inputShape() { return in; }

    public Conv2D.Shape outputShape() { return out; }

    public int size() { return size; }

    public int stride() { return stride; }

    @Override
    public String toString() { return "MaxPool2D(" + in + " → " + out + ", " + size + "×" + size + ", stride " + stride + ")"; }
}
