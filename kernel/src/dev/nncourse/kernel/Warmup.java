package dev.nncourse.kernel;

import java.util.List;

/**
 * What a kernel does in its first minute, done once at set-up, so that the JVM can write the classes it loaded to a
 * class-data-sharing archive ({@code -XX:ArchiveClassesAtExit}): the kernel starts, JShell compiles declarations,
 * statements, lambdas and a failing cell, and the completion, inspection and error formatting run. Each kernel then
 * maps those classes from the archive instead of loading and verifying them again. Needs no library and no network.
 */
public final class Warmup {
    private static final List<String> CELLS = List.of(
            "int n = 3;\ndouble[] xs = new double[n];\nfor (int i = 0; i < n; i++) xs[i] = Math.sqrt(i);\nxs.length",
            "double mean(double[] v) {\n    double s = 0;\n    for (double x : v) s += x;\n    return s / v.length;\n}",
            "record Point(double x, double y) { double norm() { return Math.hypot(x, y); } }",
            "var points = java.util.stream.IntStream.range(0, 10).mapToObj(i -> new Point(i, 2.0 * i)).toList();",
            "String.format(\"%.3f, %d points\", mean(xs), points.size())",
            "class Counter { private int count; int next() { return ++count; } }\nnew Counter().next()",
            "var map = new java.util.TreeMap<String, List<Double>>();\n"
                    + "map.computeIfAbsent(\"a\", k -> new java.util.ArrayList<>()).add(1.0);\nmap",
            "if (n > 2) throw new IllegalStateException(\"a failing check\");",
            "int broken = undefinedName + 1;");

    private Warmup() {
    }

    public static void main(String[] args) {
        CourseKernel kernel = CourseKernel.start();
        for (String cell : CELLS) {
            try {
                kernel.runCell(cell);
            } catch (RuntimeException expected) {   // the last two cells fail on purpose
                kernel.formatError(expected);
            }
        }
        kernel.inspect("Math.max(", 9, false);
        kernel.inspect("String", 6, false);
        kernel.complete("points.get(0).no", 16);
        kernel.complete("Math.ma", 7);
        System.exit(0);   // the JVM writes the archive as it exits
    }
}
