package dev.nncourse.linalg;

/** Run by {@link ThreadsPropertyTest} in a JVM of its own, started with some {@code -Dnncourse.threads}. */
public final class ThreadsPropertyProbe {
    private ThreadsPropertyProbe() {}

    public static void main(String[] args) {
        Matrix a = Matrix.gaussian(200, 200, 1), b = Matrix.gaussian(200, 200, 2);
        report("threads()", () -> MatMul.threads());
        report("mult", () -> a.mult(b));
        MatMul.setThreads(2);
        Matrix expected = Matrix.zeros(200, 200);
        MatMul.reference(a, b, expected);
        boolean ok = a.mult(b).equals(expected);
        System.out.println("after setThreads(2): threads() = " + MatMul.threads() + ", product " + (ok ? "ok" : "WRONG"));
    }

    private static void report(String what, java.util.function.Supplier<Object> call) {
        try {
            System.out.println(what + ": returned " + call.get());
        } catch (Throwable e) {
            System.out.println(what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
