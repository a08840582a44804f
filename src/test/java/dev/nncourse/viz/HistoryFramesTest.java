package dev.nncourse.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nncourse.train.History;
import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** The first frames of a live chart ({@link Plots#history} after 1, 2, … epochs) look like the later ones. */
class HistoryFramesTest {
    private static final double[] LOSS = {2.302585092994046, 0.6931471805599453, 0.41, 0.30};

    /** The first {@code epochs} epochs: training and validation loss. */
    private static History epochs(int epochs) {
        History h = new History();
        for (int e = 0; e < epochs; e++) {
            Map<String, Double> values = new LinkedHashMap<>();
            values.put(History.LOSS, LOSS[e]);
            values.put(History.VAL_LOSS, LOSS[e] - 0.1);
            h.record(e + 1, values);
        }
        return h;
    }

    /** The loss panel of the frame after {@code epochs} epochs, drawn (XChart picks the colours as it draws). */
    private static XYChart drawnLossPanel(int epochs) {
        XYChart panel = Plots.historyPanels("Digits", epochs(epochs)).get(0);
        Plots.png(panel);
        return panel;
    }

    @Test
    void theValidationCurveHasItsColourFromTheFirstEpoch() {
        Color last = drawnLossPanel(LOSS.length).getSeriesMap().get("validation").getLineColor();
        for (int epochs = 1; epochs < LOSS.length; epochs++) {
            XYChart panel = drawnLossPanel(epochs);
            assertEquals(last, panel.getSeriesMap().get("validation").getLineColor(), epochs + " epochs");
            assertNotEquals(last, panel.getSeriesMap().get("training").getLineColor());
        }
    }

    @Test
    void aSingleEpochGetsARoundYRangeAroundItsValues() {
        XYChart panel = drawnLossPanel(1);   // values 2.302585092994046 and 2.202585092994046
        assertEquals(2.2, panel.getStyler().getYAxisMin(), 1e-12);
        assertEquals(2.4, panel.getStyler().getYAxisMax(), 1e-12);
        assertEquals(null, drawnLossPanel(2).getStyler().getYAxisMin(), "from two epochs on XChart's own range");
    }

    @Test
    void aSingleValueGetsARangeOfItsOwnSize() {
        XYChart panel = Plots.chart("one value", "epoch", "loss");
        Plots.line(panel, "training", new double[] {1}, new double[] {0.5});
        Plots.roundYRange(panel);
        assertEquals(0.5, panel.getStyler().getYAxisMin(), 1e-12);
        assertEquals(0.51, panel.getStyler().getYAxisMax(), 1e-12);
    }
}
