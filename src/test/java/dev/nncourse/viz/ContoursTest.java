package dev.nncourse.viz;

import static dev.nncourse.viz.CanvasTest.brightness;
import static dev.nncourse.viz.CanvasTest.nearest;
import static dev.nncourse.viz.CanvasTest.pixel;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/** {@link Contours}: filled bands of a function of two variables, levels, and optimizer paths drawn over them; bad input. */
class ContoursTest {
    @Test
    void contoursFillBandsFromDarkToLightAndDrawThePathsOverThem() {
        DoubleBinaryOperator f = (x, y) -> x * x + 10 * y * y;
        Map<String, Matrix> paths = new LinkedHashMap<>();
        paths.put("down the middle", Matrix.of(new double[][] {{-1.8, 0}, {-0.9, 0}, {0, 0}}));
        BufferedImage img = Contours.draw("q", f, -2, 2, -1, 1, paths);
        Canvas c = new Canvas("q", -2, 2, -1, 1, "x", "y", java.util.List.of("down the middle"));
        assertEquals(c.image().getWidth(), img.getWidth());
        assertEquals(c.image().getHeight(), img.getHeight());
        assertTrue(nearest(img, c, -1.35, 0, Canvas.colour(0)) < 30, "the path's colour on its line");
        assertTrue(nearest(img, c, -1.35, 0.5, Canvas.colour(0)) > 100, "and not away from it");
        assertTrue(brightness(pixel(img, c, 0.05, 0.5)) < brightness(pixel(img, c, 1.9, 0.9)), "low values are darker");
        int lines = 0;   // the level lines: along y = 0.5 the colour changes at every level crossed
        for (double x = -1.95; x < 1.95; x += 0.01) if (pixel(img, c, x, 0.5) != pixel(img, c, x + 0.01, 0.5)) lines++;
        assertTrue(lines >= 4, "level lines crossed along y = 0.5: " + lines);
    }

    @Test
    void defaultLevelsAreGeometricAboveTheMinimum() {
        double[] levels = Contours.defaultLevels(new double[][] {{1, 3}, {Double.NaN, 10001}});
        assertEquals(Contours.LEVELS, levels.length);
        assertEquals(1 + 1e-4 * 10000, levels[0], 1e-12);
        assertEquals(10001, levels[levels.length - 1], 1e-9);
        assertEquals(levels[2] - 1, Math.sqrt((levels[1] - 1) * (levels[3] - 1)), 1e-12);
        assertEquals(0, Contours.defaultLevels(new double[][] {{2, 2}}).length, "a flat function has no levels");
    }

    @Test
    void pathsThatDivergeOrHoldNaNAreClippedNotFatal() {
        Map<String, Matrix> paths = Map.of("diverges", Matrix.of(new double[][] {{0, 0}, {3, 1e200}, {Double.NaN, 1},
                {1e308, -1e308}}));
        BufferedImage img = Contours.draw("q", (x, y) -> x * x + y * y, -1, 1, -1, 1, paths);
        assertTrue(img.getWidth() > 0);
    }

    @Test
    void contoursBadInput() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        DoubleBinaryOperator f = (x, y) -> x + y;
        assertMessage(iae, () -> Contours.draw("q", f, 1, -1, 0, 1), "range [1.0, -1.0]", "from < to");
        assertMessage(iae, () -> Contours.draw("q", f, 0, 1, 0, Double.POSITIVE_INFINITY), "finite");
        assertMessage(iae, () -> Contours.draw("q", (x, y) -> Double.NaN, 0, 1, 0, 1), "NaN or infinite at every pixel");
        assertMessage(iae, () -> Contours.draw("q", f, 0, 1, 0, 1, Map.of("p", Matrix.zeros(3, 3))), "path \"p\"", "3×3");
        assertMessage(iae, () -> Contours.draw("q", f, 0, 1, 0, 1, new double[] {1, 0.5}, Map.of()), "increasing",
                "level 1 is 0.5");
        assertMessage(iae, () -> Contours.draw("q", f, 0, 1, 0, 1, null), "map of paths", "null");
    }
}
