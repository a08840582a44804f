package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nncourse.linalg.Matrix;
import org.junit.jupiter.api.Test;

class ParameterTest {
    @Test
    void holdsTheValueItselfAndAZeroGradientOfTheSameShape() {
        Matrix w = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Parameter p = new Parameter("W", w);
        assertSame(w, p.value(), "optimizers update the value in place");
        assertEquals(Matrix.zeros(2, 3), p.grad());
        assertEquals("W", p.name());
        assertEquals("W 2×3", p.toString());
    }

    @Test
    void aGradientGivenAsAnOuterProductIsWrittenOutWhenRead() {
        Parameter p = new Parameter("W", Matrix.zeros(2, 3));
        Matrix u = Matrix.row(1, -2), v = Matrix.row(0.5, 3, -1);
        p.setGradOuter(u, v);
        u.set(0, 0, 99);   // the parameter kept copies
        assertEquals(Matrix.of(new double[][] {{0.5, 3, -1}, {-1, -6, 2}}), p.grad());
        p.grad().clear();
        assertEquals(Matrix.zeros(2, 3), p.grad(), "written out once, then an ordinary matrix");
        assertMessage(IllegalArgumentException.class, () -> p.setGradOuter(Matrix.row(1, 2, 3), v),
                "W is 2×3", "1×2 and 1×3", "got 1×3 and 1×3");
    }

    @Test
    void inPlaceUpdatesAreVisibleThroughTheParameter() {
        Parameter p = new Parameter("b", Matrix.row(1, 1));
        p.grad().setTo(Matrix.row(0.5, -2));
        p.value().addScaledInPlace(p.grad(), -0.1);
        assertEquals(0.95, p.value().get(0, 0), 1e-15);
        assertEquals(1.2, p.value().get(0, 1), 1e-15);
    }
}
