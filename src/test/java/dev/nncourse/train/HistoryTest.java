package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class HistoryTest {
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
}
