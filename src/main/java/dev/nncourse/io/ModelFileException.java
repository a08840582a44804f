package dev.nncourse.io;

/** A model file could not be saved or loaded: missing, unreadable, truncated, corrupt, or of another format version. */
public final class ModelFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelFileException(String message) { super(message); }

    public ModelFileException(String message, Throwable cause) { super(message, cause); }
}
