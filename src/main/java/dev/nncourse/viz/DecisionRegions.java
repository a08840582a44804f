package dev.nncourse.viz;

import dev.nncourse.data.Labels;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * The decision regions of a classifier of 2-D points, as a picture: every pixel is painted (in a light tint) with the
 * colour of the class the model predicts at its centre, and the data points are drawn over it in their true class's
 * colour, so a misclassified point stands out as a dot of another colour. Drawn with the raster helper {@link Canvas}
 * (XChart cannot colour every pixel of a plot by a function and draw points over it). JJava shows the returned
 * {@link BufferedImage} as a PNG.
 */
public final class DecisionRegions {
    /** At most this many pixel centres go through the model at once. */
    static final int BATCH = 8192;
    /** The legend lists at most this many classes (the palette has 10 colours, repeated). */
    static final int LEGEND_ENTRIES = 12;
    /** The widest legend entry, to size the legend before the classes are known. */
    static final String LEGEND_WIDTH = "class 0000";

    private DecisionRegions() {}

    /**
     * The regions of {@code model} over the bounding box of the points X (n×2, one per row) with a 10% margin, and the
     * points with their {@code labels} (an n×1 column of classes or one-hot rows). The model maps a batch of points
     * (m×2) to scores (m×k, e.g. {@code net::forward}); the predicted class is the column of the largest score. A model
     * with one output is read as the probability of class 1 (a sigmoid output), so the class is 1 where it is ≥ 1/2.
     */
    public static BufferedImage draw(String title, UnaryOperator<Matrix> model, Matrix x, Matrix labels) {
        if (model == null || x == null || labels == null) {
            throw new IllegalArgumentException("DecisionRegions: expected a model, points and labels, got "
                    + (model == null ? "null" : "a model") + ", " + (x == null ? "null" : x.shape()) + " and "
                    + (labels == null ? "null" : labels.shape()));
        }
        if (x.cols() != 2) throw new IllegalArgumentException("DecisionRegions: expected 2-D points (n×2), got " + x.shape());
        if (labels.rows() != x.rows()) {
            throw new IllegalArgumentException("DecisionRegions: " + x.rows() + " points but " + labels.rows() + " labels");
        }
        Require.finite("DecisionRegions: points", x);
        int[] c = Labels.of(labels);
        double[] lo = {min(x, 0), min(x, 1)}, hi = {max(x, 0), max(x, 1)};
        double mx = 0.1 * Math.max(hi[0] - lo[0], 1e-3), my = 0.1 * Math.max(hi[1] - lo[1], 1e-3);
        Canvas canvas = new Canvas(title, lo[0] - mx, hi[0] + mx, lo[1] - my, hi[1] + my, "x1", "x2", List.of(LEGEND_WIDTH));
        int[][] region = new int[canvas.height][canvas.width];
        int rowsPerBatch = Math.max(1, BATCH / canvas.width);
        for (int j0 = 0; j0 < canvas.height; j0 += rowsPerBatch) {   // the pixel centres, a few rows per batch
            int rows = Math.min(rowsPerBatch, canvas.height - j0);
            Matrix points = Matrix.zeros(rows * canvas.width, 2);
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < canvas.width; i++) {
                    points.set(r * canvas.width + i, 0, canvas.x(i)).set(r * canvas.width + i, 1, canvas.y(j0 + r));
                }
            }
            int[] predicted = classes(model.apply(points), points.rows());
            for (int r = 0; r < rows; r++) System.arraycopy(predicted, r * canvas.width, region[j0 + r], 0, canvas.width);
        }
        canvas.paint((i, j) -> Canvas.tint(Canvas.colour(region[j][i]), 0.35));
        canvas.clipToPlot();
        for (int n = 0; n < x.rows(); n++) canvas.dot(x.get(n, 0), x.get(n, 1), 3.5, Canvas.colour(c[n]), Color.DARK_GRAY);
        canvas.axes();
        List<Integer> classes = legendClasses(c, region);
        List<String> names = classes.stream().map(k -> k < 0 ? "…" : "class " + k).toList();
        canvas.legend(names, (n, at) -> {
            int k = classes.get(n);
            if (k < 0) return;
            canvas.g.setColor(new Color(Canvas.tint(Canvas.colour(k), 0.35)));
            canvas.g.fillRect((int) at[0] - 6, (int) at[1] - 6, 12, 12);
            canvas.g.setColor(Canvas.colour(k));
            canvas.g.fillOval((int) at[0] - 3, (int) at[1] - 3, 7, 7);
        });
        return canvas.image();
    }

    /** The predicted class of each of the m rows of the model's scores. */
    private static int[] classes(Matrix scores, int m) {
        if (scores == null || scores.rows() != m) {
            throw new IllegalArgumentException("DecisionRegions: the model returned " + (scores == null ? "null" : scores.shape())
                    + " for " + m + " points; expected one row of scores per point");
        }
        if (scores.cols() > 1) return Labels.argmax(scores);
        Require.finite("DecisionRegions: the model's probability of class 1", scores);   // NaN would read as class 0
        return IntStream.range(0, m).map(i -> scores.at(i) >= 0.5 ? 1 : 0).toArray();
    }

    /** The classes among the labels and the predictions, in order; beyond {@link #LEGEND_ENTRIES}, a last entry −1 for "…". */
    private static List<Integer> legendClasses(int[] labels, int[][] region) {
        java.util.TreeSet<Integer> seen = new java.util.TreeSet<>();
        for (int c : labels) seen.add(c);
        for (int[] row : region) for (int c : row) seen.add(c);
        List<Integer> shown = new java.util.ArrayList<>(seen.stream().limit(LEGEND_ENTRIES).toList());
        if (seen.size() > LEGEND_ENTRIES) shown.add(-1);
        return shown;
    }

    private static double min(Matrix x, int j) {
        return IntStream.range(0, x.rows()).mapToDouble(i -> x.get(i, j)).min().orElseThrow();
    }

    private static double max(Matrix x, int j) {
        return IntStream.range(0, x.rows()).mapToDouble(i -> x.get(i, j)).max().orElseThrow();
    }
}
