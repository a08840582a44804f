package dev.nncourse.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import dev.nncourse.viz.Plots;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The live chart's throttle and its final-chart rule, with a recording screen and a test clock. */
class LiveChartTest {
    private static final long MS = 1_000_000;

    /** Records every output: "show id=… n" and "replace id=… n", n the epochs drawn, and " final" on a final frame. */
    static final class Recording implements Screen {
        final List<String> log = new ArrayList<>();
        final List<LiveChart.Frame> frames = new ArrayList<>();
        int outputs;

        @Override public String show(Object o) {
            String id = "out" + ++outputs;
            log.add("show " + id + " " + describe(o));
            return id;
        }

        @Override public void replace(String id, Object o) { log.add("replace " + id + " " + describe(o)); }

        /** A frame as its epochs (and "final"), anything else as its text. */
        private String describe(Object o) {
            if (!(o instanceof LiveChart.Frame f)) return String.valueOf(o);
            frames.add(f);
            return f.epochs() + (f.last() ? " final" : "");
        }
    }

    /** A drawing: a 1×1 picture, counted in {@code drawn[0]}. */
    private static Function<History, BufferedImage> counting(int[] drawn) {
        return h -> {
            drawn[0]++;
            return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        };
    }

    private static LiveChart chart(Screen screen, long[] now) {
        return new LiveChart("t", screen, counting(new int[1]), () -> now[0]);
    }

    private static History epochs(int n) {
        History h = new History();
        for (int e = 1; e <= n; e++) h.record(e, Map.of("loss", 1.0 / e));
        return h;
    }

    @Test void drawsTheFirstEpochThenAtMostOnceEvery400Ms() {
        Recording screen = new Recording();
        long[] now = {0};
        LiveChart chart = chart(screen, now);
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
        assertEquals("replace out1 9 final", screen.log.get(screen.log.size() - 1), "the final chart holds every epoch");
    }

    @Test void theIntervalCountsFromTheEndOfADrawing() {
        Recording screen = new Recording();
        long[] now = {0};
        LiveChart chart = new LiveChart("t", screen, h -> {
            now[0] += 300 * MS;   // a slow drawing
            return new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        }, () -> now[0]);
        chart.epochEnded(epochs(1));           // drawn from 0 to 300 ms
        now[0] = 650 * MS;
        chart.epochEnded(epochs(2));           // 350 ms after the drawing ended: too soon
        now[0] = 700 * MS;
        chart.epochEnded(epochs(3));
        assertEquals(List.of("show out1 1", "replace out1 3"), screen.log);
    }

    /** The final frame is always sent, so the output says "final"; a drawing of every epoch is not drawn again. */
    @Test void theFinalFrameIsAlwaysShownButNotRedrawnAndANewRunGetsANewOutput() {
        Recording screen = new Recording();
        int[] drawn = {0};
        LiveChart chart = new LiveChart("t", screen, counting(drawn), () -> 0);
        chart.epochEnded(epochs(1));
        chart.trainingEnded(epochs(1));   // the last drawing already shows every epoch: the same picture, marked final
        assertEquals(List.of("show out1 1", "replace out1 1 final"), screen.log);
        assertEquals(1, drawn[0]);
        assertSame(screen.frames.get(0).picture(), screen.frames.get(1).picture());
        chart.epochEnded(epochs(1));
        chart.epochEnded(epochs(2));      // too soon
        chart.trainingEnded(epochs(2));
        assertEquals(List.of("show out1 1", "replace out1 1 final", "show out2 1", "replace out2 2 final"), screen.log);
        assertEquals(3, drawn[0]);
    }

    @Test void aRunWithoutEpochsStillLeavesAFinalChart() {
        Recording screen = new Recording();
        chart(screen, new long[1]).trainingEnded(new History());
        assertEquals(List.of("show out1 0 final"), screen.log);
    }

    /** The text a frame shows, which the notebook tool reads from the output: title, epochs, final or not. */
    @Test void aFrameNamesItsTitleItsEpochsAndWhetherItIsFinal() {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        assertEquals("live chart \"Digits\": 30 epochs (final)", new LiveChart.Frame("Digits", 30, true, img).toString());
        assertEquals("live chart \"Digits\": 1 epoch (training)", new LiveChart.Frame("Digits", 1, false, img).toString());
        Recording screen = new Recording();
        new LiveChart(null, screen, counting(new int[1]), () -> 0).trainingEnded(new History());
        assertEquals("live chart \"\": 0 epochs (final)", screen.frames.get(0).toString(), "a null title is the empty one");
    }

    /** Every run that ends leaves its own output, ending on a final frame of all the epochs its history holds. */
    @Test void everyEndedRunEndsItsOwnOutputOnAFinalFrameOfItsEpochs() {
        Recording screen = new Recording();
        LiveChart chart = new LiveChart("recorded run", screen, counting(new int[1]), () -> 0);
        chart.epochEnded(epochs(1));
        chart.trainingEnded(epochs(5));
        chart.trainingEnded(epochs(2));
        assertEquals(List.of("show out1 1", "replace out1 5 final", "show out2 2 final"), screen.log);
        assertEquals("live chart \"recorded run\": 5 epochs (final)", screen.frames.get(1).toString());
        assertEquals("live chart \"recorded run\": 2 epochs (final)", screen.frames.get(2).toString());
    }

    /** With the trainer: an interrupted run ends with a chart of its completed epochs. */
    @Test void anInterruptedFitEndsWithTheChartOfItsCompletedEpochs() {
        Recording screen = new Recording();
        long[] now = {0};
        LiveChart chart = new LiveChart("t", screen, counting(new int[1]), () -> now[0] += 30 * MS);   // 30 ms a reading
        Dataset d = Datasets.randomRegression(40, 3, 1);
        Network net = Network.builder(3, 1).dense(4, Activations.TANH).dense(1, Activations.IDENTITY).build();
        Trainer t = Trainer.of(net, Losses.MSE, new Sgd(net.parameters(),
                0.01)).epochs(100).batchSize(10).onEpoch(chart).onEpoch(h -> {
            if (h.size() == 37) Thread.currentThread().interrupt();
            return true;
        });
        assertThrows(TrainingInterruptedException.class, () -> t.fit(d.x(), d.y()));
        assertEquals("replace out1 37 final", screen.log.get(screen.log.size() - 1));
        assertEquals(1, screen.outputs, "one output, replaced in place");
        assertTrue(screen.log.size() <= 2 + 37 * 30 / 400 + 2, "throttled: " + screen.log);
        assertEquals("live chart \"t\": 37 epochs (final)", screen.frames.get(screen.frames.size() - 1).toString());
    }

    /** The real drawing: one panel for the loss, one for accuracy, each with its validation curve. */
    @Test void theDefaultDrawingIsPlotsHistory() {
        Recording screen = new Recording();
        LiveChart chart = new LiveChart("t", screen, h -> Plots.history("t", h), () -> 0);
        History h = new History();
        h.record(1, Map.of("loss", 1.0, "accuracy", 0.5, "val_loss", 1.2, "val_accuracy", 0.4));
        chart.epochEnded(h);
        assertEquals(2 * 480, screen.frames.get(0).picture().getWidth());
    }

    @Test void outsideANotebookItDrawsNothing() {
        LiveChart chart = LiveChart.of("t");
        assertFalse(chart.isLive());
        int[] drawn = {0};
        LiveChart counting = new LiveChart("outside", Screen.notebook(), counting(drawn), System::nanoTime);
        counting.epochEnded(epochs(1));
        counting.trainingEnded(epochs(1));
        assertEquals(0, drawn[0]);
        assertEquals("LiveChart \"t\" (no notebook: draws nothing)", chart.toString());
        assertTrue(chart.epochEnded(epochs(3)), "and never stops training");
    }
}
