package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** {@link History}: what the trainer records, epoch by epoch, and its table; bad records refused before any change. */
class HistoryTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;

    private static Map<String, Double> metrics(double loss, double accuracy) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(History.LOSS, loss);
        m.put("accuracy", accuracy);
        return m;
    }

    private static History history() {
        History h = new History();
        h.record(1, metrics(0.9, 0.5));
        h.record(2, metrics(0.4, 0.75));
        h.record(3, metrics(0.1, 1.0));
        return h;
    }

    @Test
    void recordsEpochsAndMetrics() {
        History h = history();
        assertEquals(3, h.size());
        assertArrayEquals(new int[] {1, 2, 3}, h.epochs());
        assertArrayEquals(new double[] {0.9, 0.4, 0.1}, h.loss());
        assertArrayEquals(new double[] {0.5, 0.75, 1.0}, h.metric("accuracy"));
        assertEquals(0.1, h.finalLoss());
        assertEquals(List.of("loss", "accuracy"), h.metricNames());
        assertEquals("History (3 epochs, final loss 0.1)", h.toString());
    }

    @Test
    void toTableHasAnEpochColumnAndOneColumnPerMetric() {
        Table t = history().toTable();
        assertEquals(List.of("epoch", "loss", "accuracy"), t.columnNames());
        assertEquals(3, t.rowCount());
        assertEquals(2, t.intColumn("epoch").get(1));
        assertEquals(0.4, t.doubleColumn("loss").get(1));
        assertEquals(1.0, t.doubleColumn("accuracy").get(2));
    }

    @Test
    void badRecordsAndUnknownMetricsAreRejected() {
        History h = history();
        assertMessage(IllegalArgumentException.class, () -> h.record(3, metrics(0, 0)), "epoch 3", "after epoch 3");
        assertMessage(IllegalArgumentException.class, () -> h.record(4, Map.of("loss", 0.0)), "[loss]", "[loss, accuracy]");
        assertMessage(IllegalArgumentException.class, () -> h.metric("f1"), "\"f1\"", "[loss, accuracy]");
        assertEquals(3, h.size(), "a rejected record leaves the history as it was");
    }

    @Test
    void anEmptyHistory() {
        History h = new History();
        assertEquals("History (empty)", h.toString());
        assertEquals(0, h.size());
        assertMessage(IllegalStateException.class, h::finalLoss, "no epoch recorded yet");
        assertEquals(List.of("epoch"), h.toTable().columnNames());
    }

    @Test void historyHelpers() {
        History h = new History();
        assertMessage(IllegalStateException.class, () -> h.last("loss"), "no epoch recorded yet");
        h.record(1, java.util.Map.of("loss", 3.0));
        h.record(2, java.util.Map.of("loss", Double.NaN));
        h.record(3, java.util.Map.of("loss", 1.0));
        h.record(4, java.util.Map.of("loss", 1.0));
        assertEquals(3, h.epochOfMinimum("loss"), "the first of equal minima; NaN skipped");
        assertEquals(1.0, h.last("loss"));
        assertTrue(h.has("loss"));
        assertFalse(h.has("val_loss"));
        assertMessage(IllegalArgumentException.class, () -> h.last("accuracy"), "no metric \"accuracy\"");
        History nan = new History();
        nan.record(1, java.util.Map.of("loss", Double.NaN));
        assertMessage(IllegalStateException.class, () -> nan.epochOfMinimum("loss"), "only NaN");
        assertEquals("val_accuracy", History.validation("accuracy"));
    }

    /**
     * History.record refuses every way of giving inconsistent metrics, before it changes anything, so that the epochs
     * and every metric column always have the same length and the history can always become a table.
     */
    @Nested
    class Record {

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
}
