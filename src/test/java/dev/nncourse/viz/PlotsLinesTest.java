package dev.nncourse.viz;

import static dev.nncourse.viz.ChartFixtures.visible;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.junit.jupiter.api.Test;

/** The chart helpers the notebooks call instead of styling charts themselves. */
class PlotsLinesTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final double[] X = {1, 2, 3};

    private static Map<String, double[]> series(int n) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int k = 0; k < n; k++) m.put("s" + k, new double[] {k, k + 1, k + 2});
        return m;
    }

    @Test
    void linesDrawOneCurvePerSeriesAndMoveAManyEntryLegendBelow() {
        XYChart two = Plots.lines("t", "layer", "rms", X, series(2));
        assertEquals(List.of("s0", "s1"), visible(two));
        assertArrayEquals(new double[] {1, 2, 3}, two.getSeriesMap().get("s1").getYData());
        assertEquals(Styler.LegendPosition.InsideNE, two.getStyler().getLegendPosition());
        assertEquals(Styler.LegendPosition.OutsideS, Plots.lines("t", "x", "y", X, series(4)).getStyler().getLegendPosition());
        assertEquals("layer", two.getXAxisTitle());
    }

    @Test
    void scatterDrawsMarkersWithoutLines() {
        XYChart chart = Plots.scatter("runs", "seed", "cost", X, series(2));
        XYSeries s = chart.getSeriesMap().get("s0");
        assertEquals(XYSeries.XYSeriesRenderStyle.Scatter, s.getXYSeriesRenderStyle());
        assertEquals(SeriesMarkers.CIRCLE, s.getMarker());
        assertEquals(Styler.LegendPosition.OutsideE, chart.getStyler().getLegendPosition());
    }

    @Test
    void hlineSpansTheChartsXRange() {
        XYChart chart = Plots.lines("t", "x", "y", new double[] {2, 5, 9}, series(1));
        XYSeries floor = Plots.hline(chart, "floor", 0.3);
        assertArrayEquals(new double[] {2, 9}, floor.getXData(), "the hidden tick series is not part of the range");
        assertArrayEquals(new double[] {0.3, 0.3}, floor.getYData());
        assertMessage(IAE, () -> Plots.hline(Plots.chart("empty", "x", "y"), "f", 1), "Plots.hline", "no series");
        assertMessage(IAE, () -> Plots.hline(chart, "f", Double.NaN), "Plots.hline", "finite y");
    }

    @Test
    void logAxes() {
        Map<String, double[]> positive = Map.of("s", new double[] {1, 2, 3});
        XYChart chart = Plots.logY(Plots.lines("t", "x", "y", X, positive));
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(false, chart.getStyler().isXAxisLogarithmic());
        assertTrue(Plots.logLog(Plots.lines("t", "x", "y", X, positive)).getStyler().isXAxisLogarithmic());
        assertMessage(IAE, () -> Plots.logY(null), "Plots.logY", "got null");
    }

    @Test
    void badSeriesAreNamed() {
        assertMessage(IAE, () -> Plots.lines("t", "x", "y", X, Map.of()), "Plots.lines", "at least one");
        assertMessage(IAE, () -> Plots.scatter("t", "x", "y", X, null), "Plots.scatter", "got null");
        assertMessage(IAE, () -> Plots.lines("t", "x", "y", X, Map.of("a", new double[] {1})), "Plots.line", "\"a\"",
                "3 x values and 1 y values");
    }

    @Test void aLogAxisRefusesValuesItCannotShowNamingTheSeriesAndTheValue() {
        double[] xs = {1, 2, 3};
        Map<String, double[]> ys = new LinkedHashMap<>();
        ys.put("fine", new double[] {1, 10, 100});
        ys.put("error", new double[] {0.5, 0, 0.1});
        assertMessage(IllegalArgumentException.class, () -> Plots.logY(Plots.lines("t", "x", "y", xs, ys)),
                "Plots.logY", "\"error\"", "y = 0.0", "point 1");
        XYChart ok = Plots.logY(Plots.lines("t", "x", "y", xs, Map.of("fine", new double[] {1, 10, 100})));
        Plots.hline(ok, "floor", -1);   // added after logY: png names it before XChart fails without a name
        assertMessage(IllegalArgumentException.class, () -> Plots.png(ok), "Plots.png", "\"floor\"", "y = -1.0");
        XYChart negativeX = Plots.lines("t", "x", "y", new double[] {-1, 1, 2}, Map.of("s", new double[] {1, 2, 3}));
        assertMessage(IllegalArgumentException.class, () -> Plots.logLog(negativeX), "Plots.logLog", "x = -1.0");
        assertTrue(Plots.png(Plots.logLog(Plots.lines("t", "x", "y", xs, Map.of("s", new double[] {1, Double.NaN, 3}))))
                .getWidth() > 0, "NaN is a gap, not an error");
    }
}
