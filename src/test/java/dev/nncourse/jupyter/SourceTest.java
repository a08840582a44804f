package dev.nncourse.jupyter;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.nn.Dense;
import dev.nncourse.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's own code, found by class and member and shown with its Javadoc. */
class SourceTest {
    @Test void aMethodComesWithItsJavadocAndBody() {
        Source s = Source.of(Dense.class, "backward");
        assertEquals("Dense.backward", s.title());
        assertTrue(s.code().startsWith("/**"), s.code());
        assertTrue(s.code().contains("public Matrix backward(Matrix gradOutput) {"), s.code());
        assertTrue(s.code().strip().endsWith("}"), s.code());
        assertTrue(s.markdown().contains("```java\n/**"), s.markdown());
    }

    @Test void everyOverloadAndTheUpdateEquations() {
        assertTrue(Source.of(Dense.class, "of").code().split("public static Dense of\\(").length == 3, "both overloads");
        assertTrue(Source.of(Adam.class, "update").code().contains("m̂ / (√v̂ + ε)"));
        assertTrue(Source.of(Dense.class).code().contains("public final class Dense"));
    }

    @Test void anUnknownMemberIsNamed() {
        assertMessage(IllegalArgumentException.class, () -> Source.of(Dense.class, "fly"), "Dense has no method",
                "\"fly\"");
    }

    /** A release's target/lib is a link to the course's built jars: the sources beside those are found. */
    @Test void aLinkedLibraryFolderIsFollowedToItsSources(@TempDir Path tmp) throws Exception {
        Path real = Path.of(Source.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path linked = Files.createSymbolicLink(tmp.resolve("lib"), real);
        assertTrue(Source.read(Source.class, linked).contains("public record Source("));
    }
}
