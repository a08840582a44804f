package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.GradientCheck;
import dev.nncourse.check.GradientReport;
import dev.nncourse.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The convolution by im2col against the definition's loops, its gradients against finite differences, bad shapes. */
class Conv2DTest {
    /** A[i, f, oy, ox] = b_f + Σ_c Σ_ky Σ_kx X[i, c, oy·S + ky − P, ox·S + kx − P] W[(c, ky, kx), f], by loops. */
    static Matrix direct(Conv2D conv, Matrix x) {
        Conv2D.Shape in = conv.inputShape(), out = conv.outputShape();
        int k = conv.kernel(), s = conv.stride(), p = conv.padding();
        Matrix a = Matrix.zeros(x.rows(), out.size());
        for (int i = 0; i < x.rows(); i++) {
            for (int f = 0; f < out.channels(); f++) {
                for (int oy = 0; oy < out.height(); oy++) {
                    for (int ox = 0; ox < out.width(); ox++) {
                        double sum = conv.bias().at(f);
                        for (int c = 0; c < in.channels(); c++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int yy = oy * s + ky - p, xx = ox * s + kx - p;
                                    if (yy < 0 || yy >= in.height() || xx < 0 || xx >= in.width()) continue;
                                    sum += x.get(i, (c * in.height() + yy) * in.width() + xx)
                                            * conv.weights().get((c * k + ky) * k + kx, f);
                                }
                            }
                        }
                        a.set(i, (f * out.height() + oy) * out.width() + ox, sum);
                    }
                }
            }
        }
        return a;
    }

    @ParameterizedTest(name = "C={0} H={1} W={2} F={3} K={4} S={5} P={6}")
    @CsvSource({"1,8,8,4,3,1,1", "2,5,7,3,3,2,1", "3,6,6,2,2,2,0", "1,4,4,1,4,1,0", "2,5,5,3,1,1,0", "1,3,5,2,3,1,2"})
    void im2colGivesTheDefinitionsSums(int c, int h, int w, int f, int k, int s, int p) {
        Conv2D conv = new Conv2D(c, h, w, f, k, s, p, Activations.IDENTITY, Initializers.HE, new Random(1));
        conv.bias().setTo(Matrix.gaussian(1, f, 2));
        Matrix x = Matrix.gaussian(3, c * h * w, 3);
        Matrix y = conv.forward(x);
        assertEquals(conv.outputShape().size(), y.cols());
        assertTrue(y.maxAbsDiff(direct(conv, x)) < 1e-12, "im2col against the loops: " + y.maxAbsDiff(direct(conv, x)));
        assertEquals(conv.predict(x), y, "predict gives the same bits");
    }

    @ParameterizedTest
    @CsvSource({"2,5,5,3,3,2,1", "1,6,6,2,3,1,1", "2,4,4,2,2,2,0"})
    void itsGradientsPassTheGradientCheck(int c, int h, int w, int f, int k, int s, int p) {
        Conv2D conv = new Conv2D(c, h, w, f, k, s, p, Activations.TANH, Initializers.HE, new Random(4));
        Network net = Network.of(conv, new Dense(conv.outputs(), 3, Activations.IDENTITY, Initializers.HE, new Random(5)));
        Matrix x = Matrix.gaussian(4, c * h * w, 6), t = Matrix.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}});
        GradientReport params = GradientCheck.of(net, Losses.SOFTMAX_CROSS_ENTROPY, x, t);
        GradientReport input = GradientCheck.input(net, Losses.SOFTMAX_CROSS_ENTROPY, x, t);
        assertTrue(params.maxEntryError() < 1e-7, params.toString());
        assertTrue(input.maxEntryError() < 1e-7, input.toString());
    }

    @Test void shapesThatCannotWorkAreRefusedNamingThem() {
        Random rng = new Random(1);
        assertMessage(IllegalArgumentException.class,
                () -> new Conv2D(1, 4, 4, 2, 7, 1, 1, Activations.RELU, Initializers.HE, rng), "7×7 kernel", "4 + 2·1 = 6");
        assertMessage(IllegalArgumentException.class,
                () -> new Conv2D(1, 8, 8, 2, 3, 2, 0, Activations.RELU, Initializers.HE, rng), "stride 2", "8 − 3 = 5");
        Conv2D conv = new Conv2D(3, 8, 8, 2, 3, 1, 1, Activations.RELU, Initializers.HE, rng);
        assertMessage(IllegalArgumentException.class, () -> conv.forward(Matrix.zeros(2, 64)), "64 columns",
                "3×8×8 = 192");
        assertMessage(IllegalArgumentException.class,
                () -> Network.of(conv, new Dense(100, 2, Activations.IDENTITY, Initializers.HE, rng)), "layer 2, Dense(100 → 2, identity), takes 100 inputs",
                "layer 1, Conv2D(3×8×8 → 2×8×8, 3×3, stride 1, padding 1, relu), gives 128");
        assertMessage(IllegalArgumentException.class,
                () -> new Conv2D(0, 8, 8, 2, 3, 1, 1, Activations.RELU, Initializers.HE, rng), "number of channels");
    }

    @Test void ofKeepsCopiesOfTheGivenWeights() {
        Matrix w = Matrix.gaussian(9, 2, 1), b = Matrix.row(0.5, -0.5);
        Conv2D conv = Conv2D.of(new Conv2D.Shape(1, 5, 5), 3, 1, 0, w, b, Activations.IDENTITY);
        w.set(0, 0, 99);
        assertEquals(Matrix.gaussian(9, 2, 1), conv.weights());
        assertEquals(b, conv.bias());
        assertEquals("Conv2D(1×5×5 → 2×3×3, 3×3, stride 1, padding 0, identity)", conv.toString());
    }
}
