package dev.nncourse.viz;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ImageGrid}: images as blocks of grey on a shared scale, ten to a row with captions; bad images named. */
class ImageGridTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    static int rgb(BufferedImage img, int x, int y) { return img.getRGB(x, y) & 0xFFFFFF; }

    /** Two 2×2 images: the first black at its top left (16) and white elsewhere (0), the second grey (8) everywhere. */
    private static final Matrix TWO = Matrix.of(new double[][] {{16, 0, 0, 0}, {8, 8, 8, 8}});

    @Test void eachPixelIsABlockOfGreyOnASharedScale() {
        BufferedImage img = ImageGrid.of(TWO, 2, 2, null);
        int z = ImageGrid.ZOOM, g = ImageGrid.GAP, cell = 2 * z + g;
        assertEquals(2 * cell + g, img.getWidth());
        assertEquals(cell + g, img.getHeight());
        assertEquals(0x000000, rgb(img, g + 1, g + 1), "16 is black");
        assertEquals(0xFFFFFF, rgb(img, g + z + 1, g + z + 1), "0 is white");
        int grey = rgb(img, g + cell + 1, g + 1);
        assertEquals(0x808080, grey, "8 is mid-grey on the shared 0 … 16 scale");
    }

    @Test void digitsComeTenToARowWithCaptionsBelow() {
        Matrix x = Matrix.zeros(23, 64);
        BufferedImage plain = ImageGrid.digits(x), captioned = ImageGrid.digits(x, Collections.nCopies(23, "pred 3 / true 8"));
        int cell = 8 * ImageGrid.ZOOM + ImageGrid.GAP;
        assertEquals(10 * cell + ImageGrid.GAP, plain.getWidth());
        assertEquals(3 * cell + ImageGrid.GAP, plain.getHeight());
        assertTrue(captioned.getWidth() > plain.getWidth(), "a cell is as wide as its longest caption");
        assertTrue(captioned.getHeight() > plain.getHeight());
        boolean ink = false;   // the caption is drawn below the first image
        for (int y = ImageGrid.GAP + 8 * ImageGrid.ZOOM + 2; y < captioned.getHeight() / 3; y++) {
            for (int xx = 0; xx < captioned.getWidth() / 10; xx++) ink |= rgb(captioned, xx, y) != 0xFFFFFF;
        }
        assertTrue(ink);
    }

    @Test void badImagesAreNamed() {
        assertMessage(IAE, () -> ImageGrid.of(null, 2, 2, null), "expected a matrix of images", "got null");
        assertMessage(IAE, () -> ImageGrid.digits(Matrix.zeros(3, 63)), "images of 8×8 pixels need 64 columns", "3×63");
        assertMessage(IAE, () -> ImageGrid.of(TWO, 0, 4, null), "images of 0×4 pixels");
        assertMessage(IAE, () -> ImageGrid.digits(Matrix.zeros(401, 64)), "401 images", "at most 400");
        assertMessage(IAE, () -> ImageGrid.of(TWO.copy().set(1, 2, Double.NaN), 2, 2, null), "ImageGrid: pixels", "NaN");
        assertMessage(IAE, () -> ImageGrid.of(TWO, 2, 2, List.of("a")), "1 captions for 2 images");
        assertMessage(IAE, () -> ImageGrid.of(TWO, 2, 2, Arrays.asList("a", null)), "caption 1 is null");
    }
}
