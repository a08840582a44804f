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
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("linalg", Set.of()),
            Map.entry("nn", Set.of("linalg")),
            Map.entry("autograd", Set.of("linalg", "nn")),
            Map.entry("optim", Set.of("linalg", "nn")),
            Map.entry("train", Set.of("linalg", "nn", "optim")),
            Map.entry("check", Set.of("linalg", "nn")),
            Map.entry("data", Set.of("linalg")),
            Map.entry("eval", Set.of("linalg", "nn", "data")),
            Map.entry("viz", Set.of("linalg", "train", "data")),
            Map.entry("io", Set.of("linalg", "nn", "optim", "data")),
            Map.entry("jupyter", Set.of("linalg", "nn", "optim", "train", "check", "viz", "data", "eval", "io")));
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
