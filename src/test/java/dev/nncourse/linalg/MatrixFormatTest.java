package dev.nncourse.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link MatrixFormat} through {@link Matrix#toString()}: the expected text is written out by hand. */
class MatrixFormatTest {
    @Test
    void smallIntegerMatrixShowsShapeThenRightAlignedRows() {
        assertEquals("Matrix 2×2\n[  1 -10]\n[100   2]", Matrix.of(new double[][] {{1, -10}, {100, 2}}).toString());
    }

    @Test
    void fractionsGetSixDecimalsAndTinyOrHugeNumbersGetExponents() {
        assertEquals("Matrix 1×3\n[  0.500000 1.0000e-05 1.0000e+07]", Matrix.row(0.5, 1e-5, 1e7).toString());
        assertEquals("Matrix 1×2\n[ -0.250000 1.2346e+06]", Matrix.row(-0.25, 1234567.5).toString());
        assertEquals("Matrix 1×3\n[       0      NaN Infinity]", Matrix.row(0, Double.NaN, Double.POSITIVE_INFINITY).toString());
    }

    @Test
    void eightRowsAndColumnsAreShownInFull() {
        String s = Matrix.zeros(8, 8).toString();
        assertEquals(1 + 8, s.split("\n").length);
        assertEquals("[0 0 0 0 0 0 0 0]", s.split("\n")[8]);
    }

    @Test
    void largeMatricesShowTheirFirstAndLastFourRowsAndColumns() {
        Matrix m = Matrix.zeros(10, 12);
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 12; j++) m.set(i, j, 100 * i + j);
        }
        String expected = String.join("\n",
                "Matrix 10×12",
                "[  0   1   2   3   …   8   9  10  11]",
                "[100 101 102 103   … 108 109 110 111]",
                "[200 201 202 203   … 208 209 210 211]",
                "[300 301 302 303   … 308 309 310 311]",
                "[  …   …   …   …   …   …   …   …   …]",
                "[600 601 602 603   … 608 609 610 611]",
                "[700 701 702 703   … 708 709 710 711]",
                "[800 801 802 803   … 808 809 810 811]",
                "[900 901 902 903   … 908 909 910 911]");
        assertEquals(expected, m.toString());
    }
}
