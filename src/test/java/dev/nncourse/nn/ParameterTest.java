package dev.nncourse.nn;

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
    void inPlaceUpdatesAreVisibleThroughTheParameter() {
        Parameter p = new Parameter("b", Matrix.row(1, 1));
        p.grad().setTo(Matrix.row(0.5, -2));
        p.value().addScaledInPlace(p.grad(), -0.1);
        assertEquals(0.95, p.value().get(0, 0), 1e-15);
        assertEquals(1.2, p.value().get(0, 1), 1e-15);
    }
}
