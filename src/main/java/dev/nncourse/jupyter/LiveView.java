package dev.nncourse.jupyter;

import java.util.function.LongSupplier;

/**
 * One output of the running notebook cell that redraws in place, for a computation that is not one {@code Trainer.fit}
 * (a loop of many runs, a training loop written out by hand):
 * <pre>
 *   LiveView view = LiveView.of();
 *   for (...) { ...; view.update(chartSoFar()); }
 *   view.done(finalChart());
 * </pre>
 * {@link #update} draws the first time at once and then at most once every {@value LiveChart#MIN_INTERVAL_MS} ms;
 * {@link #done} always draws, and what it draws stays as the cell's output (a later update starts a new output).
 * Outside a notebook (JUnit, a plain Java program) it draws nothing. {@link LiveChart} draws training curves with it.
 */
public final class LiveView {
    private final Screen screen;
    private final LongSupplier nanoTime;
    private String id;   // the current output, null before its first drawing
    private long lastDrawn;

    LiveView(Screen screen, LongSupplier nanoTime) {
        this.screen = screen;
        this.nanoTime = nanoTime;
    }

    /** A view in the running notebook; one that draws nothing elsewhere. */
    public static LiveView of() { return new LiveView(Screen.notebook(), System::nanoTime); }

    /**
     * Draws {@code o} if nothing is drawn yet or {@value LiveChart#MIN_INTERVAL_MS} ms have passed since the last
     * drawing; returns whether it drew. The object is only asked for when it is drawn.
     */
    public boolean update(java.util.function.Supplier<?> o) {
        if (screen == null || id != null && nanoTime.getAsLong() - lastDrawn < LiveChart.MIN_INTERVAL_MS * 1_000_000) {
            return false;
        }
        draw(o.get());
        return true;
    }

    /** {@link #update(java.util.function.Supplier)} of an object already at hand. */
    public boolean update(Object o) {
        requireSomething("update", o);
        return update(() -> o);
    }

    /** Draws {@code o}, whatever the time since the last drawing; it stays as the output, and the next update starts a new one. */
    public void done(Object o) {
        requireSomething("done", o);
        if (screen != null) draw(o);
        id = null;
    }

    /** Ends the current output without drawing again (what is drawn stays); the next update starts a new one. */
    public void close() { id = null; }

    /** Throws if there is nothing to draw, in a notebook or not, so a cell fails the same way everywhere. */
    private static void requireSomething(String op, Object o) {
        if (o == null) throw new IllegalArgumentException("LiveView." + op + ": expected something to draw, got null");
    }

    private void draw(Object o) {
        requireSomething("update", o);   // a supplier that gave null
        if (id == null) id = screen.show(o);
        else screen.replace(id, o);
        lastDrawn = nanoTime.getAsLong();
    }

    /** Whether this view draws anywhere: true in a running notebook. */
    public boolean isLive() { return screen != null; }

    @Override
    public String toString() { return "LiveView(" + (screen == null ? "no notebook: draws nothing" : "in the notebook") + ")"; }
}
