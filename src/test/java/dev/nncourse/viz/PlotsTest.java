package dev.nncourse.viz;

import static dev.nncourse.viz.ChartFixtures.visible;
import static dev.nncourse.viz.ChartFixtures.history;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.train.History;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.junit.jupiter.api.Test;

class PlotsTest {
    @Test
    void equallySpacedXGetsOneHiddenOffGridPointSoTheAxisHasRoundTicks() {
        XYChart chart = Plots.loss(history(0.9, 0.5, 0.2, 0.1));
        Plots.line(chart, "again", new double[] {1, 2, 3}, new double[] {1, 1, 1});
        XYSeries hidden = chart.getSeriesMap().get(Plots.ROUND_TICKS);
        assertArrayEquals(new double[] {0.5}, hidden.getXData());
        assertTrue(Double.isNaN(hidden.getYData()[0]));
        assertEquals(false, hidden.isShowInLegend());
        assertEquals(3, chart.getSeriesMap().size(), "one hidden series per chart, however many lines");
    }

    @Test
    void lossCurveOfOneRunPlotsLossAgainstEpoch() {
        XYChart chart = Plots.loss(history(0.9, 0.5, 0.2));
        assertEquals("Training loss", chart.getTitle());
        assertEquals("epoch", chart.getXAxisTitle());
        assertEquals("loss", chart.getYAxisTitle());
        assertEquals(List.of("loss"), visible(chart));
        XYSeries s = chart.getSeriesMap().get("loss");
        assertArrayEquals(new double[] {1, 2, 3}, s.getXData());
        assertArrayEquals(new double[] {0.9, 0.5, 0.2}, s.getYData());
        assertEquals(SeriesMarkers.NONE, s.getMarker());
    }

    @Test
    void severalRunsGiveOneSeriesEachInTheMapsOrder() {
        Map<String, History> runs = new LinkedHashMap<>();
        runs.put("sgd", history(1, 0.5));
        runs.put("gd", history(1, 0.8, 0.7));
        XYChart chart = Plots.loss("SGD against GD", runs);
        assertEquals("SGD against GD", chart.getTitle());
        assertEquals(List.of("sgd", "gd"), visible(chart));
        assertArrayEquals(new double[] {1, 0.8, 0.7}, chart.getSeriesMap().get("gd").getYData());
    }

    @Test
    void functionsAreSampledAtTwoHundredAndOneEvenPoints() {
        Map<String, DoubleUnaryOperator> fs = new LinkedHashMap<>();
        fs.put("square", x -> x * x);
        fs.put("negate", x -> -x);
        XYChart chart = Plots.functions("f", -2, 2, fs);
        assertEquals(List.of("square", "negate"), visible(chart));
        double[] xs = chart.getSeriesMap().get("square").getXData(), ys = chart.getSeriesMap().get("square").getYData();
        assertEquals(201, xs.length);
        assertEquals(-2, xs[0]);
        assertEquals(2, xs[200]);
        assertEquals(0, xs[100], 1e-15);
        assertEquals(0.02, xs[1] - xs[0], 1e-12);
        for (int i = 0; i < 201; i++) assertEquals(xs[i] * xs[i], ys[i]);
        assertEquals(-xs[7], chart.getSeriesMap().get("negate").getYData()[7]);
    }

    @Test
    void chartHasTheCourseSizeAndLineAddsASeries() {
        XYChart chart = Plots.chart("t", "x", "y");
        assertEquals(Plots.WIDTH, chart.getWidth());
        assertEquals(Plots.HEIGHT, chart.getHeight());
        XYSeries s = Plots.line(chart, "line", new double[] {0, 1}, new double[] {2, 3});
        assertEquals(s, chart.getSeriesMap().get("line"));
        assertArrayEquals(new double[] {2, 3}, s.getYData());
    }

    @Test
    void pngHasTheChartsSizeAndIsNotBlank() {
        XYChart chart = Plots.loss(history(0.9, 0.5, 0.2));
        BufferedImage png = Plots.png(chart);
        assertEquals(640, png.getWidth());
        assertEquals(400, png.getHeight());
        int corner = png.getRGB(0, 0);
        boolean drawn = false;
        for (int x = 0; x < png.getWidth() && !drawn; x += 4) {
            for (int y = 0; y < png.getHeight() && !drawn; y += 4) drawn = png.getRGB(x, y) != corner;
        }
        assertTrue(drawn, "the image has more than one colour");
    }
}
