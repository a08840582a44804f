package dev.nncourse.viz;

import dev.nncourse.linalg.Matrix;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * A confusion matrix as a heat map: cell (i, j) holds the count C_ij of samples of true class i predicted as j, and
 * its colour is the fraction of row i, C_ij / Σ_j C_ij, from white (0) to dark blue (1), so each row shows where the
 * samples of one class went and the diagonal is each class's recall. A class without samples has a grey row. Drawn
 * with Java2D in the course's style (XChart's heat map cannot write a number in each cell).
 */
public final class Heatmap {
    private static final int LEFT = 64, TOP = 40, BOTTOM = 52, RIGHT = 24, MAX_SIDE = 440;
    /** The darkest colour of the scale, at a fraction of 1. */
    static final Color FULL = new Color(0x1F4E79);
    static final Color EMPTY_ROW = new Color(0xDDDDDD);

    private Heatmap() {}

    /** The heat map of a k×k matrix of counts (true class per row, predicted class per column), k ≥ 2. */
    public static BufferedImage confusion(String title, Matrix counts) {
        requireCounts(counts);
        int k = counts.rows(), cell = Math.max(1, Math.min(40, MAX_SIDE / k)), side = k * cell;
        BufferedImage img = new BufferedImage(LEFT + side + RIGHT, TOP + side + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(Canvas.font(cell >= 30 ? 12 : 10));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < k; i++) {
            double rowSum = counts.getRow(i).sum();
            for (int j = 0; j < k; j++) {
                double f = rowSum > 0 ? counts.get(i, j) / rowSum : Double.NaN;
                g.setColor(Double.isNaN(f) ? EMPTY_ROW : new Color(Canvas.tint(FULL, f)));
                g.fillRect(LEFT + j * cell, TOP + i * cell, cell, cell);
                if (cell >= 20) {
                    String s = Long.toString(Math.round(counts.get(i, j)));
                    g.setColor(f > 0.5 ? Color.WHITE : Canvas.TEXT);
                    g.drawString(s, LEFT + j * cell + (cell - fm.stringWidth(s)) / 2,
                            TOP + i * cell + (cell + fm.getAscent()) / 2 - 2);
                }
            }
        }
        g.setColor(Canvas.TEXT);
        g.drawRect(LEFT, TOP, side, side);
        int step = (k + 19) / 20;   // at most 20 class labels on each axis
        for (int c = 0; c < k; c += step) {
            String s = Integer.toString(c);
            g.drawString(s, LEFT + c * cell + (cell - fm.stringWidth(s)) / 2, TOP + side + fm.getAscent() + 4);
            g.drawString(s, LEFT - 6 - fm.stringWidth(s), TOP + c * cell + (cell + fm.getAscent()) / 2 - 2);
        }
        g.setFont(Canvas.font(12));
        fm = g.getFontMetrics();
        g.drawString("predicted class", LEFT + (side - fm.stringWidth("predicted class")) / 2, TOP + side + 38);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString("true class", -(TOP + (side + fm.stringWidth("true class")) / 2), 22);
        g.setTransform(saved);
        g.setFont(Canvas.font(14));
        String t = title == null ? "" : title;
        g.drawString(t, Math.max(4, LEFT + (side - g.getFontMetrics().stringWidth(t)) / 2), TOP - 14);
        g.dispose();
        return img;
    }

    private static void requireCounts(Matrix counts) {
        if (counts == null) throw new IllegalArgumentException("Heatmap.confusion: expected a k×k matrix of counts, got null");
        if (counts.rows() != counts.cols() || counts.rows() < 2) {
            throw new IllegalArgumentException("Heatmap.confusion: expected a square k×k matrix of counts with k ≥ 2 (true "
                    + "class per row, predicted class per column), got " + counts.shape());
        }
        for (int k = 0; k < counts.size(); k++) {
            double v = counts.at(k);
            if (!(v >= 0 && v == Math.rint(v) && v < 1e15)) {
                throw new IllegalArgumentException("Heatmap.confusion: entry (" + k / counts.cols() + ", " + k % counts.cols()
                        + ") is " + v + "; expected a count, an integer ≥ 0");
            }
        }
    }
}
