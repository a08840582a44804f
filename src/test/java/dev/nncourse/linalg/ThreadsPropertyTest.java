package dev.nncourse.linalg;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code -Dnncourse.threads}: a malformed value gets a clear error naming the property, its value and what is
 * expected, where the number of threads is used; it never breaks the class {@link MatMul} for the rest of the JVM.
 */
class ThreadsPropertyTest {
    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-3", "", " ", "2.5", "99999999999", "+-1"})
    void aMalformedValueIsNamedWithWhatIsExpected(String value) {
        assertMessage(IllegalStateException.class, () -> MatMul.threadsFrom(value),
                "-Dnncourse.threads=\"" + value + "\"", "expected a whole number of threads ≥ 1", "MatMul.setThreads");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "2", " 3 ", "16"})
    void aWholeNumberIsTheCount(String value) {
        assertEquals(Integer.parseInt(value.trim()), MatMul.threadsFrom(value));
    }

    @org.junit.jupiter.api.Test
    void unsetMeansOnePerProcessor() {
        assertEquals(Runtime.getRuntime().availableProcessors(), MatMul.threadsFrom(null));
    }

    /** A fresh JVM started with the property: the class must load, products report the value, setThreads repairs it. */
    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-3", ""})
    void inAFreshJvmTheErrorIsClearAndTheClassStaysUsable(String value) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Dnncourse.threads=" + value, "-cp",
                System.getProperty("java.class.path"), ThreadsPropertyProbe.class.getName()))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("threads(): IllegalStateException: -Dnncourse.threads=\"" + value + "\""), out);
        assertTrue(out.contains("mult: IllegalStateException: -Dnncourse.threads=\"" + value + "\""), out);
        assertTrue(out.contains("after setThreads(2): threads() = 2, product ok"), out);
        assertTrue(!out.contains("ExceptionInInitializerError") && !out.contains("NoClassDefFoundError"), out);
    }
}
