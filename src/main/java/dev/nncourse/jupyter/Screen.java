package dev.nncourse.jupyter;

/**
 * Where {@link LiveChart} draws: an output of the running notebook cell that can be replaced in place. JJava's
 * {@code display(obj)} shows an object and returns the output's id; {@code updateDisplay(id, obj)} replaces that output
 * (Jupyter's {@code display_data} and {@code update_display_data} messages).
 */
interface Screen {
    /** Shows {@code o} as a new output of the current cell; returns its display id. */
    String show(Object o);

    /** Replaces the output with display id {@code id} by {@code o}. */
    void replace(String id, Object o);

    /**
     * The notebook's screen when this JVM is a JJava kernel, else null (in JUnit, or a plain {@code java} program,
     * where JJava's classes may not even be on the class path).
     */
    static Screen notebook() {
        try {
            return NotebookScreen.ifRunning();
        } catch (LinkageError e) {
            return null;
        }
    }
}
