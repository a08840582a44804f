package dev.nncourse.viz;

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
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@link Plots}, the chart helpers the notebooks call instead of styling charts themselves: loss curves (on a log
 * axis too), lines, scatter, functions, a value per layer, the history panels, PNGs; bad input named.
 */
class PlotsTest {

    /** A history whose epoch e (from 1) has loss {@code losses[e − 1]}. */
    static History history(double... losses) {
        History h = new History();
        for (int e = 0; e < losses.length; e++) h.record(e + 1, Map.of(History.LOSS, losses[e]));
        return h;
    }

    /** The names of the chart's series, without the invisible one that rounds the ticks. */
    static List<String> visible(XYChart chart) {
        return chart.getSeriesMap().keySet().stream().filter(k -> !k.equals(Plots.ROUND_TICKS)).toList();
    }

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

    /** The chart helpers the notebooks call instead of styling charts themselves. */
    @Nested
    class Lines {
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

    /** {@link Plots#lossOnLogScale}: the comparison of several optimizers' loss curves. */
    @Nested
    class LossOnALogScale {
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
        }
    }

    /** {@link Plots#perLayer}: a value per layer (gradient sizes, activation scales) for several networks, on a log axis. */
    @Nested
    class PerLayer {
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
                    () -> Plots.perLayer("t", "y", Map.of("b",
                            new double[0]))).getMessage().contains("series \"b\" has no values"));
            String message = assertThrows(IllegalArgumentException.class,
                    () -> Plots.perLayer("t", "y", Map.of("c", new double[] {0, -1, Double.NaN}))).getMessage();
            assertTrue(message.contains("series \"c\" has no positive finite value") && message.contains("[0.0, -1.0, NaN]"),
                    message);
        }
    }

    /**
     * The history of a run that recorded no epoch (it diverged or was stopped in its first) plots as an honest empty
     * chart that says so, instead of XChart's "Y-Axis data cannot be empty!!!"; other bad input is named.
     */
    @Nested
    class BadInput {
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
                    () -> Trainer.of(net, Losses.MSE, new Sgd(net.parameters(), 1e300)).epochs(5).batchSize(1).fit(d.x(), d.y()));
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
            assertMessage(IAE, () -> Plots.line(chart, "s", new double[0], new double[0]),
                    "series \"s\" has 0 x values and 0 y values");
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

    /** {@link Plots#history}: one panel per quantity, two to a row, the validation curve in its own colour. */
    @Nested
    class HistoryPanels {
        private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

        private static History history(String... names) {
            History h = new History();
            for (int e = 1; e <= 3; e++) {
                Map<String, Double> m = new java.util.LinkedHashMap<>();
                for (String n : names) m.put(n, 1.0 / e);
                h.record(e, m);
            }
            return h;
        }

        @Test void historyHasOnePanelPerQuantityTwoToARow() {
            assertEquals(List.of(480, 320), size(Plots.history("t", history("loss"))));
            assertEquals(List.of(480, 320), size(Plots.history("t", history("loss", "val_loss"))));
            assertEquals(List.of(960, 320), size(Plots.history("t", history("loss", "accuracy", "val_loss", "val_accuracy"))));
            assertEquals(List.of(960, 640), size(Plots.history(null, history("loss", "accuracy", "f1"))));
            assertEquals(List.of(480, 320), size(Plots.history("t", new History())), "no epochs: one empty panel");
            assertMessage(IAE, () -> Plots.history("t", null), "Plots.history: expected a history, got null");
        }

        private static List<Integer> size(BufferedImage img) { return List.of(img.getWidth(), img.getHeight()); }

        @Test void theValidationCurveIsDrawnInItsOwnColour() {
            BufferedImage one = Plots.history("t", history("loss")), two = Plots.history("t", history("loss", "val_loss"));
            assertTrue(colours(two) > colours(one), "a second series adds a colour");
        }

        private static long colours(BufferedImage img) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) seen.add(ImageGridTest.rgb(img, x, y));
            return seen.stream().filter(c -> { Color k = new Color(c); return Math.abs(k.getRed() - k.getBlue()) > 60; }).count();
        }
    }
}
