package dev.nncourse.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;

/**
 * A small raster plot drawn with Java2D: a rectangle of data coordinates [x0, x1] × [y0, y1] mapped onto a plot area of
 * pixels, with a title, axes with round tick values, and a legend to the right. {@link DecisionRegions} and
 * {@link Contours} paint every pixel of the plot area from a function of (x, y), which XChart cannot do: its heat map
 * is a separate chart type with one rectangle per cell and no line or scatter series over it, and it has no contours.
 * The course's XChart charts ({@link Plots}) keep their own look; this class only matches their size and fonts.
 */
final class Canvas {
    /** The width of the plot area in pixels; its height follows the aspect ratio of the data rectangle. */
    static final int PLOT_WIDTH = 440;
    static final int MIN_HEIGHT = 220, MAX_HEIGHT = 520;
    private static final int LEFT = 64, TOP = 36, BOTTOM = 48, GAP = 16;
    static final Color TEXT = new Color(0x33, 0x33, 0x33);
    /** Tableau 10: distinct colours for classes and paths, in order (repeated after ten). */
    private static final int[] PALETTE = {0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7,
            0x9C755F, 0xBAB0AC};

    final double x0, x1, y0, y1;
    final int width, height;   // of the plot area
    private final int legendWidth;
    private final BufferedImage image;
    final Graphics2D g;

    /** A canvas for the data rectangle [x0, x1] × [y0, y1], with room for a legend of the given names. */
    Canvas(String title, double x0, double x1, double y0, double y1, String xLabel, String yLabel, List<String> legend) {
        if (!(x0 < x1) || !(y0 < y1) || !Double.isFinite(x1 - x0) || !Double.isFinite(y1 - y0)) {
            throw new IllegalArgumentException("plot: the range [" + x0 + ", " + x1 + "] × [" + y0 + ", " + y1 + "] must be "
                    + "finite with from < to on both axes");
        }
        this.x0 = x0;
        this.x1 = x1;
        this.y0 = y0;
        this.y1 = y1;
        this.width = PLOT_WIDTH;
        this.height = (int) Math.round(Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, PLOT_WIDTH * (y1 - y0) / (x1 - x0))));
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(font(12));
        this.legendWidth = legend.isEmpty() ? 0 : GAP + 28 + legend.stream().mapToInt(fm::stringWidth).max().orElse(0);
        this.image = new BufferedImage(LEFT + width + legendWidth + GAP, TOP + height + BOTTOM, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(TEXT);
        g.setFont(font(14));
        title = title == null ? "" : title;
        g.drawString(title, LEFT + (width - g.getFontMetrics().stringWidth(title)) / 2, TOP - 14);
        g.setFont(font(12));
        g.drawString(xLabel, LEFT + (width - g.getFontMetrics().stringWidth(xLabel)) / 2, TOP + height + 40);
        g.drawString(yLabel, 8, TOP + height / 2);
    }

    /** The x of the centre of pixel column i of the plot area (i may be fractional, between two centres). */
    double x(double i) { return x0 + (i + 0.5) * (x1 - x0) / width; }

    /** The y of the centre of pixel row j of the plot area (row 0 at the top; j may be fractional). */
    double y(double j) { return y1 - (j + 0.5) * (y1 - y0) / height; }

    /** The image's horizontal pixel coordinate of data x. */
    double px(double x) { return LEFT + (x - x0) / (x1 - x0) * width; }

    /** The image's vertical pixel coordinate of data y. */
    double py(double y) { return TOP + (y1 - y) / (y1 - y0) * height; }

    /** Paints pixel (i, j) of the plot area with the RGB colour {@code rgb.applyAsInt(i, j)}. */
    void paint(IntBinaryOperator rgb) {
        for (int j = 0; j < height; j++) for (int i = 0; i < width; i++) image.setRGB(LEFT + i, TOP + j, rgb.applyAsInt(i, j));
    }

    /** The values f(x, y) at the centres of all pixels of the plot area, indexed [row j][column i]. */
    double[][] sample(DoubleBinaryOperator f) {
        double[][] v = new double[height][width];
        for (int j = 0; j < height; j++) for (int i = 0; i < width; i++) v[j][i] = f.applyAsDouble(x(i), y(j));
        return v;
    }

    /** Restricts drawing to the plot area (for lines and points that leave it). */
    void clipToPlot() { g.setClip(LEFT, TOP, width, height); }

    /** A line between two data points, drawn only if both are finite; clipped to the plot area by Liang–Barsky. */
    void line(double xa, double ya, double xb, double yb) {
        double[] s = clip(px(xa), py(ya), px(xb), py(yb));
        if (s != null) g.draw(new Line2D.Double(s[0], s[1], s[2], s[3]));
    }

    /** A disc of radius r pixels at a data point, filled with {@code fill} and outlined with {@code edge}, if inside. */
    void dot(double x, double y, double r, Color fill, Color edge) {
        double cx = px(x), cy = py(y);
        if (!(cx >= LEFT - r && cx <= LEFT + width + r && cy >= TOP - r && cy <= TOP + height + r)) return;
        Shape disc = new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
        if (fill != null) {
            g.setColor(fill);
            g.fill(disc);
        }
        if (edge != null) {
            g.setColor(edge);
            g.setStroke(new BasicStroke(1f));
            g.draw(disc);
        }
    }

    /** The axes: a frame around the plot area and round tick values (1, 2 or 5 × 10^k apart) on both axes. */
    void axes() {
        g.setClip(null);
        g.setColor(TEXT);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(LEFT, TOP, width, height);
        g.setFont(font(11));
        FontMetrics fm = g.getFontMetrics();
        for (double t : ticks(x0, x1)) {
            int p = (int) Math.round(px(t));
            g.drawLine(p, TOP + height, p, TOP + height + 4);
            String s = label(t);
            g.drawString(s, p - fm.stringWidth(s) / 2, TOP + height + 17);
        }
        for (double t : ticks(y0, y1)) {
            int p = (int) Math.round(py(t));
            g.drawLine(LEFT - 4, p, LEFT, p);
            String s = label(t);
            g.drawString(s, LEFT - 7 - fm.stringWidth(s), p + fm.getAscent() / 2 - 1);
        }
    }

    /** The legend, to the right of the plot area: entry k has a swatch drawn by {@code swatch} and its name. */
    void legend(List<String> names, java.util.function.BiConsumer<Integer, double[]> swatch) {
        g.setClip(null);
        g.setFont(font(12));
        for (int k = 0; k < names.size(); k++) {
            double sx = LEFT + width + GAP + 10, sy = TOP + 10 + 20 * k;
            swatch.accept(k, new double[] {sx, sy});
            g.setColor(TEXT);
            g.drawString(names.get(k), (int) sx + 16, (int) sy + 4);
        }
    }

    /** The picture. */
    BufferedImage image() {
        g.dispose();
        return image;
    }

    /** The k-th colour of the palette. */
    static Color colour(int k) { return new Color(PALETTE[Math.floorMod(k, PALETTE.length)]); }

    /** c mixed with white: {@code share} of c and 1 − share of white, as a packed RGB int. */
    static int tint(Color c, double share) {
        int r = (int) Math.round(255 - share * (255 - c.getRed()));
        int gr = (int) Math.round(255 - share * (255 - c.getGreen()));
        int b = (int) Math.round(255 - share * (255 - c.getBlue()));
        return (r << 16) | (gr << 8) | b;
    }

    /** Round tick values inside [a, b]: multiples of a step of 1, 2 or 5 × 10^k that gives 4 to 10 ticks. */
    static double[] ticks(double a, double b) {
        double raw = (b - a) / 6, mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        long first = (long) Math.ceil(a / step - 1e-9), last = (long) Math.floor(b / step + 1e-9);
        if (!(last - first >= 0 && last - first < 20)) return new double[] {a, b};   // rounding at extreme ranges
        double[] t = new double[(int) (last - first + 1)];
        for (int k = 0; k < t.length; k++) t[k] = (first + k) * step;
        return t;
    }

    private static String label(double t) {
        String s = String.format(Locale.ROOT, "%.6g", Math.abs(t) < 1e-12 ? 0 : t);
        if (s.contains("e")) return s;
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    static Font font(int size) { return new Font(Font.SANS_SERIF, Font.PLAIN, size); }

    /** The part of segment (xa, ya)–(xb, yb) in the plot area (pixel coordinates), or null if none or not finite. */
    private double[] clip(double xa, double ya, double xb, double yb) {
        if (!Double.isFinite(xa) || !Double.isFinite(ya) || !Double.isFinite(xb) || !Double.isFinite(yb)) return null;
        double dx = xb - xa, dy = yb - ya, t0 = 0, t1 = 1;
        double[] p = {-dx, dx, -dy, dy}, q = {xa - LEFT, LEFT + width - xa, ya - TOP, TOP + height - ya};
        for (int k = 0; k < 4; k++) {
            if (p[k] == 0) {
                if (q[k] < 0) return null;
            } else {
                double r = q[k] / p[k];
                if (p[k] < 0) t0 = Math.max(t0, r);
                else t1 = Math.min(t1, r);
            }
        }
        return t0 > t1 ? null : new double[] {xa + t0 * dx, ya + t0 * dy, xa + t1 * dx, ya + t1 * dy};
    }
}
