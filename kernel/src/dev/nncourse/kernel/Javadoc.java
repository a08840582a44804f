package dev.nncourse.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Shift+Tab (an inspect request): the signature of what is at the cursor, then its Javadoc's first paragraph, and
 * further paragraphs up to the first with a formula (all of them at the second level of detail).
 * <p>
 * JShell finds the signatures, and Javadoc only in the JDK's src.zip, which not every JDK ships. The sources jars
 * on the class path (or beside a jar on it, {@code X-sources.jar} beside {@code X.jar}, as Maven names them) are
 * added to the source path JShell's Javadoc lookup reads (its private list {@code availableSources}: JShell has no
 * option for it), so that it finds the library's Javadoc too. If that field is gone in some later JDK, Shift+Tab
 * still shows the signatures.
 * <p>
 * JJava's own inspect passes JShell a cursor one character past the one it was given, so right after
 * {@code Matrix.zeros(} it finds nothing; here the cursor is JupyterLab's (moved to the end of the name it is in, and
 * past an opening parenthesis that follows it), within the statement that holds it.
 */
final class Javadoc {
    private static final Pattern BLOCK_TAG = Pattern.compile("(?m)^\\s*@\\w");
    private static final Pattern PARAGRAPH = Pattern.compile("(?i)<p(?:\\s[^>]*)?/?>|\\n\\s*\\n");
    private static final Pattern FORMULA = Pattern.compile("[=·∂Σ∑√×ᵀ⊙≤≥≈∈]");
    private static final Pattern MAGIC_LINE = Pattern.compile("(?m)^[ \\t]*%.*$");

    private final JShell shell;
    private final Set<Path> sources = new LinkedHashSet<>();
    private List<Path> jdkSources;
    private boolean stale, broken;

    Javadoc(JShell shell) {
        this.shell = shell;
    }

    /** Takes a class path entry that is a sources jar; false if it is not one. */
    synchronized boolean addSources(String entry) {
        Path p = Path.of(entry);
        if (!entry.endsWith("-sources.jar") || !Files.isRegularFile(p)) return false;
        stale |= sources.add(p.toAbsolutePath());
        return true;
    }

    /** Takes the sources jar beside the jar {@code entry}, if there is one. */
    synchronized void addSourcesBeside(String entry) {
        if (entry.endsWith(".jar")) addSources(entry.substring(0, entry.length() - 4) + "-sources.jar");
    }

    /** The signature and Javadoc of what is at {@code at} (in code points, as Jupyter counts) in {@code code}. */
    DisplayData inspect(String code, int at, boolean allParagraphs) {
        String java = MAGIC_LINE.matcher(code).replaceAll(m -> " ".repeat(m.group().length()));
        int points = Math.max(0, Math.min(at, java.codePointCount(0, java.length())));
        int cursor = cursor(java, java.offsetByCodePoints(0, points));
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        int start = statementStart(analysis, java, cursor);
        useSources(analysis);
        String statement = java.substring(start, cursor);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(statement, statement.length(), true);
        if (docs.isEmpty() && cursor > 0 && Character.isJavaIdentifierPart(java.charAt(cursor - 1))) {
            docs = analysis.documentation(statement + "(", statement.length() + 1, true);   // a method's name alone
        }
        if (docs.isEmpty()) return null;
        DisplayData shown = new DisplayData(docs.stream().map(d -> plain(d, allParagraphs))
                .collect(Collectors.joining("\n\n")));
        shown.putHTML(docs.stream().map(d -> html(d, allParagraphs)).collect(Collectors.joining("<hr>")));
        return shown;
    }

    /** The cursor moved to the end of the name it is in, and past a '(' that follows the name. */
    static int cursor(String code, int at) {
        int p = at;
        while (p < code.length() && Character.isJavaIdentifierPart(code.charAt(p))) p++;
        int q = p;
        while (q < code.length() && (code.charAt(q) == ' ' || code.charAt(q) == '\t')) q++;
        boolean afterName = p > 0 && Character.isJavaIdentifierPart(code.charAt(p - 1));
        return afterName && q < code.length() && code.charAt(q) == '(' ? q + 1 : p;
    }

    /** Where the statement (or declaration) that holds the cursor starts: after the complete ones before it. */
    private static int statementStart(SourceCodeAnalysis analysis, String code, int cursor) {
        int start = 0;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(code.substring(start));
            int end = code.length() - info.remaining().length();
            if (!info.completeness().isComplete() || end >= cursor || end <= start) return start;
            start = end;
        }
    }

    /** Puts the sources jars on JShell's source path for Javadoc, once they changed. */
    @SuppressWarnings("unchecked")
    private synchronized void useSources(SourceCodeAnalysis analysis) {
        if (!stale || broken) return;
        try {
            if (jdkSources == null) {   // the JDK's, as JShell finds them (src.zip, if the JDK has one)
                Method find = analysis.getClass().getDeclaredMethod("findSources");
                find.setAccessible(true);
                jdkSources = List.copyOf((List<Path>) find.invoke(analysis));
            }
            List<Path> all = new ArrayList<>(jdkSources);
            all.addAll(sources);
            Field available = analysis.getClass().getDeclaredField("availableSources");
            available.setAccessible(true);
            available.set(analysis, all);
            stale = false;
        } catch (ReflectiveOperationException | RuntimeException e) {
            broken = true;
            System.err.println("course kernel: Shift+Tab shows signatures only, JShell's source path is out of reach: "
                    + e);
        }
    }

    private static String plain(SourceCodeAnalysis.Documentation d, boolean all) {
        StringBuilder s = new StringBuilder(d.signature());
        for (String p : paragraphs(d.javadoc(), all)) s.append("\n\n").append(text(p));
        return s.toString();
    }

    private static String html(SourceCodeAnalysis.Documentation d, boolean all) {
        StringBuilder s = new StringBuilder("<p><code>").append(escape(d.signature())).append("</code></p>");
        for (String p : paragraphs(d.javadoc(), all)) s.append("<p>").append(inline(p, true)).append("</p>");
        return s.toString();
    }

    /** The main description's paragraphs up to the first with a formula (all, with {@code all}). */
    static List<String> paragraphs(String javadoc, boolean all) {
        List<String> shown = new ArrayList<>();
        if (javadoc == null) return shown;
        var block = BLOCK_TAG.matcher(javadoc);
        String description = block.find() ? javadoc.substring(0, block.start()) : javadoc;
        for (String p : PARAGRAPH.split(description)) {
            if (p.isBlank()) continue;
            shown.add(p.strip());
            if (!all && FORMULA.matcher(text(p)).find()) break;
        }
        if (!all && shown.size() > 1 && !FORMULA.matcher(text(shown.get(shown.size() - 1))).find()) {
            return shown.subList(0, 1);   // no formula at all: the first paragraph alone
        }
        return shown;
    }

    /** A paragraph of Javadoc as plain text: inline tags as their text, HTML tags dropped, spaces collapsed. */
    static String text(String javadoc) {
        return inline(javadoc, false).replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&nbsp;", " ").replace("&amp;", "&").replaceAll("\\s+", " ").strip();
    }

    /**
     * Javadoc's inline tags replaced: {@code {@code x}} by x ({@code <code>x</code>} in HTML),
     * {@code {@link A#b label}} by its label or A.b, others by their text. Braces inside a tag nest.
     */
    static String inline(String s, boolean html) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int open = s.indexOf("{@", i);
            if (open < 0) break;
            int depth = 0, close = open;
            for (; close < s.length(); close++) {
                char c = s.charAt(close);
                if (c == '{') depth++;
                if (c == '}' && --depth == 0) break;
            }
            if (close >= s.length()) break;
            out.append(s, i, open);
            String[] tag = s.substring(open + 2, close).split("\\s+", 2);
            String body = tag.length > 1 ? tag[1].strip() : "";
            boolean code = tag[0].equals("code") || tag[0].equals("link");
            if (tag[0].startsWith("link")) body = label(body);
            out.append(html && code ? "<code>" + escape(body) + "</code>" : html ? escape(body) : body);
            i = close + 1;
        }
        return out.append(s.substring(i)).toString();
    }

    /** The text of a {@code {@link}}: its label, else its reference with '#' read as '.' and without parameters. */
    private static String label(String body) {
        int depth = 0, end = 0;
        for (; end < body.length(); end++) {
            char c = body.charAt(end);
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (depth == 0 && Character.isWhitespace(c)) break;
        }
        String label = body.substring(end).strip(), ref = body.substring(0, end);
        if (!label.isEmpty()) return label;
        return (ref.startsWith("#") ? ref.substring(1) : ref.replace('#', '.')).replaceAll("\\(.*\\)$", "");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
