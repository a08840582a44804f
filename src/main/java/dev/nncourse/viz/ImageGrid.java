package dev.nncourse.viz;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Small grey-scale images in a grid, each with an optional caption below it, such as the 8×8 digits with
 * "pred 3 / true 8". Every row of a matrix is one image, its pixels row by row. The grey levels are shared by the
 * whole grid: the smallest value in the matrix is white and the largest black (the digits' 0 … 16), so images can be
 * compared with each other. JJava shows the returned {@link BufferedImage} as a PNG.
 */
public final class ImageGrid {
    /** The most images one grid shows. */
    public static final int MAX_IMAGES = 400;
    /** Screen pixels per image pixel. */
    static final int ZOOM = 5;
    static final int GAP = 8, COLUMNS = 10;

    private ImageGrid() {}

    /** 8×8 digits, one per row of {@code images} (n×64), ten to a row of the grid, without captions. */
    public static BufferedImage digits(Matrix images) { return of(images, 8, 8, null); }

    /** 8×8 digits, one per row of {@code images} (n×64), each with its caption (one per image). */
    public static BufferedImage digits(Matrix images, List<String> captions) { return of(images, 8, 8, captions); }

    /**
     * Images of {@code width}×{@code height} pixels, one per row of {@code images}, {@value #COLUMNS} to a row of the
     * grid (fewer if there are fewer images), each with its caption if {@code captions} is not null.
     */
    public static BufferedImage of(Matrix images, int width, int height, List<String> captions) {
        requireImages(images, width, height, captions);
        int n = images.rows(), columns = Math.min(COLUMNS, n), rows = (n + columns - 1) / columns;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < images.size(); k++) {
            lo = Math.min(lo, images.at(k));
            hi = Math.max(hi, images.at(k));
        }
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(Canvas.font(11));
        int widest = captions == null ? 0 : captions.stream().mapToInt(fm::stringWidth).max().orElse(0);
        int cellW = Math.max(width * ZOOM, widest) + GAP, captionH = captions == null ? 0 : fm.getHeight() + 2;
        int cellH = height * ZOOM + captionH + GAP;
        BufferedImage img = new BufferedImage(columns * cellW + GAP, rows * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(Canvas.font(11));
        for (int i = 0; i < n; i++) {
            int x0 = GAP + (i % columns) * cellW + (cellW - GAP - width * ZOOM) / 2, y0 = GAP + (i / columns) * cellH;
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    double v = images.get(i, r * width + c);
                    int grey = (int) Math.round(255 * (hi > lo ? (hi - v) / (hi - lo) : 1));
                    g.setColor(new Color(grey, grey, grey));
                    g.fillRect(x0 + c * ZOOM, y0 + r * ZOOM, ZOOM, ZOOM);
                }
            }
            g.setColor(Color.LIGHT_GRAY);
            g.drawRect(x0 - 1, y0 - 1, width * ZOOM + 1, height * ZOOM + 1);
            if (captions != null) {
                String s = captions.get(i);
                g.setColor(Canvas.TEXT);
                g.drawString(s, GAP + (i % columns) * cellW + (cellW - GAP - fm.stringWidth(s)) / 2,
                        y0 + height * ZOOM + fm.getAscent() + 2);
            }
        }
        g.dispose();
        return img;
    }

    private static void requireImages(Matrix images, int width, int height, List<String> captions) {
        if (images == null) throw new IllegalArgumentException("ImageGrid: expected a matrix of images, one per row, got null");
        if (width < 1 || height < 1 || (long) width * height != images.cols()) {
            throw new IllegalArgumentException("ImageGrid: images of " + width + "×" + height + " pixels need " + (long) width * height
                    + " columns, one per pixel, but the matrix is " + images.shape());
        }
        if (images.rows() > MAX_IMAGES) {
            throw new IllegalArgumentException("ImageGrid: " + images.rows() + " images; a grid shows at most " + MAX_IMAGES
                    + " (select some rows, e.g. with selectRows)");
        }
        Require.finite("ImageGrid: pixels", images);
        if (captions != null && captions.size() != images.rows()) {
            throw new IllegalArgumentException("ImageGrid: " + captions.size() + " captions for " + images.rows()
                    + " images; expected one caption per image");
        }
        if (captions != null && captions.contains(null)) {
            throw new IllegalArgumentException("ImageGrid: caption " + captions.indexOf(null) + " is null; expected text");
        }
    }
}
