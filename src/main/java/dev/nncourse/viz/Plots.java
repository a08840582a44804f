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

    /** The loss curve of one training run: loss against epoch. */
    public static XYChart loss(History history) {
        XYChart chart = loss("Training loss", Map.of("loss", history));
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    /** Several loss curves on one chart, one series per named run (in the map's iteration order). */
    public static XYChart loss(String title, Map<String, History> runs) {
        XYChart chart = chart(title, "epoch", "loss");
        runs.forEach((name, h) -> line(chart, name, toDouble(h.epochs()), h.loss()));
        chart.getStyler().setXAxisDecimalPattern("#");
        return chart;
    }

    /**
     * {@link #loss(String, Map)} with a logarithmic loss axis, for runs whose losses differ by orders of magnitude, as
     * when optimizers are compared: equal ratios look equally far apart, so the late epochs stay readable.
     */
    public static XYChart lossOnLogScale(String title, Map<String, History> runs) {
        XYChart chart = loss(title, runs);
        chart.getStyler().setYAxisLogarithmic(true).setYAxisLogarithmicDecadeOnly(false);   // ticks between decades too
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);   // beside: log-scale curves fill the plot
        return chart;
    }

    /** Named functions plotted over [from, to] with {@code points} samples each, e.g. f and f′ of an activation. */
    public static XYChart functions(String title, double from, double to, Map<String, DoubleUnaryOperator> fs) {
        XYChart chart = chart(title, "x", "y");
        int points = 201;
        double[] xs = new double[points];
        for (int i = 0; i < points; i++) xs[i] = from + (to - from) * i / (points - 1);
        fs.forEach((name, f) -> line(chart, name, xs, java.util.Arrays.stream(xs).map(f).toArray()));
        return chart;
    }

    /** An empty chart with the course's size and style, to add series to. */
    public static XYChart chart(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler style = chart.getStyler();
        style.setChartBackgroundColor(Color.WHITE);
        style.setPlotBorderVisible(false);
        style.setLegendPosition(Styler.LegendPosition.InsideNE);
        style.setXAxisTickMarkSpacingHint(90);
        style.setAntiAlias(true);
        return chart;
    }

    /** Adds a line series without markers and returns it. */
    public static XYSeries line(XYChart chart, String name, double[] xs, double[] ys) {
        XYSeries s = chart.addSeries(name, xs, ys);
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

    /** The chart drawn as an image, which JJava displays as {@code image/png}. */
    public static BufferedImage png(XYChart chart) { return BitmapEncoder.getBufferedImage(chart); }

    private static double[] toDouble(int[] xs) { return java.util.Arrays.stream(xs).asDoubleStream().toArray(); }
}
