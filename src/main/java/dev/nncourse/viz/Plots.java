package dev.nncourse.viz;

import dev.nncourse.train.History;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** XChart line charts for the notebooks. A bare chart as a cell's last expression renders inline as a PNG. */
public final class Plots {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 400;

    private Plots() {}

    /**
     * The loss curve of one training run: loss against epoch. A run that recorded no epoch (it diverged or was
     * stopped in its first) gives an empty chart titled "Training loss: no epochs recorded".
     */
    public static XYChart loss(History history) {
        if (history == null) throw new IllegalArgumentException("Plots.loss: expected a history, got null");
        XYChart chart = loss(history.size() == 0 ? "Training loss: " + NO_EPOCHS : "Training loss", Map.of("loss", history));
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    /**
     * Several loss curves on one chart, one series per named run (in the map's iteration order). A run that recorded
     * no epoch has no curve, only a legend entry "NAME (no epochs recorded)".
     */
    public static XYChart loss(String title, Map<String, History> runs) {
        if (runs == null) throw new IllegalArgumentException("Plots.loss: expected a map of named histories, got null");
        XYChart chart = chart(title, "epoch", "loss");
        runs.forEach((name, h) -> {
            if (h == null) throw new IllegalArgumentException("Plots.loss: run \"" + name + "\" has no history (null)");
            if (h.size() > 0) {
                line(chart, name, toDouble(h.epochs()), h.loss());
            } else {   // one invisible point: a legend entry, and an x axis even when no run has a curve
                XYSeries s = chart.addSeries(name + " (" + NO_EPOCHS + ")", new double[] {1}, new double[] {Double.NaN});
                s.setMarker(SeriesMarkers.NONE);
            }
        });
        chart.getStyler().setXAxisDecimalPattern("#");
        return chart;
    }

    /**
     * {@link #loss(String, Map)} with a logarithmic loss axis, for runs whose losses differ by orders of magnitude, as
     * when optimizers are compared: equal ratios look equally far apart, so the late epochs stay readable. The axis is
     * labelled between the decades too, unless the losses span so many decades that those labels would overlap.
     */
    public static XYChart lossOnLogScale(String title, Map<String, History> runs) {
        XYChart chart = loss(title, runs);
        double[] losses = runs.values().stream().flatMapToDouble(h -> java.util.Arrays.stream(h.loss())).toArray();
        chart.getStyler().setYAxisLogarithmic(true).setYAxisLogarithmicDecadeOnly(tooManyDecades(losses));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);   // beside: log-scale curves fill the plot
        return chart;
    }

    /**
     * A value per layer for several networks, one line each, over the layer number l = 1, 2, … on a logarithmic axis:
     * e.g. the size ‖∂J/∂W_l‖ of each layer's gradient, or the root mean square of its activations. Such values grow or
     * shrink by a factor per layer, which the log axis shows as a straight line. A value that is 0, negative or not
     * finite has no point on a log axis, so it leaves a gap in its line; every value of a series must not be such.
     */
    public static XYChart perLayer(String title, String yLabel, Map<String, double[]> series) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("Plots.perLayer: expected a map of named series, one value per layer, got "
                    + (series == null ? "null" : "none"));
        }
        XYChart chart = chart(title, "layer l", yLabel);
        series.forEach((name, values) -> {
            if (values == null || values.length == 0) {
                throw new IllegalArgumentException("Plots.perLayer: series \"" + name + "\" has "
                        + (values == null ? "no values (null)" : "no values") + "; expected one value per layer");
            }
            if (java.util.Arrays.stream(values).noneMatch(v -> v > 0 && Double.isFinite(v))) {
                throw new IllegalArgumentException("Plots.perLayer: series \"" + name + "\" has no positive finite value, "
                        + "so nothing to draw on a log axis: " + java.util.Arrays.toString(values));
            }
            double[] layers = java.util.stream.IntStream.rangeClosed(1, values.length).asDoubleStream().toArray();
            XYSeries s = line(chart, name, layers, java.util.Arrays.stream(values).map(v -> v > 0 ? v : Double.NaN).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
        });
        double[] all = series.values().stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        chart.getStyler().setYAxisLogarithmic(true).setYAxisLogarithmicDecadeOnly(tooManyDecades(all));
        chart.getStyler().setXAxisDecimalPattern("#");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return chart;
    }

    /** The largest ratio of the largest to the smallest value that a log axis labels between decades too. */
    static final double MAX_SPAN_WITH_MINOR_TICKS = 100;

    /**
     * Whether the positive finite values span more than {@link #MAX_SPAN_WITH_MINOR_TICKS} (max/min), so that a log
     * axis labelled between the decades too would crowd its labels into each other; false if there are none.
     */
    static boolean tooManyDecades(double[] values) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (double v : values) {
            if (v > 0 && Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return hi / lo > MAX_SPAN_WITH_MINOR_TICKS;
    }

    /** The width and height of each panel of {@link #history}. */
    static final int PANEL_WIDTH = 480, PANEL_HEIGHT = 320;

    /**
     * Every curve of a training run, one panel per quantity, two panels to a row: the loss with the validation loss
     * ({@code loss} and {@code val_loss}), then each further metric with its validation twin ({@code NAME} and
     * {@code val_NAME}), each labelled "training" and "validation". What {@code LiveChart} redraws during training.
     * A run that recorded no epoch gives one panel titled "… no epochs recorded".
     */
    public static BufferedImage history(String title, History history) {
        if (history == null) throw new IllegalArgumentException("Plots.history: expected a history, got null");
        java.util.List<XYChart> panels = historyPanels(title, history);
        int columns = Math.min(2, panels.size()), rows = (panels.size() + 1) / 2;
        BufferedImage img = new BufferedImage(columns * PANEL_WIDTH, rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int p = 0; p < panels.size(); p++) {
            g.drawImage(png(panels.get(p)), (p % 2) * PANEL_WIDTH, (p / 2) * PANEL_HEIGHT, null);
        }
        g.dispose();
        return img;
    }

    /**
     * The panels of {@link #history}. Every frame of a live chart looks like the last: the validation curve keeps its
     * colour from the first epoch on (see {@link #keepColours}), and a single epoch gets a round y range (see
     * {@link #roundYRange}).
     */
    static java.util.List<XYChart> historyPanels(String title, History history) {
        String prefix = title == null || title.isBlank() ? "" : title + ": ";
        java.util.List<XYChart> panels = new java.util.ArrayList<>();
        double[] epochs = toDouble(history.epochs());
        for (String name : history.metricNames()) {
            boolean validation = name.startsWith(History.VALIDATION);
            String base = validation ? name.substring(History.VALIDATION.length()) : name;
            if (validation && history.has(base)) continue;   // drawn in its training twin's panel
            XYChart chart = chart(prefix + base, "epoch", base, PANEL_WIDTH, PANEL_HEIGHT);
            if (history.has(base)) line(chart, "training", epochs, history.metric(base));
            keepColours(chart, epochs);
            if (history.has(History.validation(base))) line(chart, "validation", epochs, history.metric(History.validation(base)));
            if (epochs.length == 1) roundYRange(chart);
            chart.getStyler().setXAxisDecimalPattern("#");
            panels.add(chart);
        }
        if (panels.isEmpty()) {
            XYChart empty = chart(prefix + "Training: " + NO_EPOCHS, "epoch", "loss", PANEL_WIDTH, PANEL_HEIGHT);
            empty.addSeries(NO_EPOCHS, new double[] {1}, new double[] {Double.NaN}).setMarker(SeriesMarkers.NONE);
            empty.getStyler().setLegendVisible(false);
            panels.add(empty);
        }
        return panels;
    }

    /**
     * XChart gives every series the next colour of its palette, the hidden {@link #ROUND_TICKS} one too, which
     * {@link #line} adds after the first line from three x values on. So that the series after it keep their colours
     * in the frames of the first two epochs as well, it is added there already, at the first x (no change of range).
     */
    private static void keepColours(XYChart chart, double[] xs) {
        if (xs.length == 0 || chart.getSeriesMap().containsKey(ROUND_TICKS)) return;
        XYSeries hidden = chart.addSeries(ROUND_TICKS, new double[] {xs[0]}, new double[] {Double.NaN});
        hidden.setShowInLegend(false);
        hidden.setMarker(SeriesMarkers.NONE);
    }

    /**
     * A y range from and to round numbers around the chart's values. With a single x value XChart puts the y ticks at
     * the extreme values themselves, labelled to 16 digits (2.302585092994046).
     */
    static void roundYRange(XYChart chart) {
        double[] ys = chart.getSeriesMap().values().stream().flatMapToDouble(s -> java.util.Arrays.stream(s.getYData()))
                .filter(Double::isFinite).toArray();
        if (ys.length == 0) return;
        double lo = java.util.Arrays.stream(ys).min().getAsDouble(), hi = java.util.Arrays.stream(ys).max().getAsDouble();
        double span = Math.max(hi - lo, 0.1 * Math.max(Math.abs(lo), Math.abs(hi)));
        double step = Math.pow(10, Math.floor(Math.log10(span > 0 ? span : 1)));
        double min = Math.floor(lo / step) * step, max = Math.ceil(hi / step) * step;
        chart.getStyler().setYAxisMin(min).setYAxisMax(max > min ? max : min + step);
    }

    /** Named functions plotted over [from, to] with {@code points} samples each, e.g. f and f′ of an activation. */
    public static XYChart functions(String title, double from, double to, Map<String, DoubleUnaryOperator> fs) {
        if (!(from < to) || !Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("Plots.functions: expected an interval of finite numbers from < to, got ["
                    + from + ", " + to + "]");
        }
        if (fs == null || fs.values().stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("Plots.functions: expected a map of named functions, got " + fs);
        }
        XYChart chart = chart(title, "x", "y");
        int points = 201;
        double[] xs = new double[points];
        for (int i = 0; i < points; i++) xs[i] = from + (to - from) * i / (points - 1);
        fs.forEach((name, f) -> line(chart, name, xs, java.util.Arrays.stream(xs).map(f).toArray()));
        return chart;
    }

    /**
     * Several named curves over the same x values (in the map's order), e.g. a statistic per layer for two
     * initializers. With more than two curves the legend goes below the plot, where it hides no curve.
     */
    public static XYChart lines(String title, String xLabel, String yLabel, double[] xs, Map<String, double[]> series) {
        XYChart chart = chart(title, xLabel, yLabel);
        requireSeries("Plots.lines", series).forEach((name, ys) -> line(chart, name, xs, ys));
        if (series.size() > 2) chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        return chart;
    }

    /**
     * Named sets of points drawn as markers without lines (in the map's order), e.g. one result per run, with the legend
     * beside the plot.
     */
    public static XYChart scatter(String title, String xLabel, String yLabel, double[] xs, Map<String, double[]> series) {
        XYChart chart = chart(title, xLabel, yLabel);
        requireSeries("Plots.scatter", series).forEach((name, ys) -> {
            line(chart, name, xs, ys).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                    .setMarker(SeriesMarkers.CIRCLE);
        });
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return chart;
    }

    private static Map<String, double[]> requireSeries(String op, Map<String, double[]> series) {
        if (series == null || series.isEmpty() || series.values().stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(op + ": expected a map of named y values, at least one, got " + series);
        }
        return series;
    }

    /**
     * A horizontal reference line y = {@code y}, named in the legend, across the x range of the chart's series (a
     * floor, a threshold, a known limit).
     */
    public static XYSeries hline(XYChart chart, String name, double y) {
        if (chart == null || name == null || !Double.isFinite(y)) {
            throw new IllegalArgumentException("Plots.hline: expected a chart, a name and a finite y, got " + chart + ", "
                    + name + ", " + y);
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (s.getName().equals(ROUND_TICKS)) continue;
            for (double x : s.getXData()) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        if (lo > hi) throw new IllegalArgumentException("Plots.hline: the chart has no series yet to take the x range from");
        XYSeries line = line(chart, name, new double[] {lo, hi}, new double[] {y, y});
        line.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DASH_DASH);
        return line;
    }

    /** The chart with a logarithmic y axis (ticks between the decades too), for values spanning orders of magnitude. */
    public static XYChart logY(XYChart chart) { return logAxes("Plots.logY", chart, false); }

    /** The chart with both axes logarithmic, e.g. an error against a step size. */
    public static XYChart logLog(XYChart chart) { return logAxes("Plots.logLog", chart, true); }

    /** Makes y (and x, if asked) logarithmic, after checking that every value on them can be shown. */
    private static XYChart logAxes(String op, XYChart chart, boolean x) {
        if (chart == null) throw new IllegalArgumentException(op + ": expected a chart, got null");
        requirePositiveOnLogAxes(op, chart, x || chart.getStyler().isXAxisLogarithmic(), true);
        chart.getStyler().setYAxisLogarithmic(true).setYAxisLogarithmicDecadeOnly(false);
        if (x) chart.getStyler().setXAxisLogarithmic(true);
        return chart;
    }

    /**
     * Throws unless every value on a logarithmic axis of the chart is positive, naming the series, the axis and the
     * value: XChart refuses to draw the chart otherwise, with a message that names neither. NaN draws as a gap.
     */
    private static void requirePositiveOnLogAxes(String op, XYChart chart, boolean logX, boolean logY) {
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (logX) requirePositive(op, s, "x", s.getXData());
            if (logY) requirePositive(op, s, "y", s.getYData());
        }
    }

    private static void requirePositive(String op, XYSeries s, String axis, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] <= 0) {
                throw new IllegalArgumentException(op + ": series \"" + s.getName() + "\" has " + axis + " = " + values[i]
                        + " at point " + i + ", which a logarithmic " + axis + " axis cannot show; expected values > 0 "
                        + "(plot |values|, or leave out the points ≤ 0)");
            }
        }
    }

    /** An empty chart with the course's size and style, to add series to. */
    public static XYChart chart(String title, String xLabel, String yLabel) { return chart(title, xLabel, yLabel, WIDTH, HEIGHT); }

    private static XYChart chart(String title, String xLabel, String yLabel, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler style = chart.getStyler();
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotBorderVisible(false);
        style.setLegendPosition(Styler.LegendPosition.InsideNE);
        style.setXAxisTickMarkSpacingHint(90);
        style.setAntiAlias(true);
        return chart;
    }

    /**
     * Adds a line series without markers and returns it. A NaN or infinite y leaves a gap in the line (a chart cannot
     * draw ±∞); the x values must be finite.
     */
    public static XYSeries line(XYChart chart, String name, double[] xs, double[] ys) {
        if (chart == null || name == null || xs == null || ys == null) {
            throw new IllegalArgumentException("Plots.line: expected a chart, a name, x values and y values, got " + chart
                    + ", " + name + ", " + (xs == null ? "null" : xs.length + " x values") + ", "
                    + (ys == null ? "null" : ys.length + " y values"));
        }
        if (xs.length == 0 || xs.length != ys.length) {
            throw new IllegalArgumentException("Plots.line: series \"" + name + "\" has " + xs.length + " x values and "
                    + ys.length + " y values; expected the same number, at least 1");
        }
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(xs[i])) {
                throw new IllegalArgumentException("Plots.line: series \"" + name + "\": x value " + i + " is " + xs[i]
                        + "; expected finite numbers");
            }
        }
        double[] gaps = java.util.Arrays.stream(ys).map(y -> Double.isFinite(y) ? y : Double.NaN).toArray();
        XYSeries s = chart.addSeries(name, xs, gaps);
        s.setMarker(SeriesMarkers.NONE);
        if (xs.length > 2 && !chart.getSeriesMap().containsKey(ROUND_TICKS)) {
            XYSeries hidden = chart.addSeries(ROUND_TICKS, new double[] {xs[0] - (xs[1] - xs[0]) / 2}, new double[] {Double.NaN});
            hidden.setShowInLegend(false);
            hidden.setMarker(SeriesMarkers.NONE);
        }
        return s;
    }

    /**
     * The name of an invisible one-point series (y = NaN) half a step before the first x. When all x values of a chart
     * are equally spaced, as epochs are, XChart 3.8 puts a tick on every k-th value, which crowds the axis with labels
     * like 1 25 49 73 …; one x value off the grid makes it choose round ticks (0 100 200 …) instead.
     */
    static final String ROUND_TICKS = "\u200b";

    /** What the chart of a run that recorded no epoch says instead of a curve. */
    static final String NO_EPOCHS = "no epochs recorded";

    /** The chart drawn as an image, which JJava displays as {@code image/png}. */
    public static BufferedImage png(XYChart chart) {
        if (chart == null) throw new IllegalArgumentException("Plots.png: expected a chart, got null");
        requirePositiveOnLogAxes("Plots.png", chart, chart.getStyler().isXAxisLogarithmic(),
                chart.getStyler().isYAxisLogarithmic());
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static double[] toDouble(int[] xs) { return java.util.Arrays.stream(xs).asDoubleStream().toArray(); }
}
