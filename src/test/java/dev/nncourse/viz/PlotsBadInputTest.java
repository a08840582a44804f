package dev.nncourse.viz;

import static dev.nncourse.viz.ChartFixtures.visible;
import static dev.nncourse.viz.ChartFixtures.history;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.optim.Sgd;
import dev.nncourse.train.History;
import dev.nncourse.train.Trainer;
import dev.nncourse.train.TrainingDivergedException;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/**
 * The history of a run that recorded no epoch (it diverged or was stopped in its first) plots as an honest empty
 * chart that says so, instead of XChart's "Y-Axis data cannot be empty!!!"; other bad input is named.
 */
class PlotsBadInputTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    @Test void anEmptyHistoryGivesAnEmptyChartThatSaysSo() {
        XYChart chart = Plots.loss(new History());
        assertEquals("Training loss: no epochs recorded", chart.getTitle());
        for (var s : chart.getSeriesMap().values()) {
            for (double y : s.getYData()) assertTrue(Double.isNaN(y), "no point is drawn");
        }
        BufferedImage png = Plots.png(chart);
        assertEquals(Plots.WIDTH, png.getWidth());
    }

    @Test void aRunThatDivergedInItsFirstEpochCanBePlotted() {
        Dataset d = Datasets.randomRegression(8, 2, 1);
        Network net = Network.builder(2, 1).dense(4, Activations.TANH).dense(1, Activations.IDENTITY).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.of(net, Losses.MSE, new Sgd(1e300)).epochs(5).batchSize(1).fit(d.x(), d.y()));
        assertEquals(0, e.history().size());
        XYChart chart = Plots.loss(e.history());
        assertEquals("Training loss: no epochs recorded", chart.getTitle());
        Plots.png(chart);
    }

    @Test void anEmptyRunAmongOthersGetsALegendEntryAndNoCurve() {
        Map<String, History> runs = new LinkedHashMap<>();
        runs.put("lr 0.1", history(1, 0.5, 0.2));
        runs.put("lr 100", new History());
        XYChart chart = Plots.loss("learning rates", runs);
        assertEquals(List.of("lr 0.1", "lr 100 (no epochs recorded)"), visible(chart));
        assertTrue(Double.isNaN(chart.getSeriesMap().get("lr 100 (no epochs recorded)").getYData()[0]));
        Plots.png(chart);
    }

    @Test void everyRunEmptyStillDraws() {
        Map<String, History> runs = new LinkedHashMap<>();
        runs.put("a", new History());
        runs.put("b", new History());
        assertEquals(List.of("a (no epochs recorded)", "b (no epochs recorded)"), visible(Plots.loss("none", runs)));
        Plots.png(Plots.loss("none", runs));
    }

    @Test void infiniteValuesAreGapsNotAnXChartError() {
        History h = history(1, Double.POSITIVE_INFINITY, 0.5);
        XYChart chart = Plots.loss(h);
        assertArrayEquals(new double[] {1, Double.NaN, 0.5}, chart.getSeriesMap().get("loss").getYData());
        Plots.png(chart);
        Map<String, DoubleUnaryOperator> f = Map.of("1/x", x -> 1 / x);
        Plots.png(Plots.functions("a pole at 0", -1, 1, f));   // x = 0 is one of the 201 samples
    }

    @Test void lineNamesMismatchedOrEmptyData() {
        XYChart chart = Plots.chart("t", "x", "y");
        assertMessage(IAE, () -> Plots.line(chart, "s", new double[0], new double[0]), "series \"s\" has 0 x values and 0 y values");
        assertMessage(IAE, () -> Plots.line(chart, "s", new double[3], new double[2]), "3 x values and 2 y values");
        assertMessage(IAE, () -> Plots.line(chart, "s", new double[] {0, Double.NaN}, new double[2]), "x value 1 is NaN");
        assertMessage(IAE, () -> Plots.line(null, "s", new double[1], new double[1]), "expected a chart");
    }

    @Test void functionsNeedAnInterval() {
        Map<String, DoubleUnaryOperator> f = Map.of("x", x -> x);
        assertMessage(IAE, () -> Plots.functions("f", 2, -2, f), "from < to", "got [2.0, -2.0]");
        assertMessage(IAE, () -> Plots.functions("f", 1, 1, f), "got [1.0, 1.0]");
        assertMessage(IAE, () -> Plots.functions("f", Double.NaN, 1, f), "got [NaN, 1.0]");
        Map<String, DoubleUnaryOperator> missing = new LinkedHashMap<>();
        missing.put("g", null);
        assertMessage(IAE, () -> Plots.functions("f", 0, 1, missing), "a map of named functions", "{g=null}");
    }

    @Test void nullArguments() {
        assertMessage(IAE, () -> Plots.loss((History) null), "Plots.loss: expected a history, got null");
        assertMessage(IAE, () -> Plots.loss("t", null), "expected a map of named histories");
        Map<String, History> runs = new LinkedHashMap<>();
        runs.put("a", null);
        assertMessage(IAE, () -> Plots.loss("t", runs), "run \"a\" has no history");
        assertMessage(IAE, () -> Plots.png(null), "Plots.png: expected a chart");
    }
}
