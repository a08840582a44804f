package dev.nncourse.viz;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.train.History;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ImageGrid}, {@link Heatmap} and {@link Plots#history}: layout, colours, and bad input. */
class ImagesTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    private static int rgb(BufferedImage img, int x, int y) { return img.getRGB(x, y) & 0xFFFFFF; }

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

    @Test void heatmapColoursEachCellByItsShareOfTheRow() {
        Matrix c = Matrix.of(new double[][] {{10, 0, 0}, {5, 5, 0}, {0, 0, 0}});
        BufferedImage img = Heatmap.confusion("t", c);
        int cell = 40, left = 64, top = 40;
        assertEquals(left + 3 * cell + 24, img.getWidth());
        assertEquals(Heatmap.FULL.getRGB() & 0xFFFFFF, rgb(img, left + 3, top + 3), "all of row 0 in column 0");
        assertEquals(0xFFFFFF, rgb(img, left + cell + 3, top + 3), "none in column 1");
        assertEquals(Canvas.tint(Heatmap.FULL, 0.5), rgb(img, left + 3, top + cell + 3), "half of row 1");
        assertEquals(Heatmap.EMPTY_ROW.getRGB() & 0xFFFFFF, rgb(img, left + 3, top + 2 * cell + 3), "a class without samples");
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

    private static History history(String... names) {
        History h = new History();
        for (int e = 1; e <= 3; e++) {
            Map<String, Double> m = new java.util.LinkedHashMap<>();
            for (String n : names) m.put(n, 1.0 / e);
            h.record(e, m);
        }
        return h;
    }

    @Test void historyHasOnePanelPerQuantityTwoToARow() {
        assertEquals(List.of(480, 320), size(Plots.history("t", history("loss"))));
        assertEquals(List.of(480, 320), size(Plots.history("t", history("loss", "val_loss"))));
        assertEquals(List.of(960, 320), size(Plots.history("t", history("loss", "accuracy", "val_loss", "val_accuracy"))));
        assertEquals(List.of(960, 640), size(Plots.history(null, history("loss", "accuracy", "f1"))));
        assertEquals(List.of(480, 320), size(Plots.history("t", new History())), "no epochs: one empty panel");
        assertMessage(IAE, () -> Plots.history("t", null), "Plots.history: expected a history, got null");
    }

    private static List<Integer> size(BufferedImage img) { return List.of(img.getWidth(), img.getHeight()); }

    @Test void theValidationCurveIsDrawnInItsOwnColour() {
        BufferedImage one = Plots.history("t", history("loss")), two = Plots.history("t", history("loss", "val_loss"));
        assertTrue(colours(two) > colours(one), "a second series adds a colour");
    }

    private static long colours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) seen.add(rgb(img, x, y));
        return seen.stream().filter(c -> { Color k = new Color(c); return Math.abs(k.getRed() - k.getBlue()) > 60; }).count();
    }
}
