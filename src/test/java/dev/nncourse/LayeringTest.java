package dev.nncourse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Lower layers never import higher ones: linalg → nn → optim → train, check/viz/data/eval beside, io and jupyter on
 * top (io reads files with data's {@code FileKind}, as Csv does).
 */
class LayeringTest {
    private static final Path SRC = Path.of("src/main/java/dev/nncourse");
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "linalg", Set.of(),
            "nn", Set.of("linalg"),
            "autograd", Set.of("linalg", "nn"),
            "optim", Set.of("linalg", "nn"),
            "train", Set.of("linalg", "nn", "optim"),
            "check", Set.of("linalg", "nn"),
            "data", Set.of("linalg"),
            "eval", Set.of("linalg", "nn", "data"),
            "viz", Set.of("linalg", "train", "data"),
            "io", Set.of("linalg", "nn", "optim", "data"),
            "jupyter", Set.of("linalg", "nn", "optim", "train", "check", "viz", "data", "eval", "io"));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.nncourse\\.([a-z]+)\\.", Pattern.MULTILINE);

    @Test void packagesImportOnlyLowerLayers() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(SRC)) {
            for (Path f : all.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SRC.relativize(f).getName(0).toString();
                Set<String> allowed = ALLOWED.get(pkg);
                assertTrue(allowed != null, "package " + pkg + " has no place in the layering of " + ALLOWED.keySet());
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(pkg) && !allowed.contains(m.group(1))) {
                        violations.add(SRC.relativize(f) + " imports dev.nncourse." + m.group(1) + " (allowed: " + allowed + ")");
                    }
                }
                files++;
            }
        }
        assertTrue(files > 30, "read only " + files + " sources from " + SRC.toAbsolutePath());
        assertEquals(List.of(), violations);
    }
}
