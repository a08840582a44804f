package dev.nncourse.autograd;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.EntryGradient;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Softmax;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Every operation's backward rule against finite differences, and the library's hand-derived gradients as special cases. */
class VarTest {
    /** Checks ∂out/∂A of out = f(A) for a leaf A, entry by entry, against five-point finite differences. */
    private static void checkGradient(Matrix a, Function<Var, Var> f) {
        Var leaf = Var.of(a);
        f.apply(leaf).backward();
        Matrix probe = a.copy();
        Matrix numeric = EntryGradient.numeric(() -> f.apply(Var.of(probe)).value().at(0), probe);
        double err = leaf.grad().maxAbsDiff(numeric) / Math.max(1e-3, numeric.maxAbs());
        assertTrue(err < 1e-8, "relative error " + err + " of " + leaf.grad() + " against " + numeric);
    }

    private static final Matrix A = Matrix.gaussian(3, 4, 1), B = Matrix.gaussian(4, 2, 2), C = Matrix.gaussian(3, 4, 3);

    @Test void everyRuleAgreesWithFiniteDifferences() {
        checkGradient(A, a -> a.mult(Var.of(B)).sum());
        checkGradient(B, b -> Var.of(A).mult(b).hadamard(Var.of(A).mult(b)).sum());
        checkGradient(A, a -> a.plus(Var.of(C)).hadamard(a).mean());
        checkGradient(A, a -> a.minus(Var.of(C)).apply(Activations.TANH).sum());
        checkGradient(Matrix.gaussian(1, 4, 4), b -> Var.of(C).plusRow(b).apply(Activations.SIGMOID).sum());
        checkGradient(Matrix.gaussian(3, 1, 5), c -> Var.of(A).minusColumn(c).exp().sum());
        checkGradient(A, a -> a.exp().rowSums().log().sum());
        checkGradient(A, a -> a.scale(-2.5).hadamard(Var.of(C)).sum());
    }

    @Test void aVarUsedTwiceGetsTheSumOfBothGradients() {
        Var x = Var.of(Matrix.row(3));
        x.hadamard(x).plus(x).sum().backward();          // d/dx (x² + x) = 2x + 1
        assertEquals(7.0, x.grad().at(0));
    }

    @Test void densesBackwardIsASpecialCase() {
        Random rng = new Random(6);
        Dense layer = new Dense(3, 2, Activations.TANH, Initializers.XAVIER_GAUSSIAN, rng);
        Matrix x = Matrix.gaussian(5, 3, 7), t = Matrix.gaussian(5, 2, 8);
        Var w = Var.of(layer.weights()), b = Var.of(layer.bias()), xv = Var.of(x);
        Var err = xv.mult(w).plusRow(b).apply(Activations.TANH).minus(Var.of(t));
        err.hadamard(err).sum().scale(0.5 / 5).backward();          // J = (1/m) Σ ½‖y − t‖²
        Matrix y = layer.forward(x);
        Matrix dx = layer.backward(Losses.MSE.gradient(y, t));
        assertTrue(w.grad().maxAbsDiff(layer.weightGrad()) < 1e-15, "∂J/∂W");
        assertTrue(b.grad().maxAbsDiff(layer.biasGrad()) < 1e-15, "∂J/∂b");
        assertTrue(xv.grad().scale(5).maxAbsDiff(dx) < 1e-14, "∂L/∂X = m ∂J/∂X");
    }

    @Test void softmaxCrossEntropyFromPrimitivesHasGradientPMinusY() {
        Matrix z = Matrix.gaussian(4, 3, 9), y = Matrix.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}});
        Var zv = Var.of(z);
        Var logP = zv.minusColumn(zv.exp().rowSums().log());
        Var j = logP.hadamard(Var.of(y)).sum().scale(-1.0 / 4);
        j.backward();
        assertTrue(Math.abs(j.value().at(0) - Losses.SOFTMAX_CROSS_ENTROPY.cost(z, y)) < 1e-15, "the cost");
        assertTrue(zv.grad().maxAbsDiff(Softmax.of(z).minus(y).scale(1.0 / 4)) < 1e-15, "(p − y)/m");
    }

    @Test void backwardNeedsAScalarAndClearsEarlierGradients() {
        Var x = Var.of(Matrix.row(1, 2));
        assertMessage(IllegalStateException.class, () -> x.scale(2).backward(), "1×1", "1×2", "sum()");
        Var out = x.scale(3).sum();
        out.backward();
        out.backward();
        assertEquals(3.0, x.grad().at(1), "a second backward starts from zero, it does not add");
        assertEquals(0.0, Var.of(Matrix.row(5)).grad().at(0), "a Var the output does not depend on has gradient 0");
    }

    @Test void badArgumentsAreNamed() {
        Var x = Var.of(Matrix.row(1, 2));
        assertMessage(IllegalArgumentException.class, () -> x.plus(null), "Var.plus", "expected a Var");
        assertMessage(IllegalArgumentException.class, () -> Var.of(null), "Var.of", "expected a matrix");
        assertMessage(IllegalArgumentException.class, () -> x.mult(Var.of(Matrix.row(1, 2))), "cannot multiply", "1×2");
    }
}
