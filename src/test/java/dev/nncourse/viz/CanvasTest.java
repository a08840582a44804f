package dev.nncourse.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** {@code Canvas}, the raster behind the decision regions and the contour plots: its ticks, and how the tests read it. */
class CanvasTest {
    static int pixel(BufferedImage img, Canvas c, double x, double y) {
        return img.getRGB((int) Math.floor(c.px(x)), (int) Math.floor(c.py(y))) & 0xFFFFFF;
    }

    /** The smallest colour distance to {@code target} among the pixels within 2 rows of (x, y) (lines are antialiased). */
    static int nearest(BufferedImage img, Canvas c, double x, double y, Color target) {
        int best = Integer.MAX_VALUE;
        for (int d = -2; d <= 2; d++) {
            Color p = new Color(img.getRGB((int) c.px(x), (int) c.py(y) + d));
            best = Math.min(best, Math.abs(p.getRed() - target.getRed()) + Math.abs(p.getGreen() - target.getGreen())
                    + Math.abs(p.getBlue() - target.getBlue()));
        }
        return best;
    }

    static double brightness(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() + c.getGreen() + c.getBlue();
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
}
