package dev.nncourse.viz;

import static dev.nncourse.viz.CanvasTest.pixel;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nncourse.linalg.Matrix;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** {@link DecisionRegions}: every pixel tinted by the predicted class, the points in their true colour; bad input. */
class DecisionRegionsTest {
    /** Points on both sides of x1 = 0; the model predicts class 1 where x1 &gt; 0 (scores (−x1, x1)). */
    private static final Matrix POINTS = Matrix.of(new double[][] {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}});
    private static final Matrix LABELS = Matrix.column(0, 0, 1, 1);

    private static Matrix halfPlanes(Matrix x) {
        Matrix s = Matrix.zeros(x.rows(), 2);
        for (int i = 0; i < x.rows(); i++) s.set(i, 0, -x.get(i, 0)).set(i, 1, x.get(i, 0));
        return s;
    }

    /** A canvas laid out exactly like the one {@link DecisionRegions#draw} makes for {@link #POINTS}. */
    private static Canvas sameLayout() {
        return new Canvas("t", -1.2, 1.2, -1.2, 1.2, "x1", "x2", java.util.List.of(DecisionRegions.LEGEND_WIDTH));
    }

    @Test
    void everyPixelHasTheTintOfItsPredictedClass() {
        BufferedImage img = DecisionRegions.draw("t", DecisionRegionsTest::halfPlanes, POINTS, LABELS);
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
        BufferedImage img = DecisionRegions.draw("t", DecisionRegionsTest::halfPlanes, POINTS, wrong);
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
        BufferedImage img = DecisionRegions.draw(null, DecisionRegionsTest::halfPlanes, POINTS, many);
        assertEquals(sameLayout().image().getWidth(), img.getWidth());
        Matrix x = Matrix.gaussian(40, 2, 3), labels = Matrix.zeros(40, 1);
        for (int i = 0; i < 40; i++) labels.set(i, 0, i);
        assertEquals(sameLayout().image().getWidth(), DecisionRegions.draw("40 classes", v -> v, x, labels).getWidth());
    }

    @Test
    void decisionRegionsBadInput() {
        Class<IllegalArgumentException> iae = IllegalArgumentException.class;
        assertMessage(iae, () -> DecisionRegions.draw("t", x -> x, Matrix.zeros(3, 3), Matrix.column(0, 1, 0)),
                "2-D points", "3×3");
        assertMessage(iae, () -> DecisionRegions.draw("t", x -> x, POINTS, Matrix.column(0, 1)), "4 points but 2 labels");
        assertMessage(iae, () -> DecisionRegions.draw("t", x -> Matrix.zeros(3, 2), POINTS, LABELS), "returned 3×2",
                "one row of scores per point");
        assertMessage(iae, () -> DecisionRegions.draw("t", x -> x.map(v -> Double.NaN), POINTS, LABELS), "NaN");
        Matrix nan = POINTS.copy().set(0, 0, Double.NaN);
        assertMessage(iae, () -> DecisionRegions.draw("t", x -> x, nan, LABELS), "points", "NaN");
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
