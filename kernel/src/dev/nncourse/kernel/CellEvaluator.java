package dev.nncourse.kernel;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import org.dflib.jjava.kernel.execution.CodeEvaluator;

/**
 * JJava's evaluator, which runs a cell as one JShell snippet per statement or declaration, and here also remembers
 * where each snippet came from: its cell and the cell's line it starts on. JShell numbers the lines of a stack frame
 * within the snippet ({@code #65:3}); {@link #origin} turns that back into the cell's line.
 */
final class CellEvaluator extends CodeEvaluator {
    /** Where a snippet came from: its cell ("cell [4]"), the cell's line of the snippet's first line, its source. */
    record Origin(String cell, int firstLine, String source) {
        /** The cell's line of the snippet's line {@code line} (1-based). */
        int cellLine(int line) {
            return firstLine + line - 1;
        }

        /** The snippet's line {@code line} (1-based), without its indentation; "" if it has no such line. */
        String text(int line) {
            String[] lines = source.split("\n", -1);
            return line >= 1 && line <= lines.length ? lines[line - 1].strip() : "";
        }
    }

    /** A cell being evaluated: its text, its name, and how far its statements have been found in it. */
    private static final class Cell {
        final String text, name;
        int searchFrom;

        Cell(String text, String name) {
            this.text = text;
            this.name = name;
        }
    }

    private final Map<String, Origin> origins = new ConcurrentHashMap<>();
    private final Deque<Cell> cells = new ArrayDeque<>();   // a magic such as %time evaluates code within a cell

    CellEvaluator(String name, long timeoutDuration, TimeUnit timeoutUnit) {
        super(name, timeoutDuration, timeoutUnit);
    }

    /** Evaluates a cell's code; {@code name} names it in tracebacks (null: not a learner's cell, say start-up code). */
    Object eval(JShell shell, String code, String name) {
        cells.push(new Cell(code, name));
        try {
            return eval(shell, code);
        } finally {
            cells.pop();
        }
    }

    /** Where the snippet with this id came from, or null (start-up code, or unknown). */
    Origin origin(String snippetId) {
        return origins.get(snippetId);
    }

    @Override
    protected Object evalSingle(JShell shell, String code) {
        try {
            return super.evalSingle(shell, code);
        } finally {
            Cell cell = cells.peek();
            if (cell != null && cell.name != null) record(shell, cell);
        }
    }

    /** Records the origin of the snippets that evaluating a statement of the cell has just made. */
    private void record(JShell shell, Cell cell) {
        shell.snippets().filter(s -> !origins.containsKey(s.id())).forEach((Snippet s) ->
                origins.put(s.id(), new Origin(cell.name, locate(cell, s.source()), s.source())));
    }

    /**
     * The cell's line (1-based) of the first line of {@code source}, a snippet's source, found in the cell after the
     * snippets before it; 0 if it cannot be found (JShell may have added a semicolon).
     */
    private static int locate(Cell cell, String source) {
        String body = source.stripLeading();
        int leadingLines = lines(source.substring(0, source.length() - body.length()));
        String probe = body.lines().findFirst().orElse("");
        int at = cell.text.indexOf(probe, cell.searchFrom);
        if (at < 0 && probe.endsWith(";")) {
            probe = probe.substring(0, probe.length() - 1);
            at = cell.text.indexOf(probe, cell.searchFrom);
        }
        if (at < 0 || probe.isEmpty()) return 0;
        cell.searchFrom = at + probe.length();
        return 1 + lines(cell.text.substring(0, at)) - leadingLines;
    }

    /** How many line breaks {@code text} has. */
    static int lines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }
}
