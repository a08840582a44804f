package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nncourse.linalg.Kernels;
import dev.nncourse.linalg.Matrix;
import org.junit.jupiter.api.Test;

/**
 * A parameter θ and its gradient ∂J/∂θ, set by a layer's backward pass and read by an optimizer; a one-sample gradient
 * xᵀδ kept as its two factors gives exactly the bits of the written-out matrix, wherever it is read or applied.
 */
class ParameterTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final Matrix U = Matrix.row(1, -2), V = Matrix.row(0.5, 3, -1);   // uᵀv is 2×3

    @Test void holdsTheValueItselfAndAZeroGradientOfTheSameShape() {
        Matrix w = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Parameter p = new Parameter("W", w);
        assertSame(w, p.value(), "optimizers update the value in place");
        assertEquals(Matrix.zeros(2, 3), p.grad());
        assertEquals("W", p.name());
        assertEquals("W 2×3", p.toString());
        p.value().addScaledInPlace(Matrix.filled(2, 3, 1), -0.5);
        assertEquals(0.5, w.get(0, 0), "an update is visible through the parameter");
    }

    @Test void setGradCopies() {
        Parameter p = new Parameter("b", Matrix.row(1, 1));
        Matrix g = Matrix.row(0.5, -2);
        p.setGrad(g);
        g.set(0, 0, 99);
        assertEquals(Matrix.row(0.5, -2), p.grad());
    }

    /** A minibatch's gradient s·AᵀB is written out: the bits of AᵀB then the scaling. */
    @Test void setGradProductOfAMinibatchIsWrittenOut() {
        Parameter p = new Parameter("W", Matrix.zeros(2, 3));
        Matrix a = Matrix.gaussian(4, 2, 1), b = Matrix.gaussian(4, 3, 2);
        p.setGradProduct(a, b, 0.25);
        assertEquals(a.transposeMult(b).scaleInPlace(0.25), p.grad());
        assertSame(p.grad(), p.grad(), "a written-out gradient is one matrix");
        p.setGradProduct(U, V, 0.5);   // one row, but s ≠ 1: written out too
        assertEquals(U.transposeMult(V).scaleInPlace(0.5), p.grad());
    }

    /** One sample, s = 1: kept as copies of x and δ; grad() computes xᵀδ anew each time, and reading changes nothing. */
    @Test void aOneSampleGradientIsKeptAsItsFactorsAndReadPurely() {
        Parameter p = new Parameter("W", Matrix.zeros(2, 3));
        Matrix u = U.copy(), v = V.copy();
        p.setGradProduct(u, v, 1);
        u.set(0, 0, 99);   // the parameter kept copies
        Matrix g = p.grad();
        assertEquals(Matrix.of(new double[][] {{0.5, 3, -1}, {-1, -6, 2}}), g);
        assertEquals(U.transposeMult(V), g, "the bits of the written-out product");
        g.clear();
        assertEquals(U.transposeMult(V), p.grad(), "grad() is pure: a new matrix each time, the factors unchanged");
        assertNotSame(p.grad(), p.grad());
        p.setGrad(Matrix.filled(2, 3, 1));
        assertEquals(Matrix.filled(2, 3, 1), p.grad(), "setGrad replaces the factors");
    }

    /** A ← A + s·∂J/∂θ gives the same bits whether the gradient is a matrix or two factors (then BLAS's dger). */
    @Test void addGradToGivesTheBitsOfAddingTheWrittenOutGradient() {
        Matrix theta = Matrix.gaussian(2, 3, 3);
        for (boolean factored : new boolean[] {true, false}) {
            Parameter p = new Parameter("W", theta.copy());
            if (factored) p.setGradProduct(U, V, 1);
            else p.setGrad(U.transposeMult(V));
            int version = Kernels.version(p.value());
            p.addGradTo(p.value(), -0.1);
            assertEquals(theta.copy().addScaledInPlace(U.transposeMult(V), -0.1), p.value(), "factored " + factored);
            assertEquals(version + 1, Kernels.version(p.value()), "an update counts as a change of θ");
            Matrix other = Matrix.filled(2, 3, 2);
            p.addGradTo(other, 3);
            assertEquals(Matrix.filled(2, 3, 2).addScaledInPlace(U.transposeMult(V), 3), other);
        }
    }

    /** ∂J/∂θ ← ∂J/∂θ + s·m (a penalty's gradient): a gradient kept as factors is written out first. */
    @Test void addToGradAddsToEitherForm() {
        Matrix m = Matrix.gaussian(2, 3, 4);
        Parameter factored = new Parameter("W", Matrix.zeros(2, 3)), written = new Parameter("W", Matrix.zeros(2, 3));
        factored.setGradProduct(U, V, 1);
        written.setGrad(U.transposeMult(V));
        factored.addToGrad(m, 0.5);
        written.addToGrad(m, 0.5);
        assertEquals(U.transposeMult(V).addScaledInPlace(m, 0.5), written.grad());
        assertEquals(written.grad(), factored.grad());
    }

    @Test void badArgumentsNameTheParameterAndTheShapes() {
        Parameter p = new Parameter("W", Matrix.zeros(2, 3));
        assertMessage(IAE, () -> p.setGrad(Matrix.zeros(3, 2)), "setGrad: W: shapes 2×3 and 3×2 differ");
        assertMessage(IAE, () -> p.setGrad(null), "setGrad: W: expected a 2×3 matrix, got null");
        assertMessage(IAE, () -> p.addToGrad(Matrix.zeros(1, 3), 1), "addToGrad: W: shapes 2×3 and 1×3 differ");
        assertMessage(IAE, () -> p.addGradTo(Matrix.zeros(2, 2), 1), "addGradTo: W: shapes 2×3 and 2×2 differ");
        assertMessage(IAE, () -> p.setGradProduct(Matrix.row(1, 2, 3), V, 1),
                "setGradProduct: W is 2×3, so AᵀB needs A m×2 and B m×3, got A 1×3 and B 1×3");
        assertMessage(IAE, () -> p.setGradProduct(Matrix.zeros(2, 2), Matrix.zeros(3, 3), 1), "got A 2×2 and B 3×3");
        assertMessage(IAE, () -> p.setGradProduct(null, V, 1), "setGradProduct: expected a matrix A, got null");
        assertMessage(IAE, () -> new Parameter(null, Matrix.zeros(1, 1)), "Parameter: expected a name, got null");
        assertMessage(IAE, () -> new Parameter("W", null), "Parameter: expected a matrix θ, got null");
        assertEquals(Matrix.zeros(2, 3), p.grad(), "a refused call changes nothing");
    }
}
