package dev.nncourse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** Assertions shared by the tests. */
public final class TestSupport {
    private TestSupport() {}

    /** Asserts the shape and every entry exactly. */
    public static void assertMatrix(double[][] expected, Matrix actual) {
        assertEquals(expected.length + "×" + expected[0].length, actual.shape());
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], actual.toArray()[i], "row " + i);
    }

    /** Asserts the shape and every entry within {@code tol}. */
    public static void assertMatrix(double[][] expected, Matrix actual, double tol) {
        assertEquals(expected.length + "×" + expected[0].length, actual.shape());
        for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], actual.toArray()[i], tol, "row " + i);
    }

    /** Asserts that {@code call} throws {@code type} with a message containing every one of {@code parts}. */
    public static <T extends Throwable> T assertMessage(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "\"" + part + "\" missing from: " + e.getMessage());
        }
        return e;
    }

    /** Makes a named pipe (FIFO) at {@code path} with mkfifo(1): opening it for reading blocks until a writer comes. */
    public static Path fifo(Path path) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor(), "mkfifo " + path);
        return path;
    }
}
