package dev.nncourse.viz;

import dev.nncourse.linalg.Matrix;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

/**
 * A contour plot of a function f(x, y), with the paths of optimizers drawn over it: the picture of notebook 12.
 *
 * <p>The plot area is filled in light colours by level band (dark for low values, light for high ones) and the level
 * lines are traced between pixel centres by marching squares. The default levels are spaced geometrically above the
 * minimum seen, f_min + (f_max − f_min)·10^(−4 + 4k/(L−1)) for k = 0 … L − 1 with L = 20, because functions such as
 * Rosenbrock's span several orders of magnitude and the interesting part is near the minimum. Each path (rows θ_t =
 * (x, y), e.g. from {@code Trajectory.of}) is a line through its iterates, with a ring at its start and a dot at its
 * end; a path that leaves the plot is clipped, and its non-finite points are skipped. Drawn with the raster helper
 * {@link Canvas}, because XChart has no contour plot.
 */
public final class Contours {
    /** The number of default levels. */
    public static final int LEVELS = 20;

    private Contours() {}

    /** The contours of f over [x0, x1] × [y0, y1] with the default levels, and no paths. */
    public static BufferedImage draw(String title, DoubleBinaryOperator f, double x0, double x1, double y0, double y1) {
        return draw(title, f, x0, x1, y0, y1, Map.of());
    }

    /** The contours of f over [x0, x1] × [y0, y1] with the default levels, and the named paths (in the map's order). */
    public static BufferedImage draw(String title, DoubleBinaryOperator f, double x0, double x1, double y0, double y1,
                                     Map<String, Matrix> paths) {
        return draw(title, f, x0, x1, y0, y1, null, paths);
    }

    /** As above with the given increasing levels, or the default ones for {@code levels == null}. */
    public static BufferedImage draw(String title, DoubleBinaryOperator f, double x0, double x1, double y0, double y1,
                                     double[] levels, Map<String, Matrix> paths) {
        if (paths == null) throw new IllegalArgumentException("Contours: expected a map of paths (Map.of() for none), got null");
        paths.forEach((name, p) -> {
            if (p == null || p.cols() != 2) {
                throw new IllegalArgumentException("Contours: path \"" + name + "\" must have one (x, y) row per iterate, got "
                        + (p == null ? "null" : p.shape()));
            }
        });
        List<String> names = new ArrayList<>(paths.keySet());
        Canvas canvas = new Canvas(title, x0, x1, y0, y1, "x", "y", names);
        double[][] v = canvas.sample(f);
        double[] lv = levels == null ? defaultLevels(v) : requireIncreasing(levels);
        canvas.paint((i, j) -> band(v[j][i], lv));
        canvas.g.setColor(new Color(0x55, 0x55, 0x55));
        canvas.g.setStroke(new BasicStroke(0.8f));
        for (double level : lv) trace(canvas, v, level);
        canvas.clipToPlot();
        int k = 0;
        for (Matrix p : paths.values()) drawPath(canvas, p, Canvas.colour(k++));
        canvas.axes();
        canvas.legend(names, (n, at) -> {
            canvas.g.setColor(Canvas.colour(n));
            canvas.g.setStroke(new BasicStroke(2f));
            canvas.g.drawLine((int) at[0] - 8, (int) at[1], (int) at[0] + 8, (int) at[1]);
        });
        return canvas.image();
    }

    /** L levels f_min + (f_max − f_min)·10^(−4 + 4k/(L−1)), from the finite values seen; none if f is flat. */
    static double[] defaultLevels(double[][] v) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] row : v) {
            for (double f : row) {
                if (Double.isFinite(f)) {
                    lo = Math.min(lo, f);
                    hi = Math.max(hi, f);
                }
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("Contours: f is NaN or infinite at every pixel of the plot; expected finite values");
        }
        if (!(hi > lo)) return new double[0];
        double[] levels = new double[LEVELS];
        for (int k = 0; k < LEVELS; k++) levels[k] = lo + (hi - lo) * Math.pow(10, -4 + 4.0 * k / (LEVELS - 1));
        return levels;
    }

    private static double[] requireIncreasing(double[] levels) {
        for (int k = 0; k < levels.length; k++) {
            if (!Double.isFinite(levels[k]) || (k > 0 && !(levels[k] > levels[k - 1]))) {
                throw new IllegalArgumentException("Contours: levels " + java.util.Arrays.toString(levels)
                        + " must be finite and increasing; level " + k + " is " + levels[k]);
            }
        }
        return levels;
    }

    /** The fill colour of value f: the band between two levels, from dark (low) to light (high); white if not finite. */
    private static int band(double f, double[] levels) {
        if (!Double.isFinite(f)) return 0xFFFFFF;
        int b = 0;
        while (b < levels.length && f > levels[b]) b++;
        double s = levels.length == 0 ? 0 : (double) b / levels.length;
        return Canvas.tint(viridis(s), 0.45);
    }

    /** A few stops of the viridis colour map, interpolated linearly: s = 0 is dark violet, s = 1 yellow. */
    private static Color viridis(double s) {
        int[] stops = {0x440154, 0x3B528B, 0x21918C, 0x5EC962, 0xFDE725};
        double at = s * (stops.length - 1);
        int k = Math.min((int) at, stops.length - 2);
        double w = at - k;
        Color a = new Color(stops[k]), b = new Color(stops[k + 1]);
        return new Color((int) Math.round(a.getRed() + w * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + w * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + w * (b.getBlue() - a.getBlue())));
    }

    /**
     * Marching squares: in each square of four neighbouring pixel centres, the level line crosses each edge whose ends
     * lie on opposite sides of the level, at the point found by linear interpolation; join the crossings in pairs.
     */
    private static void trace(Canvas canvas, double[][] v, double level) {
        for (int j = 0; j + 1 < canvas.height; j++) {
            for (int i = 0; i + 1 < canvas.width; i++) {
                double[] c = {v[j][i], v[j][i + 1], v[j + 1][i + 1], v[j + 1][i]};   // clockwise from top left
                double[][] at = {{i, j}, {i + 1, j}, {i + 1, j + 1}, {i, j + 1}};
                List<double[]> cross = new ArrayList<>(4);
                for (int e = 0; e < 4; e++) {
                    double a = c[e], b = c[(e + 1) % 4];
                    if (!Double.isFinite(a) || !Double.isFinite(b) || (a > level) == (b > level)) continue;
                    double t = (level - a) / (b - a);
                    double[] p = at[e], q = at[(e + 1) % 4];
                    cross.add(new double[] {p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])});
                }
                for (int k = 0; k + 1 < cross.size(); k += 2) {
                    double[] p = cross.get(k), q = cross.get(k + 1);
                    canvas.line(canvas.x(p[0]), canvas.y(p[1]), canvas.x(q[0]), canvas.y(q[1]));
                }
            }
        }
    }

    private static void drawPath(Canvas canvas, Matrix p, Color colour) {
        canvas.g.setColor(colour);
        canvas.g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int t = 0; t + 1 < p.rows(); t++) canvas.line(p.get(t, 0), p.get(t, 1), p.get(t + 1, 0), p.get(t + 1, 1));
        for (int t = 1; t + 1 < p.rows(); t++) canvas.dot(p.get(t, 0), p.get(t, 1), 1.6, colour, null);
        canvas.dot(p.get(0, 0), p.get(0, 1), 5, null, colour.darker());
        int last = p.rows() - 1;
        if (last > 0) canvas.dot(p.get(last, 0), p.get(last, 1), 4, colour, Color.BLACK);
    }
}
