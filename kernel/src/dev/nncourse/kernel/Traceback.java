package dev.nncourse.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.kernel.execution.CompilationException;

/**
 * An error as a learner can read it: the exception and its message, then the frames that matter: the library's, the
 * JDK's, and the learner's own, each of these as its cell and line with the line's code,
 * <pre>
 * java.lang.IllegalArgumentException: mult: cannot multiply 2×3 by 2×3: the inner dimensions 3 and 2 differ
 *     at dev.nncourse.linalg.Matrix.multInto(Matrix.java:321)
 *     at dev.nncourse.linalg.Matrix.mult(Matrix.java:303)
 *     at cell [6], line 2: Matrix p = a.mult(b);
 * </pre>
 * JShell's frames ({@code .(#65:3)}: snippet 65, its line 3) become the cell's line; the frames of JShell's and the
 * kernel's machinery under them are folded away.
 */
final class Traceback {
    private static final Pattern SNIPPET = Pattern.compile("#(.+)");
    /** Packages of the machinery that runs a cell: JShell, JJava, reflection, and the course's own kernel. */
    private static final List<String> MACHINERY = List.of("jdk.jshell.", "REPL.", "org.dflib.jjava.",
            "jdk.internal.reflect.", "java.lang.reflect.", "dev.nncourse.kernel.");

    private Traceback() {
    }

    /** The lines of a runtime error thrown by a cell's code, or null when {@code e} is not one. */
    static List<String> format(Throwable e, CellEvaluator cells, StringStyler style) {
        EvalException thrown = null;
        for (Throwable t = e; t != null && thrown == null; t = t.getCause()) {
            if (t instanceof EvalException) thrown = (EvalException) t;
        }
        if (thrown == null) return null;
        List<String> lines = new ArrayList<>();
        StackTraceElement[] enclosing = new StackTraceElement[0];
        String prefix = "";
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String name = t instanceof EvalException ? ((EvalException) t).getExceptionClassName()
                    : t.getClass().getName();
            lines.add(style.secondary(prefix + name + (t.getMessage() == null ? "" : ": " + t.getMessage())));
            StackTraceElement[] frames = t.getStackTrace();
            int common = common(frames, enclosing), jdk = 0;
            boolean top = true;   // the JDK's frames where the exception was thrown are shown, later runs counted
            for (int i = 0; i < frames.length - common; i++) {
                String frame = frame(frames[i], cells);
                if (frame == null) continue;
                if (!top && isJdk(frames[i])) {
                    jdk++;
                    continue;
                }
                top &= isJdk(frames[i]);
                if (jdk > 0) lines.add("    ... " + jdk + " frames in the JDK");
                jdk = 0;
                lines.add("    at " + frame);
            }
            if (jdk + common > 0) lines.add("    ... " + (jdk + common) + " more");
            enclosing = frames;
            prefix = "Caused by: ";
        }
        return lines;
    }

    /** "cell [7], line 2:" before a compile error of a learner's cell; nothing for other errors. */
    static List<String> compileErrorLocation(Throwable e, CellEvaluator cells, StringStyler style, JShell shell) {
        if (!(e instanceof CompilationException)) return List.of();
        Snippet snippet = ((CompilationException) e).getBadSnippetCompilation().snippet();
        CellEvaluator.Origin origin = cells.origin(snippet.id());
        if (origin == null) return List.of();
        long at = shell.diagnostics(snippet).filter(Diag::isError).mapToLong(Diag::getStartPosition).findFirst()
                .orElse(0);
        int line = 1 + CellEvaluator.lines(snippet.source().substring(0, (int) Math.max(0, Math.min(at,
                snippet.source().length()))));
        return List.of(style.secondary("Compile error in " + where(origin, line) + ":"));
    }

    /** A frame as it reads in the traceback, or null for a frame of the machinery. */
    private static String frame(StackTraceElement f, CellEvaluator cells) {
        Matcher m = f.getFileName() == null ? null : SNIPPET.matcher(f.getFileName());
        if (m != null && m.matches()) {
            CellEvaluator.Origin origin = cells.origin(m.group(1));
            if (origin == null) return null;   // start-up code
            String name = f.getMethodName().startsWith("lambda$") ? "lambda" : f.getMethodName();
            String method = f.getClassName().isEmpty() ? name : f.getClassName() + "." + name;
            String at = where(origin, f.getLineNumber());
            String code = origin.text(f.getLineNumber());
            return (method.isEmpty() ? at : method + " (" + at + ")") + (code.isEmpty() ? "" : ": " + code);
        }
        return MACHINERY.stream().anyMatch(f.getClassName()::startsWith) ? null : f.toString();
    }

    private static boolean isJdk(StackTraceElement f) {
        String module = f.getModuleName();
        return module != null && (module.startsWith("java.") || module.startsWith("jdk."));
    }

    private static String where(CellEvaluator.Origin origin, int snippetLine) {
        return origin.firstLine() > 0 && snippetLine > 0
                ? origin.cell() + ", line " + origin.cellLine(snippetLine) : origin.cell();
    }

    /** How many frames at the bottom of {@code frames} are those of the exception it caused. */
    private static int common(StackTraceElement[] frames, StackTraceElement[] enclosing) {
        int n = 0;
        while (n < frames.length && n < enclosing.length
                && frames[frames.length - 1 - n].equals(enclosing[enclosing.length - 1 - n])) n++;
        return n;
    }
}
