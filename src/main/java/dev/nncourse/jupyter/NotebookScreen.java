package dev.nncourse.jupyter;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseNotebookStatics;

/** The {@link Screen} of a running JJava kernel: the {@code display} and {@code updateDisplay} a notebook cell calls. */
final class NotebookScreen implements Screen {
    private NotebookScreen() {}

    /** The kernel's screen, or null when no JJava kernel runs in this JVM. */
    static Screen ifRunning() {
        try {
            BaseKernel.notebookKernel();   // throws "No kernel running" outside a kernel
            return new NotebookScreen();
        } catch (NullPointerException e) {
            return null;
        }
    }

    @Override public String show(Object o) { return BaseNotebookStatics.display(o); }

    @Override public void replace(String id, Object o) { BaseNotebookStatics.updateDisplay(id, o); }
}
