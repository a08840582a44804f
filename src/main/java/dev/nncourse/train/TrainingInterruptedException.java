package dev.nncourse.train;

/**
 * Thrown when the training thread is interrupted (a notebook's stop button). It is noticed between minibatches, so
 * the network holds the parameters of the last completed update; carries the history of the completed epochs.
 */
public final class TrainingInterruptedException extends TrainingStoppedException {
    private static final long serialVersionUID = 1L;

    public TrainingInterruptedException(String message, History history) { super(message, history); }
}
