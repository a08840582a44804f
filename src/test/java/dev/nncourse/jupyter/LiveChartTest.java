package dev.nncourse.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.nncourse.train.TrainingInterruptedException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live chart's throttle and its final-chart rule, with a recording screen and a clock the test moves. */
class LiveChartTest {
    private static final long MS = 1_000_000;

    /** Records every output: "show id=… n" and "replace id=… n", where n is the number of epochs drawn. */
    static final class Recording implements Screen {
        final List<String> log = new ArrayList<>();
        int outputs;

        @Override public String show(Object o) {
            String id = "out" + ++outputs;
            log.add("show " + id + " " + o);
            return id;
        }

        @Override public void replace(String id, Object o) { log.add("replace " + id + " " + o); }
    }

    private static History epochs(int n) {
        History h = new History();
        for (int e = 1; e <= n; e++) h.record(e, Map.of("loss", 1.0 / e));
        return h;
    }

    @Test void drawsTheFirstEpochThenAtMostOnceEvery400Ms() {
        Recording screen = new Recording();
        long[] now = {0};
        LiveChart chart = new LiveChart(screen, History::size, () -> now[0]);
        History h = new History();
        long[] times = {0, 100, 399, 400, 401, 799, 800, 2000, 2050};
        for (int e = 1; e <= times.length; e++) {
            now[0] = times[e - 1] * MS;
            h.record(e, Map.of("loss", 1.0 / e));
            assertTrue(chart.epochEnded(h));
        }
        // drawn at epoch 1 (t = 0), 4 (t = 400), 7 (t = 800), 8 (t = 2000); 2050 is too soon
        assertEquals(List.of("show out1 1", "replace out1 4", "replace out1 7", "replace out1 8"), screen.log);
        chart.trainingEnded(h);
        assertEquals("replace out1 9", screen.log.get(screen.log.size() - 1), "the final chart holds every epoch");
    }

    @Test void theIntervalCountsFromTheEndOfADrawing() {
        Recording screen = new Recording();
        long[] now = {0};
        LiveChart chart = new LiveChart(screen, h -> {
            now[0] += 300 * MS;   // a slow drawing
            return h.size();
        }, () -> now[0]);
        chart.epochEnded(epochs(1));           // drawn from 0 to 300 ms
        now[0] = 650 * MS;
        chart.epochEnded(epochs(2));           // 350 ms after the drawing ended: too soon
        now[0] = 700 * MS;
        chart.epochEnded(epochs(3));
        assertEquals(List.of("show out1 1", "replace out1 3"), screen.log);
    }

    @Test void theFinalChartIsDrawnOnceAndANewRunGetsANewOutput() {
        Recording screen = new Recording();
        LiveChart chart = new LiveChart(screen, History::size, () -> 0);
        chart.epochEnded(epochs(1));
        chart.trainingEnded(epochs(1));   // the last drawing already shows every epoch
        assertEquals(List.of("show out1 1"), screen.log);
        chart.epochEnded(epochs(1));
        chart.epochEnded(epochs(2));      // too soon
        chart.trainingEnded(epochs(2));
        assertEquals(List.of("show out1 1", "show out2 1", "replace out2 2"), screen.log);
    }

    @Test void aRunWithoutEpochsStillLeavesAChart() {
        Recording screen = new Recording();
        new LiveChart(screen, History::size, () -> 0).trainingEnded(new History());
        assertEquals(List.of("show out1 0"), screen.log);
    }

    /** With the trainer: an interrupted run ends with a chart of its completed epochs. */
    @Test void anInterruptedFitEndsWithTheChartOfItsCompletedEpochs() {
        Recording screen = new Recording();
        long[] now = {0};
        LiveChart chart = new LiveChart(screen, History::size, () -> now[0] += 30 * MS);   // 30 ms per reading
        Dataset d = Datasets.randomRegression(40, 3, 1);
        Network net = Network.builder(3, 1).dense(4, Activations.TANH).dense(1, Activations.IDENTITY).build();
        Trainer t = Trainer.of(net, Losses.MSE, new Sgd(0.01)).epochs(100).batchSize(10).onEpoch(chart).onEpoch(h -> {
            if (h.size() == 37) Thread.currentThread().interrupt();
            return true;
        });
        assertThrows(TrainingInterruptedException.class, () -> t.fit(d.x(), d.y()));
        assertEquals("replace out1 37", screen.log.get(screen.log.size() - 1));
        assertEquals(1, screen.outputs, "one output, replaced in place");
        assertTrue(screen.log.size() <= 2 + 37 * 30 / 400 + 2, "throttled: " + screen.log);
    }

    /** The real drawing: one panel for the loss, one for accuracy, each with its validation curve. */
    @Test void theDefaultDrawingIsPlotsHistory() {
        Recording screen = new Recording();
        List<Object> drawn = new ArrayList<>();
        LiveChart chart = new LiveChart(screen, h -> {
            Object img = dev.nncourse.viz.Plots.history("t", h);
            drawn.add(img);
            return h.size();
        }, () -> 0);
        History h = new History();
        h.record(1, Map.of("loss", 1.0, "accuracy", 0.5, "val_loss", 1.2, "val_accuracy", 0.4));
        chart.epochEnded(h);
        BufferedImage img = (BufferedImage) drawn.get(0);
        assertEquals(2 * 480, img.getWidth());
    }

    @Test void outsideANotebookItDrawsNothing() {
        LiveChart chart = LiveChart.of("t");
        assertFalse(chart.isLive());
        int[] drawn = {0};
        LiveChart counting = new LiveChart(Screen.notebook(), h -> ++drawn[0], System::nanoTime);
        counting.epochEnded(epochs(1));
        counting.trainingEnded(epochs(1));
        assertEquals(0, drawn[0]);
        assertEquals("LiveChart(no notebook: draws nothing)", chart.toString());
        assertTrue(chart.epochEnded(epochs(3)), "and never stops training");
    }
}
