package dev.nncourse.train;

/** Thrown when the loss or a parameter stops being finite during training; carries the history up to that point. */
public final class TrainingDivergedException extends TrainingStoppedException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message, History history) { super(message, history); }
}
