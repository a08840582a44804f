package dev.nncourse.jupyter;

import dev.nncourse.train.EpochListener;
import dev.nncourse.train.History;
import dev.nncourse.viz.Plots;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
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
 * final chart replaces it whatever the time, and it stays as the cell's output: it is what an executed notebook holds.
 *
 * <p>Each drawing is a {@link Frame}: a PNG whose text names the chart and the epochs it shows, and whether it is the
 * final one, {@code live chart "Digits": 30 epochs (final)}, or one drawn during training, {@code … (training)}.
 * The frames of one run replace one another in one output (one display id), so the course's tests can check that
 * every run's output ends on its final frame ({@code tools/livecharts.py}).
 *
 * <p>Outside a notebook (JUnit, a plain Java program) it draws nothing and costs nothing. Each {@code fit} it listens
 * to gets an output of its own.
 */
public final class LiveChart implements EpochListener {
    /** The least time between two redraws, in milliseconds: at most 2.5 redraws a second. */
    public static final long MIN_INTERVAL_MS = 400;

    private final String title;
    private final LiveView view;
    private final Function<History, BufferedImage> draw;
    private int drawnEpochs;
    private BufferedImage picture;   // the last drawing of the current run, null before its first

    LiveChart(String title, Screen screen, Function<History, BufferedImage> draw, LongSupplier nanoTime) {
        this.title = title == null ? "" : title;
        this.view = new LiveView(screen, nanoTime);
        this.draw = draw;
    }

    /** Live curves titled {@code title} (may be empty), in the running notebook; draws nothing elsewhere. */
    public static LiveChart of(String title) {
        return new LiveChart(title, Screen.notebook(), h -> Plots.history(title, h), System::nanoTime);
    }

    /** Live curves without a title. */
    public static LiveChart of() { return of(""); }

    /**
     * One drawing of the chart, as the notebook shows it: the picture as a PNG, and as text the chart's title, the
     * number of epochs drawn and whether the drawing is the final one of its run.
     */
    public record Frame(String title, int epochs, boolean last, BufferedImage picture) {
        /** {@code live chart "TITLE": N epochs (final)}, or {@code (training)} for a drawing made during training. */
        @Override
        public String toString() { return text(title, epochs, last); }
    }

    private static String text(String title, int epochs, boolean last) {
        return "live chart \"" + title + "\": " + epochs + (epochs == 1 ? " epoch" : " epochs")
                + (last ? " (final)" : " (training)");
    }

    /** Draws the first epoch, then redraws if {@value #MIN_INTERVAL_MS} ms have passed since the last drawing. */
    @Override
    public boolean epochEnded(History history) {
        view.update(() -> frame(history, false));
        return true;
    }

    /**
     * Shows the final frame, whatever the time since the last drawing (redrawn unless the last drawing already shows
     * every epoch); a later {@code fit} with this listener starts a new output.
     */
    @Override
    public void trainingEnded(History history) {
        if (view.isLive()) view.done(frame(history, true));
        else view.close();
        picture = null;
    }

    /** The frame of {@code history}, drawn again only if the last drawing shows another number of epochs. */
    private Frame frame(History history, boolean last) {
        if (picture == null || drawnEpochs != history.size()) {
            picture = draw.apply(history);
            drawnEpochs = history.size();
        }
        return new Frame(title, drawnEpochs, last, picture);
    }

    /** Whether this chart draws anywhere: true in a running notebook. */
    public boolean isLive() { return view.isLive(); }

    @Override
    public String toString() {
        return "LiveChart \"" + title + "\" (" + (!view.isLive() ? "no notebook: draws nothing" : "in the notebook") + ")";
    }
}
