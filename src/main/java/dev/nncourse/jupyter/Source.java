package dev.nncourse.jupyter;

import dev.nncourse.linalg.Require;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The library's own code, shown in a notebook beside what the learner built: {@code Source.of(Dense.class, "backward")}
 * displays the method with its Javadoc, {@code Source.of(Dense.class)} the whole class. The code comes from the
 * sources jar beside the library's jar ({@code nncourse-sources.jar}, built by Maven), or from the repository's
 * {@code src/main/java} when there is none.
 *
 * @param title what is shown, e.g. {@code Dense.backward}
 * @param code the Java code
 */
public record Source(String title, String code) {
    /** The whole class. */
    public static Source of(Class<?> type) {
        return new Source(Require.given("Source.of", "a class", type).getSimpleName(), read(type));
    }

    /**
     * Every method or constructor of {@code type} named {@code member}, each with its Javadoc, in the order the file has
     * them.
     */
    public static Source of(Class<?> type, String member) {
        Require.given("Source.of", "a member's name", member);
        String file = read(Require.given("Source.of", "a class", type));
        StringBuilder found = new StringBuilder();
        for (String block : members(file)) {
            if (declares(block, member)) found.append(found.length() == 0 ? "" : "\n\n").append(block);
        }
        if (found.length() == 0) {
            throw new IllegalArgumentException("Source.of: " + type.getSimpleName() + " has no method or constructor named \""
                    + member + "\"");
        }
        return new Source(type.getSimpleName() + "." + member, found.toString());
    }

    /** The class's members: each a Javadoc comment with the declaration and body that follow it, at one indent. */
    private static java.util.List<String> members(String file) {
        java.util.List<String> blocks = new java.util.ArrayList<>();
        String[] lines = file.split("\n", -1);
        int start = -1, depth = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (depth == 1 && start < 0 && (line.startsWith("    /**") || line.matches("    [A-Za-z@].*"))) start = i;
            for (char c : line.toCharArray()) depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            boolean ends = start >= 0 && depth == 1 && (line.endsWith("}") || line.endsWith(";"));
            if (ends) {
                blocks.add(String.join("\n", java.util.Arrays.copyOfRange(lines, start, i + 1)).stripIndent().strip());
                start = -1;
            }
        }
        return blocks;
    }

    private static boolean declares(String block, String member) {
        for (String line : block.split("\n")) {
            String t = line.strip();
            if (t.startsWith("/**") || t.startsWith("*") || t.startsWith("@")) continue;
            return t.matches("(?:[\\w<>\\[\\], ?]+\\s+)?" + java.util.regex.Pattern.quote(member) + "\\(.*");
        }
        return false;
    }

    /** The source file of a top-level class of the library. */
    private static String read(Class<?> type) {
        try {
            return read(type, Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("Source.of: cannot tell where " + type.getName() + " was loaded from", e);
        }
    }

    /**
     * The source file of {@code type}, loaded from {@code location} (a jar or a classes directory). The location is
     * followed through symbolic links first: a release's {@code target/lib} links to the course's built jars, and the
     * sources lie beside those.
     */
    static String read(Class<?> type, Path location) {
        String entry = type.getName().replace('.', '/') + ".java";
        Path jar = location;
        try {
            jar = location.toRealPath();
        } catch (IOException e) {
            // keep the location as given: the messages below name it
        }
        Path sources = jar.resolveSibling(jar.getFileName().toString().replace(".jar", "-sources.jar"));
        try {
            if (Files.isRegularFile(sources)) {
                try (ZipFile zip = new ZipFile(sources.toFile())) {
                    ZipEntry e = zip.getEntry(entry);
                    if (e != null) {
                        try (InputStream in = zip.getInputStream(e)) {
                            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                }
            }
            // target/lib/nncourse.jar or target/classes: the repository is two levels above target/
            Path target = Files.isDirectory(jar) ? jar.getParent() : jar.getParent().getParent();
            Path repository = target.resolveSibling("src/main/java").resolve(entry).normalize();
            if (Files.isRegularFile(repository)) return Files.readString(repository);
        } catch (IOException e) {
            throw new IllegalStateException("Source.of: cannot read the source of " + type.getName() + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException("Source.of: no source for " + type.getName() + " in " + sources + " nor in the "
                + "repository beside " + jar + "; build the library with ./course setup");
    }

    /** The code as a fenced Java block with its title, for the notebook's Markdown renderer. */
    public String markdown() { return "**" + title + "**, the library's code:\n\n```java\n" + code + "\n```"; }

    @Override
    public String toString() { return title + "\n" + code; }
}
