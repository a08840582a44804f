package dev.nncourse.viz;

import static dev.nncourse.viz.ChartFixtures.history;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.train.History;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.junit.jupiter.api.Test;

/** {@link Plots#lossOnLogScale}: the comparison of several optimizers' loss curves. */
class LossOnLogScaleTest {
    @Test
    void severalRunsOnALogarithmicAxisWithTheLegendBeside() {
        Map<String, History> runs = new LinkedHashMap<>();
        runs.put("SGD", history(1, 0.5, 0.3));
        runs.put("momentum", history(1, 0.2, 0.05));
        runs.put("Adam", history(1, 0.01, 1e-4));
        XYChart chart = Plots.lossOnLogScale("optimizers", runs);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(Styler.LegendPosition.OutsideE, chart.getStyler().getLegendPosition());
        assertEquals(List.of("SGD", "momentum", "Adam"),
                chart.getSeriesMap().keySet().stream().filter(k -> !k.equals(Plots.ROUND_TICKS)).toList());
        assertArrayEquals(new double[] {1, 0.01, 1e-4}, chart.getSeriesMap().get("Adam").getYData());
        assertEquals(Plots.WIDTH, Plots.png(chart).getWidth());
        assertTrue(chart.getStyler().isYAxisLogarithmicDecadeOnly(), "4 decades: a label per decade only");
    }

    @Test
    void withinTwoDecadesTheAxisIsLabelledBetweenDecadesToo() {
        Map<String, History> runs = new LinkedHashMap<>();
        runs.put("slow", history(2, 1.5, 1.2));
        runs.put("fast", history(2, 0.5, 0.03));
        XYChart chart = Plots.lossOnLogScale("close", runs);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(false, chart.getStyler().isYAxisLogarithmicDecadeOnly());
    }
}
