package dev.nncourse.viz;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** {@link Heatmap}: a confusion matrix, each cell coloured by its share of the row; bad counts named. */
class HeatmapTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    @Test void heatmapColoursEachCellByItsShareOfTheRow() {
        Matrix c = Matrix.of(new double[][] {{10, 0, 0}, {5, 5, 0}, {0, 0, 0}});
        BufferedImage img = Heatmap.confusion("t", c);
        int cell = 40, left = 64, top = 40;
        assertEquals(left + 3 * cell + 24, img.getWidth());
        assertEquals(Heatmap.FULL.getRGB() & 0xFFFFFF, ImageGridTest.rgb(img, left + 3, top + 3), "all of row 0 in column 0");
        assertEquals(0xFFFFFF, ImageGridTest.rgb(img, left + cell + 3, top + 3), "none in column 1");
        assertEquals(Canvas.tint(Heatmap.FULL, 0.5), ImageGridTest.rgb(img, left + 3, top + cell + 3), "half of row 1");
        assertEquals(Heatmap.EMPTY_ROW.getRGB() & 0xFFFFFF, ImageGridTest.rgb(img, left + 3, top + 2 * cell + 3),
                "a class without samples");
        BufferedImage many = Heatmap.confusion("1000 classes", Matrix.zeros(1000, 1000));
        assertTrue(many.getWidth() < 1200, "one pixel per cell at most: " + many.getWidth());
    }

    @Test void badCountsAreNamed() {
        assertMessage(IAE, () -> Heatmap.confusion("t", null), "got null");
        assertMessage(IAE, () -> Heatmap.confusion("t", Matrix.zeros(2, 3)), "square k×k", "got 2×3");
        assertMessage(IAE, () -> Heatmap.confusion("t", Matrix.zeros(1, 1)), "k ≥ 2", "got 1×1");
        assertMessage(IAE, () -> Heatmap.confusion("t", Matrix.of(new double[][] {{1, -1}, {0, 0}})), "entry (0, 1) is -1.0",
                "an integer ≥ 0");
        assertMessage(IAE, () -> Heatmap.confusion("t", Matrix.of(new double[][] {{1, 0}, {0.5, 0}})), "entry (1, 0) is 0.5");
        assertMessage(IAE, () -> Heatmap.confusion("t", Matrix.of(new double[][] {{1, 0}, {Double.NaN, 0}})), "is NaN");
    }
}
