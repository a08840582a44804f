package dev.nncourse.jupyter;

import dev.nncourse.linalg.Require;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What a notebook does right after an exercise in which the learner builds a part (a layer, a loss, an optimizer):
 * the cells below go on with the learner's part if it works, and with the library's own otherwise, and one visible
 * line says which. So a learner who skips an exercise can still run the rest of the notebook; only that exercise's
 * test fails.
 * <pre>
 *   Layer dense = Exercise.yoursOrLibrary("your dense layer",
 *           () -> new MyDense(W, b), () -> Dense.of(W, b, IDENTITY), layer -> layer.forward(x));
 * </pre>
 */
public final class Exercise {
    private Exercise() {}

    /**
     * The learner's part, made by {@code yours} and tried once by {@code probe} on a small input, if neither throws;
     * otherwise the library's, made by {@code library}. Prints one line saying which, and why, for {@code what}.
     */
    public static <T> T yoursOrLibrary(String what, Supplier<T> yours, Supplier<T> library, Consumer<T> probe) {
        Require.given("Exercise.yoursOrLibrary", "what the part is", what);
        Require.given("Exercise.yoursOrLibrary", "the learner's part", yours);
        Require.given("Exercise.yoursOrLibrary", "the library's part", library);
        Require.given("Exercise.yoursOrLibrary", "a probe", probe);
        String why;
        try {
            T part = yours.get();
            probe.accept(part);
            System.out.println("✓ the cells below use " + what);
            return part;
        } catch (RuntimeException e) {
            why = e.getMessage() != null && e.getMessage().contains("exercise not solved yet")
                    ? "its exercise is not solved yet"
                    : "it failed on a small input (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
        System.out.println("→ the cells below use the library's version instead of " + what + ": " + why);
        return library.get();
    }
}
