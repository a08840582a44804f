package dev.nncourse.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** After a build exercise the notebook goes on with the learner's part if it works, the library's if not, and says so. */
class ExerciseTest {
    private static String printed(Supplier<Object> call, Object[] result) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            result[0] = call.get();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    @Test void aWorkingPartIsUsed() {
        Object[] r = new Object[1];
        String line = printed(() -> Exercise.yoursOrLibrary("your layer", () -> "mine", () -> "library's", s -> {}), r);
        assertEquals("mine", r[0]);
        assertEquals("✓ the cells below use your layer", line);
    }

    @Test void anUnsolvedPartGivesWayToTheLibrarysSayingWhy() {
        Object[] r = new Object[1];
        String line = printed(() -> Exercise.yoursOrLibrary("your layer", () -> "mine", () -> "library's",
                s -> { throw new UnsupportedOperationException("exercise not solved yet"); }), r);
        assertEquals("library's", r[0]);
        assertEquals("→ the cells below use the library's version instead of your layer: its exercise is not solved yet",
                line);
    }

    @Test void aPartThatFailsGivesWayTooNamingTheFailure() {
        Object[] r = new Object[1];
        String line = printed(() -> Exercise.yoursOrLibrary("your loss", () -> { throw new IllegalStateException("oops"); },
                () -> "library's", s -> {}), r);
        assertEquals("library's", r[0]);
        assertTrue(line.endsWith("your loss: it failed on a small input (IllegalStateException: oops)"), line);
    }
}
