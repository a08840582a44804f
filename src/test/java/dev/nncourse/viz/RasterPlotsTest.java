package dev.nncourse.viz;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/** {@link DecisionRegions}, {@link Contours} and their raster helper {@link Canvas}. */
class RasterPlotsTest {
    /** Points on both sides of x1 = 0; the model predicts class 1 where x1 &gt; 0 (scores (−x1, x1)). */
    private static final Matrix POINTS = Matrix.of(new double[][] {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}});
    private static final Matrix LABELS = Matrix.column(0, 0, 1, 1);

    private static Matrix halfPlanes(Matrix x) {
        Matrix s = Matrix.zeros(x.rows(), 2);
        for (int i = 0; i < x.rows(); i++) s.set(i, 0, -x.get(i, 0)).set(i, 1, x.get(i, 0));
        return s;
    }

    private static int pixel(BufferedImage img, Canvas c, double x, double y) {
        return img.getRGB((int) Math.floor(c.px(x)), (int) Math.floor(c.py(y))) & 0xFFFFFF;
    }

    /** A canvas laid out exactly like the one {@link DecisionRegions#draw} makes for {@link #POINTS}. */
    private static Canvas sameLayout() {
        return new Canvas("t", -1.2, 1.2, -1.2, 1.2, "x1", "x2", java.util.List.of(DecisionRegions.LEGEND_WIDTH));
    }

    @Test
    void everyPixelHasTheTintOfItsPredictedClass() {
        BufferedImage img = DecisionRegions.draw("t", RasterPlotsTest::halfPlanes, POINTS, LABELS);
        Canvas c = sameLayout();
        assertEquals(c.image().getWidth(), img.getWidth());
        int class0 = Canvas.tint(Canvas.colour(0), 0.35), class1 = Canvas.tint(Canvas.colour(1), 0.35);
        for (double y : new double[] {-1.1, -0.5, 0.3, 0.9}) {
            assertEquals(class0, pixel(img, c, -0.5, y), "left of x1 = 0 at y " + y);
            assertEquals(class1, pixel(img, c, 0.5, y), "right of x1 = 0 at y " + y);
            assertEquals(class0, pixel(img, c, -0.05, y));
            assertEquals(class1, pixel(img, c, 0.05, y));
        }
    }

    @Test
    void theDataPointsAreDrawnInTheirTrueClassColourOverTheRegions() {
        Matrix wrong = Matrix.column(1, 0, 1, 1);   // the first point is labelled 1 but lies in region 0
        BufferedImage img = DecisionRegions.draw("t", RasterPlotsTest::halfPlanes, POINTS, wrong);
        Canvas c = sameLayout();
        assertEquals(Canvas.colour(1).getRGB() & 0xFFFFFF, pixel(img, c, -1, -1), "a misclassified point stands out");
        assertEquals(Canvas.colour(0).getRGB() & 0xFFFFFF, pixel(img, c, -1, 1));
    }

    @Test
    void aModelWithOneOutputIsReadAsTheProbabilityOfClassOne() {
        BufferedImage img = DecisionRegions.draw("t", x -> x.mult(Matrix.column(1, 0)), POINTS, LABELS);
        Canvas c = sameLayout();
        assertEquals(Canvas.tint(Canvas.colour(0), 0.35), pixel(img, c, 0.4, 0.5), "p = 0.4 < 1/2");
        assertEquals(Canvas.tint(Canvas.colour(1), 0.35), pixel(img, c, 0.6, 0.5), "p = 0.6 ≥ 1/2");
    }

    @Test
    void largeLabelsDrawQuicklyWithAShortLegend() {
        Matrix many = Matrix.column(0, 1e6, 7, 3);
        BufferedImage img = DecisionRegions.draw(null, RasterPlotsTest::halfPlanes, POINTS, many);
        assertEquals(sameLayout().image().getWidth(), img.getWidth());
        Matrix x = Matrix.gaussian(40, 2, 3), labels = Matrix.zeros(40, 1);
        for (int i = 0; i < 40; i++) labels.set(i, 0, i);
        assertEquals(sameLayout().image().getWidth(), DecisionRegions.draw("40 classes", v -> v, x, labels).getWidth());
    }

    @Test
    void decisionRegionsBadInput() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertMessage(iae, () -> DecisionRegions.draw("t", x -> x, Matrix.zeros(3, 3), Matrix.column(0, 1, 0)), "2-D points", "3×3");
        assertMessage(iae, () -> DecisionRegions.draw("t", x -> x, POINTS, Matrix.column(0, 1)), "4 points but 2 labels");
        assertMessage(iae, () -> DecisionRegions.draw("t", x -> Matrix.zeros(3, 2), POINTS, LABELS), "returned 3×2", "one row of scores per point");
        assertMessage(iae, () -> DecisionRegions.draw("t", x -> x.map(v -> Double.NaN), POINTS, LABELS), "NaN");
        Matrix nan = POINTS.copy().set(0, 0, Double.NaN);
        assertMessage(iae, () -> DecisionRegions.draw("t", x -> x, nan, LABELS), "points", "NaN");
    }

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
        Map<String, Matrix> paths = Map.of("diverges", Matrix.of(new double[][] {{0, 0}, {3, 1e200}, {Double.NaN, 1}, {1e308, -1e308}}));
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
        assertMessage(iae, () -> Contours.draw("q", f, 0, 1, 0, 1, new double[] {1, 0.5}, Map.of()), "increasing", "level 1 is 0.5");
        assertMessage(iae, () -> Contours.draw("q", f, 0, 1, 0, 1, null), "map of paths", "null");
    }

    @Test
    void ticksAreRoundNumbersInsideTheRange() {
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1}, Canvas.ticks(-1.2, 1.2), 1e-12);
        assertArrayEquals(new double[] {0, 20, 40, 60, 80, 100}, Canvas.ticks(0, 100), 1e-12);
        assertTrue(Canvas.ticks(1e300, Math.nextUp(1e300)).length <= 20, "no endless ticks where rounding rules");
        double[] small = Canvas.ticks(0.001, 0.005);
        assertEquals(9, small.length);
        assertEquals(0.001, small[0], 1e-15);
        assertEquals(0.0005, small[1] - small[0], 1e-15);
    }

    /** The smallest colour distance to {@code target} among the pixels within 2 rows of (x, y) (lines are antialiased). */
    private static int nearest(BufferedImage img, Canvas c, double x, double y, Color target) {
        int best = Integer.MAX_VALUE;
        for (int d = -2; d <= 2; d++) {
            Color p = new Color(img.getRGB((int) c.px(x), (int) c.py(y) + d));
            best = Math.min(best, Math.abs(p.getRed() - target.getRed()) + Math.abs(p.getGreen() - target.getGreen())
                    + Math.abs(p.getBlue() - target.getBlue()));
        }
        return best;
    }

    private static double brightness(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() + c.getGreen() + c.getBlue();
    }

    @Test void decisionRegionsNameWhatIsMissingAndRefuseANaNProbability() {
        Matrix x = Matrix.of(new double[][] {{0, 0}, {1, 1}});
        Matrix labels = Matrix.column(0, 1);
        assertMessage(IllegalArgumentException.class, () -> DecisionRegions.draw("t", null, x, labels),
                "DecisionRegions", "got null, 2×2 and 2×1");
        assertMessage(IllegalArgumentException.class, () -> DecisionRegions.draw("t", m -> m, null, labels),
                "DecisionRegions", "a model, null and 2×1");
        assertMessage(IllegalArgumentException.class,
                () -> DecisionRegions.draw("t", m -> Matrix.filled(m.rows(), 1, Double.NaN), x, labels),
                "probability of class 1", "NaN");
    }
}
