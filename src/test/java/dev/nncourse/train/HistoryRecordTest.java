package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * History.record refuses every way of giving inconsistent metrics, before it changes anything, so that the epochs
 * and every metric column always have the same length and the history can always become a table.
 */
class HistoryRecordTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    private static Map<String, Double> of(Object... nameValue) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) m.put((String) nameValue[i], (Double) nameValue[i + 1]);
        return m;
    }

    /** A history with epochs 1 and 2 of loss and accuracy. */
    private static History two() {
        History h = new History();
        h.record(1, of("loss", 0.9, "accuracy", 0.5));
        h.record(2, of("loss", 0.4, "accuracy", 0.75));
        return h;
    }

    /** Asserts that the history still holds exactly the two epochs of {@link #two()}. */
    private static void unchanged(History h) {
        assertArrayEquals(new int[] {1, 2}, h.epochs());
        assertArrayEquals(new double[] {0.9, 0.4}, h.loss());
        assertArrayEquals(new double[] {0.5, 0.75}, h.metric("accuracy"));
        assertEquals(2, h.toTable().rowCount());
    }

    @Test void aFirstRecordWithoutMetrics() {
        History h = new History();
        assertMessage(IAE, () -> h.record(1, Map.of()), "epoch 1 has no metrics", "expected at least one");
        h.record(2, of("loss", 1.0));   // the refused epoch left nothing behind: epochs and losses line up
        assertArrayEquals(new int[] {2}, h.epochs());
        assertEquals(1, h.toTable().rowCount());
    }

    @Test void aLaterRecordWithoutMetrics() {
        History h = two();
        assertMessage(IAE, () -> h.record(3, Map.of()), "epoch 3 has no metrics", "[loss, accuracy]");
        unchanged(h);
    }

    @Test void nullMetrics() {
        History h = two();
        assertMessage(IAE, () -> h.record(3, null), "epoch 3 has null metrics");
        unchanged(h);
    }

    @Test void aMetricAdded() {
        History h = two();
        assertMessage(IAE, () -> h.record(3, of("loss", 0.1, "accuracy", 1.0, "f1", 0.9)), "epoch 3",
                "differ from [loss, accuracy]", "not recorded before [f1]");
        unchanged(h);
    }

    @Test void aMetricMissing() {
        History h = two();
        assertMessage(IAE, () -> h.record(3, of("loss", 0.1)), "epoch 3", "[loss]", "differ from [loss, accuracy]",
                "missing [accuracy]");
        unchanged(h);
    }

    @Test void aMetricRenamed() {
        History h = two();
        assertMessage(IAE, () -> h.record(3, of("loss", 0.1, "acc", 1.0)), "missing [accuracy]", "not recorded before [acc]");
        unchanged(h);
    }

    @Test void aNullValue() {
        History h = two();
        assertMessage(IAE, () -> h.record(3, of("loss", 0.1, "accuracy", null)), "epoch 3, metric \"accuracy\" is null",
                "expected a number");
        unchanged(h);
        History first = new History();
        assertMessage(IAE, () -> first.record(1, of("loss", null)), "metric \"loss\" is null");
        assertEquals(0, first.size());
    }

    @Test void aNullName() {
        Map<String, Double> m = new HashMap<>();
        m.put(null, 1.0);
        History h = new History();
        assertMessage(IAE, () -> h.record(1, m), "a metric named null", "expected a name");
        assertEquals(List.of(), h.metricNames());
    }

    @Test void aMetricNamedLikeTheEpochColumn() {
        History h = new History();
        assertMessage(IAE, () -> h.record(1, of("loss", 1.0, "epoch", 1.0)), "a metric named \"epoch\"");
        assertMessage(IAE, () -> h.record(1, of(" ", 1.0)), "a metric named \" \"", "not blank");
        assertEquals(0, h.size());
    }

    @Test void aHistoryWithoutLossStillDescribesItself() {
        History h = new History();
        h.record(1, of("accuracy", 0.5));
        assertEquals("History (1 epochs, metrics [accuracy])", h.toString());
        assertMessage(IAE, h::loss, "no metric \"loss\"", "[accuracy]");
    }
}
