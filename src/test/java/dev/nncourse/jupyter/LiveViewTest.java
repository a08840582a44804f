package dev.nncourse.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LiveView}: one output redrawn in place, at most every 400 ms, the last drawing always made. */
class LiveViewTest {
    private static final long MS = 1_000_000;

    @Test void drawsAtOnceThenAtMostEvery400MsAndAlwaysWhenDone() {
        LiveChartTest.Recording screen = new LiveChartTest.Recording();
        long[] now = {0};
        LiveView view = new LiveView(screen, () -> now[0]);
        int[] asked = {0};
        long[] times = {0, 100, 399, 400, 700};
        for (int k = 0; k < times.length; k++) {
            now[0] = times[k] * MS;
            int n = k;
            view.update(() -> { asked[0]++; return "run " + n; });
        }
        view.done("final");
        assertEquals(List.of("show out1 run 0", "replace out1 run 3", "replace out1 final"), screen.log);
        assertEquals(2, asked[0], "what is not drawn is never built");
        now[0] = 10_000 * MS;
        assertTrue(view.update("next"));
        assertEquals("show out2 next", screen.log.get(3), "after done, a new output");
        view.close();
        assertTrue(view.update("again"));
        assertEquals("show out3 again", screen.log.get(4));
    }

    @Test void outsideANotebookItDrawsNothingAndBuildsNothing() {
        LiveView view = new LiveView(null, System::nanoTime);
        assertFalse(view.isLive());
        assertFalse(view.update(() -> { throw new AssertionError("built outside a notebook"); }));
        view.done("final");
        assertThrows(IllegalArgumentException.class, () -> view.done(null), "nothing to draw fails outside a notebook too");
        assertThrows(IllegalArgumentException.class, () -> view.update((Object) null));
        assertEquals("LiveView(no notebook: draws nothing)", view.toString());
        assertFalse(LiveView.of().isLive(), "JUnit is no notebook");
    }

    @Test void nothingToDrawIsRefused() {
        LiveView view = new LiveView(new LiveChartTest.Recording(), System::nanoTime);
        assertThrows(IllegalArgumentException.class, () -> view.done(null));
    }
}
