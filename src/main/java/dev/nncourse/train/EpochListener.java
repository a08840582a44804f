package dev.nncourse.train;

/**
 * Called by {@link Trainer#fit} after every completed epoch, e.g. to redraw a live chart, and once when training ends.
 * A lambda {@code history -> …} is an {@code EpochListener}: it returns whether training goes on, so
 * {@code h -> h.last("val_accuracy") < 0.97} trains until the validation accuracy reaches 97%.
 */
@FunctionalInterface
public interface EpochListener {
    /**
     * The epoch just completed is the last one in {@code history} (recorded, early stopping updated); returns true to
     * go on, false to stop training cleanly: {@code fit} then returns as after its last epoch.
     */
    boolean epochEnded(History history);

    /**
     * Called once when {@code fit} ends, normally or by an exception (interrupted, diverged, …), with the epochs
     * completed; by then the network holds its final parameters and is in evaluation mode. Does nothing by default.
     */
    default void trainingEnded(History history) {}
}
