package dev.nncourse.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * What a training run recorded, epoch by epoch: the loss, and any further metric under its own name. {@link Trainer}
 * records {@code loss}, each metric {@code NAME} on the training data, and with validation data {@code val_loss} and
 * {@code val_NAME} ({@link #validation}).
 */
public final class History {
    public static final String LOSS = "loss";
    /** The prefix of a metric measured on the validation data. */
    public static final String VALIDATION = "val_";
    /** The loss on the validation data, {@code val_loss}. */
    public static final String VAL_LOSS = VALIDATION + LOSS;
    /** The learning rate of each epoch's last step, recorded under a schedule ({@code Trainer.schedule}). */
    public static final String LEARNING_RATE = "lr";

    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> metrics = new LinkedHashMap<>();

    /**
     * Records the metrics of one epoch, e.g. {@code record(3, Map.of("loss", 0.21))}. Every epoch needs at least one
     * metric, the same names as the first epoch recorded, and a number (not null) for each; a rejected record leaves
     * the history as it was.
     */
    public void record(int epoch, Map<String, Double> values) {
        if (!epochs.isEmpty() && epoch <= epochs.get(epochs.size() - 1)) {
            throw new IllegalArgumentException("History.record: epoch " + epoch + " must come after epoch "
                    + epochs.get(epochs.size() - 1));
        }
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("History.record: epoch " + epoch + " has " + (values == null ? "null" : "no")
                    + " metrics; expected " + (metrics.isEmpty() ? "at least one, such as " + LOSS
                    : "values for " + metrics.keySet()));
        }
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getKey().equals("epoch")) {
                throw new IllegalArgumentException("History.record: epoch " + epoch + " has a metric named "
                        + (e.getKey() == null ? "null" : "\"" + e.getKey() + "\"")
                        + "; expected a name that is not blank and not \"epoch\"");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("History.record: epoch " + epoch + ", metric \"" + e.getKey()
                        + "\" is null; expected a number");
            }
        }
        if (!metrics.isEmpty() && !metrics.keySet().equals(values.keySet())) {
            List<String> missing = new ArrayList<>(metrics.keySet()), added = new ArrayList<>(values.keySet());
            missing.removeAll(values.keySet());
            added.removeAll(metrics.keySet());
            throw new IllegalArgumentException("History.record: epoch " + epoch + " has metrics " + values.keySet()
                    + ", which differ from " + metrics.keySet() + " recorded before"
                    + (missing.isEmpty() ? "" : "; missing " + missing) + (added.isEmpty() ? "" : "; not recorded before " + added));
        }
        epochs.add(epoch);
        values.forEach((name, v) -> metrics.computeIfAbsent(name, k -> new ArrayList<>()).add(v));
    }

    /** The number of epochs recorded. */
    public int size() { return epochs.size(); }

    /** The recorded epoch numbers, from 1. */
    public int[] epochs() { return epochs.stream().mapToInt(Integer::intValue).toArray(); }

    /** The values of a metric, one per epoch. */
    public double[] metric(String name) {
        List<Double> v = metrics.get(name);
        if (v == null) throw new IllegalArgumentException("History: no metric \"" + name + "\"; recorded " + metrics.keySet());
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The name under which a metric measured on the validation data is recorded: {@code val_NAME}. */
    public static String validation(String name) { return VALIDATION + name; }

    /** Whether a metric of that name has been recorded. */
    public boolean has(String name) { return metrics.containsKey(name); }

    /** The value of a metric in the last epoch recorded, e.g. {@code last("val_accuracy")}. */
    public double last(String name) {
        if (epochs.isEmpty()) throw new IllegalStateException("History: no epoch recorded yet");
        double[] v = metric(name);
        return v[v.length - 1];
    }

    /**
     * The first epoch in which a metric took its smallest value, e.g. {@code epochOfMinimum("val_loss")}: the epoch
     * whose parameters early stopping restores. NaN values are skipped; throws if there are only NaNs.
     */
    public int epochOfMinimum(String name) {
        double[] v = metric(name);
        int best = -1;
        for (int i = 0; i < v.length; i++) if (!Double.isNaN(v[i]) && (best < 0 || v[i] < v[best])) best = i;
        if (best < 0) throw new IllegalStateException("History: metric \"" + name + "\" has no number, only NaN");
        return epochs.get(best);
    }

    /** The loss of every epoch. */
    public double[] loss() { return epochs.isEmpty() ? new double[0] : metric(LOSS); }

    /** The loss of the last epoch recorded. */
    public double finalLoss() {
        if (epochs.isEmpty()) throw new IllegalStateException("History: no epoch recorded yet");
        double[] l = loss();
        return l[l.length - 1];
    }

    /** The names of the metrics, in the order they were first recorded. */
    public List<String> metricNames() { return List.copyOf(metrics.keySet()); }

    /** A Tablesaw table with an {@code epoch} column and one column per metric. */
    public Table toTable() {
        Table t = Table.create("history").addColumns(IntColumn.create("epoch", epochs()));
        for (String name : metrics.keySet()) t.addColumns(DoubleColumn.create(name, metric(name)));
        return t;
    }

    @Override
    public String toString() {
        if (size() == 0) return "History (empty)";
        String last = metrics.containsKey(LOSS) ? "final loss " + finalLoss() : "metrics " + metrics.keySet();
        return "History (" + size() + " epochs, " + last + ")";
    }
}
