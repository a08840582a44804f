package dev.nncourse.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MatrixStackTest {
    @Test
    void stackingTheRowsOfAMatrixGivesItBack() {
        Matrix x = Matrix.gaussian(5, 3, 42);
        Matrix rows = Matrix.stack(IntStream.range(0, 5).mapToObj(x::getRow).toList());
        assertEquals(x, rows);
    }

    @Test
    void blocksKeepTheirOrderAndShape() {
        Matrix top = Matrix.of(new double[][] {{1, 2}, {3, 4}});
        Matrix bottom = Matrix.row(5, 6);
        assertEquals(Matrix.of(new double[][] {{1, 2}, {3, 4}, {5, 6}}), Matrix.stack(List.of(top, bottom)));
        assertEquals(Matrix.of(new double[][] {{5, 6}, {1, 2}, {3, 4}}), Matrix.stack(List.of(bottom, top)));
    }

    @Test
    void differentColumnCountsAreRejectedNamingTheBlock() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Matrix.stack(List.of(Matrix.row(1, 2), Matrix.row(1, 2, 3))));
        assertTrue(e.getMessage().contains("1×3") && e.getMessage().contains("expected 2"), e.getMessage());
    }

    @Test
    void noBlocksIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Matrix.stack(List.of()));
    }
}
