package dev.nncourse.train;

/** Training stopped before its last epoch; carries the history of the epochs completed until then. */
public abstract class TrainingStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient History history;

    protected TrainingStoppedException(String message, History history) {
        super(message);
        this.history = history;
    }

    /** The epochs completed before training stopped. */
    public History history() { return history; }
}
