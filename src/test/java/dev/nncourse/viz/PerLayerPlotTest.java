package dev.nncourse.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/** {@link Plots#perLayer}: a value per layer (gradient sizes, activation scales) for several networks, on a log axis. */
class PerLayerPlotTest {
    @Test
    void oneLinePerNetworkOverTheLayerNumbersOnALogAxis() {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("sigmoid", new double[] {1e-7, 1e-5, 1e-3, 1e-1});
        series.put("relu", new double[] {0.8, 1.7, 2.4});
        XYChart chart = Plots.perLayer("‖∂J/∂W_l‖", "norm", series);
        assertEquals("‖∂J/∂W_l‖", chart.getTitle());
        assertEquals("layer l", chart.getXAxisTitle());
        assertEquals("norm", chart.getYAxisTitle());
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertTrue(chart.getStyler().isYAxisLogarithmicDecadeOnly(), "8 decades: a label per decade only");
        assertEquals(Styler.LegendPosition.OutsideE, chart.getStyler().getLegendPosition());
        assertEquals(List.of("sigmoid", "relu"),
                chart.getSeriesMap().keySet().stream().filter(k -> !k.equals(Plots.ROUND_TICKS)).toList());
        XYSeries sigmoid = chart.getSeriesMap().get("sigmoid");
        assertArrayEquals(new double[] {1, 2, 3, 4}, sigmoid.getXData());
        assertArrayEquals(new double[] {1e-7, 1e-5, 1e-3, 1e-1}, sigmoid.getYData());
        assertArrayEquals(new double[] {1, 2, 3}, chart.getSeriesMap().get("relu").getXData());
        assertEquals(Plots.WIDTH, Plots.png(chart).getWidth());
    }

    @Test
    void withinTwoDecadesTheAxisIsLabelledBetweenDecadesToo() {
        XYChart chart = Plots.perLayer("He", "E[a²]", Map.of("He", new double[] {1.8, 2.4, 2.0},
                "2.2/n", new double[] {2, 9, 16}));
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(false, chart.getStyler().isYAxisLogarithmicDecadeOnly());
    }

    @Test
    void zeroNegativeAndNonFiniteValuesLeaveGapsThatStillDraw() {
        XYChart chart = Plots.perLayer("gaps", "rms", Map.of("dead", new double[] {1, 0, -2, Double.NaN,
                Double.POSITIVE_INFINITY, 3}));
        double[] y = chart.getSeriesMap().get("dead").getYData();
        assertEquals(1, y[0]);
        for (int k = 1; k < 5; k++) assertTrue(Double.isNaN(y[k]), "value " + k + " should be a gap, got " + y[k]);
        assertEquals(3, y[5]);
        assertEquals(Plots.HEIGHT, Plots.png(chart).getHeight());   // XChart refuses values ≤ 0 on a log axis
    }

    @Test
    void badInputIsNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Plots.perLayer("t", "y", null))
                .getMessage().contains("got null"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Plots.perLayer("t", "y", Map.of()))
                .getMessage().contains("got none"));
        Map<String, double[]> nullSeries = new LinkedHashMap<>();
        nullSeries.put("a", null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Plots.perLayer("t", "y", nullSeries))
                .getMessage().contains("series \"a\" has no values (null)"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Plots.perLayer("t", "y", Map.of("b", new double[0]))).getMessage().contains("series \"b\" has no values"));
        String message = assertThrows(IllegalArgumentException.class,
                () -> Plots.perLayer("t", "y", Map.of("c", new double[] {0, -1, Double.NaN}))).getMessage();
        assertTrue(message.contains("series \"c\" has no positive finite value") && message.contains("[0.0, -1.0, NaN]"),
                message);
    }
}
