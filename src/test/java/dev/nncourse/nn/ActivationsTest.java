package dev.nncourse.nn;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.NumericGradient;
import dev.nncourse.linalg.Matrix;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The activations' values against their definitions, and f′ against centred finite differences of f. */
class ActivationsTest {
    static final List<Activation> ALL = Activations.ALL;

    /** Points away from ReLU's kink at 0, where f′ is not defined. */
    private static final double[] POINTS = {-3, -1.2, -0.4, -0.01, 0.01, 0.3, 1, 2.5, 4};

    @Test
    void valuesFromTheirDefinitions() {
        assertEquals(-2.5, Activations.IDENTITY.f(-2.5));
        assertEquals(0, Activations.RELU.f(-2));
        assertEquals(3, Activations.RELU.f(3));
        // tanh x = (e^2x − 1) / (e^2x + 1): tanh(ln 2) = (4 − 1) / (4 + 1)
        assertEquals(0.6, Activations.TANH.f(Math.log(2)), 1e-15);
        assertEquals(-0.6, Activations.TANH.f(-Math.log(2)), 1e-15);
        // σ(ln 3) = 1 / (1 + 1/3) = 3/4, σ(−ln 3) = 1/4, σ(0) = 1/2
        assertEquals(0.75, Activations.SIGMOID.f(Math.log(3)), 1e-15);
        assertEquals(0.25, Activations.SIGMOID.f(-Math.log(3)), 1e-15);
        assertEquals(0.5, Activations.SIGMOID.f(0));
    }

    @Test
    void derivativesFromTheirFormulas() {
        assertEquals(1, Activations.IDENTITY.df(7));
        assertEquals(1 - 0.36, Activations.TANH.df(Math.log(2)), 1e-15);
        assertEquals(0.75 * 0.25, Activations.SIGMOID.df(Math.log(3)), 1e-15);
        assertEquals(1, Activations.RELU.df(0.5));
        assertEquals(0, Activations.RELU.df(-0.5));
        assertEquals(0, Activations.RELU.df(0), "at the kink ReLU takes the left derivative");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ALL")
    void derivativeMatchesFiniteDifferences(Activation act) {
        for (double a : POINTS) {
            assertEquals(NumericGradient.derivative(act::f, a), act.df(a), 1e-9, act.name() + "′(" + a + ")");
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ALL")
    void matrixFormsApplyEntryByEntry(Activation act) {
        Matrix a = Matrix.of(new double[][] {{-2, 0.5}, {1.5, -0.1}});
        double[][] f = new double[2][2], df = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                f[i][j] = act.f(a.get(i, j));
                df[i][j] = act.df(a.get(i, j));
            }
        }
        assertMatrix(f, act.f(a));
        assertMatrix(df, act.df(a));
    }

    /** ReLU's matrix forms are loops of their own: they must give the bits of f and f′ entry by entry, edge cases too. */
    @Test
    void reluOfAMatrixHasTheBitsOfReluEntryByEntry() {
        double[] v = {-2, -0.0, 0, 0.5, Double.MIN_VALUE, -Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, -1e308};
        Matrix a = Matrix.wrap(2, 5, v.clone()), f = Activations.RELU.f(a), df = Activations.RELU.df(a);
        for (int k = 0; k < v.length; k++) {
            assertEquals(Double.doubleToRawLongBits(Math.max(0, v[k])), Double.doubleToRawLongBits(f.at(k)), "f " + v[k]);
            assertEquals(Activations.RELU.df(v[k]), df.at(k), "f′ " + v[k]);
            assertEquals(Double.doubleToRawLongBits(v[k]), Double.doubleToRawLongBits(a.at(k)), "A is left as it was");
        }
        assertEquals(Activations.RELU.df(a), Activations.RELU.df(a, f), "f′(A) given Y");
    }

    @Test
    void sigmoidIsFiniteAndExactAtPlusMinusOneThousand() {
        assertEquals(1.0, Activations.sigmoid(1000));
        assertEquals(0.0, Activations.sigmoid(-1000));
        assertEquals(0.0, Activations.SIGMOID.df(1000));
        assertEquals(0.0, Activations.SIGMOID.df(-1000));
        assertTrue(Activations.SIGMOID.f(Matrix.row(-1000, 1000)).isFinite());
    }

    @Test
    void sigmoidKeepsTinyValuesWhereTheNaiveFormOverflows() {
        // σ(−720) = 1 / (1 + e^720) ≈ e^−720 ≈ 1.9e−313, a subnormal double. e^720 itself overflows (e^709.8 is the limit).
        assertTrue(Double.isInfinite(Math.exp(720)));
        assertEquals(0.0, Activations.naiveSigmoid(-720), "1 / (1 + ∞) loses the value entirely");
        assertTrue(Activations.sigmoid(-720) > 0);
        assertEquals(-720, Math.log(Activations.sigmoid(-720)), 1e-3);
        // At −1000 the true value underflows anyway; the naive form gets there through e^1000 = ∞.
        assertTrue(Double.isInfinite(Math.exp(1000)));
        assertEquals(0.0, Activations.naiveSigmoid(-1000));
    }

    @Test
    void sigmoidAgreesWithTheNaiveFormWhereNeitherOverflows() {
        for (double a = -30; a <= 30; a += 0.7) {
            assertEquals(Activations.naiveSigmoid(a), Activations.sigmoid(a), 1e-15, "σ(" + a + ")");
        }
    }

    @Test
    void customActivationFromTwoFunctions() {
        Activation softplus = Activation.of("softplus", a -> Math.log1p(Math.exp(a)), Activations::sigmoid);
        assertEquals("softplus", softplus.name());
        assertEquals("softplus", softplus.toString());
        assertEquals(Math.log(2), softplus.f(0), 1e-15);
        assertEquals(NumericGradient.derivative(softplus::f, 0.7), softplus.df(0.7), 1e-9);
    }

    @Test
    void namesAndTheListOfAll() {
        assertEquals(List.of("identity", "tanh", "relu", "sigmoid"), Activations.ALL.stream().map(Activation::name).toList());
        assertEquals("tanh", Activations.TANH.toString());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e3, -745, -40, -1, 0, 1, 40, 745, 1e3})
    void sigmoidIsFiniteAndMatchesItsExactForm(double x) {
        double s = Activations.SIGMOID.f(x), ds = Activations.SIGMOID.df(x);
        assertTrue(Double.isFinite(s) && Double.isFinite(ds), x + " → " + s + ", " + ds);
        // σ(x) = 1 / (1 + e^(−x)) and, for x < 0, e^x / (1 + e^x): compare with the form that is exact on that side.
        double exact = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
        assertEquals(exact, s, Math.ulp(exact) * 2);
        assertEquals(exact * (1 - exact), ds, Math.ulp(exact) * 2);
        assertEquals(1 - s, Activations.sigmoid(-x), 1e-16, "σ(−x) = 1 − σ(x)");
    }

    @Test void sigmoidAtPlusMinusAThousand() {
        assertEquals(1.0, Activations.SIGMOID.f(1e3));
        assertEquals(0.0, Activations.SIGMOID.f(-1e3));   // e^(−1000) underflows to 0: the correctly rounded value
        assertEquals(0.0, Activations.SIGMOID.df(1e3));
        assertEquals(0.0, Activations.SIGMOID.df(-1e3));
        // σ(−700) ≈ e^(−700) is still representable, and the stable form keeps full relative precision there.
        assertEquals(Math.exp(-700), Activations.SIGMOID.f(-700), Math.exp(-700) * 1e-15);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e3, -20, -1e-8, 0, 1e-8, 20, 1e3})
    void tanhIsFiniteAndCorrect(double x) {
        double t = Activations.TANH.f(x), dt = Activations.TANH.df(x);
        assertTrue(Double.isFinite(t) && Double.isFinite(dt));
        assertEquals(Math.abs(x) >= 20 ? Math.signum(x) : Math.tanh(x), t, 1e-16);
        assertEquals(Math.abs(x) >= 20 ? 0 : 1 - Math.tanh(x) * Math.tanh(x), dt, 1e-16);
        if (Math.abs(x) < 20) assertEquals(NumericGradient.derivative(Activations.TANH::f, x), dt, 1e-9);
    }

    @Test
    void findsEveryActivationByItsName() {
        for (Activation f : Activations.ALL) assertSame(f, Activations.named(f.name()));
    }

    @Test
    void typographicQuotesAreNamedInTheError() {
        var e = assertThrows(IllegalArgumentException.class, () -> Activations.named("‘tanh’"));
        assertTrue(e.getMessage().contains("U+2018") && e.getMessage().contains("U+2019"), e.getMessage());
        assertTrue(e.getMessage().contains("expected one of identity, tanh, relu, sigmoid"), e.getMessage());
    }

    @Test
    void unknownAndNullNamesAreErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Activations.named("softmax"));
        assertTrue(e.getMessage().contains("\"softmax\"") && !e.getMessage().contains("U+"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Activations.named(null));
    }

    @Test void unknownActivationName() {
        assertMessage(IllegalArgumentException.class, () -> Activations.named("softmax"),
                "unknown activation \"softmax\"", "identity, tanh, relu, sigmoid");
    }
}
