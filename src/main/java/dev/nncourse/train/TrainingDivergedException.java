package dev.nncourse.train;

/** Thrown when the loss or a parameter stops being finite during training; carries the history up to that point. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient History history;

    public TrainingDivergedException(String message, History history) {
        super(message);
        this.history = history;
    }

    /** The epochs completed before training diverged. */
    public History history() { return history; }
}
