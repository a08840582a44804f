package dev.nncourse.jupyter;

import dev.nncourse.train.EpochListener;
import dev.nncourse.train.History;
import dev.nncourse.viz.Plots;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Training curves that redraw in place in the notebook while {@code Trainer.fit} runs:
 * <pre>
 *   Trainer.of(net, loss, optimizer).epochs(30).onEpoch(LiveChart.of("Digits")).fit(x, t)
 * </pre>
 * After the first epoch the chart ({@link Plots#history}: the loss, and every metric such as accuracy, with their
 * validation curves) appears as an output of the cell; after later epochs it replaces itself, at most once every
 * {@value #MIN_INTERVAL_MS} ms, so drawing never slows training down much. When training ends, normally or not, the
 * final chart is drawn whatever the time, and it stays as the cell's output: it is what an executed notebook holds.
 *
 * <p>Outside a notebook (JUnit, a plain Java program) it does nothing and costs nothing: no chart is drawn. Each
 * {@code fit} it listens to gets an output of its own.
 */
public final class LiveChart implements EpochListener {
    /** The least time between two redraws, in milliseconds: at most 2.5 redraws a second. */
    public static final long MIN_INTERVAL_MS = 400;

    private final LiveView view;
    private final Function<History, Object> draw;
    private int drawnEpochs = -1;   // the epochs the current output shows; −1 before its first drawing

    LiveChart(Screen screen, Function<History, Object> draw, LongSupplier nanoTime) {
        this.view = new LiveView(screen, nanoTime);
        this.draw = draw;
    }

    /** Live curves titled {@code title} (may be empty), in the running notebook; a listener that does nothing elsewhere. */
    public static LiveChart of(String title) {
        return new LiveChart(Screen.notebook(), h -> Plots.history(title, h), System::nanoTime);
    }

    /** Live curves without a title. */
    public static LiveChart of() { return of(""); }

    /** Draws the first epoch, then redraws if {@value #MIN_INTERVAL_MS} ms have passed since the last drawing. */
    @Override
    public boolean epochEnded(History history) {
        if (view.update(() -> draw.apply(history))) drawnEpochs = history.size();
        return true;
    }

    /**
     * Draws the final chart, whatever the time since the last one (unless the last drawing already shows every epoch);
     * a later {@code fit} with this listener starts a new output.
     */
    @Override
    public void trainingEnded(History history) {
        if (view.isLive() && drawnEpochs != history.size()) view.done(draw.apply(history));
        else view.close();
        drawnEpochs = -1;
    }

    /** Whether this chart draws anywhere: true in a running notebook. */
    public boolean isLive() { return view.isLive(); }

    @Override
    public String toString() { return "LiveChart(" + (view.isLive() ? "in the notebook" : "no notebook: draws nothing") + ")"; }
}
