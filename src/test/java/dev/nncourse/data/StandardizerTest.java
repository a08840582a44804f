package dev.nncourse.data;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link Standardizer}: x' = (x − μ) / σ per column, with μ and σ of the data it was fitted on, finite and accurate
 * for any finite data (no overflow of the sums), and bit for bit the plain formulas where those do not overflow.
 */
class StandardizerTest {
    private static final Class<IllegalArgumentException> IAE = IllegalArgumentException.class;
    private static final MathContext EXACT = new MathContext(50);
    private static final double EPS = Math.ulp(1.0);

    // ---------------------------------------------------------------- the formulas

    @Test
    void standardizerUsesTheTrainingStatisticsOnly() {
        Matrix train = Matrix.of(new double[][] {{1, 5, 3}, {3, 5, 3}, {5, 5, 3}});
        Standardizer s = Standardizer.fit(train);
        assertEquals(Matrix.row(3, 5, 3), s.mean());
        assertEquals(Math.sqrt(8 / 3.0), s.std().at(0), 1e-15);
        assertEquals(Matrix.row(Math.sqrt(8 / 3.0), 1, 1), s.std(), "constant columns keep σ = 1");
        Matrix z = s.apply(train);
        assertEquals(0, z.columnMeans().maxAbs(), 1e-15);
        assertEquals(1.5, z.get(2, 0) * z.get(2, 0), 1e-14);   // ((5 − 3) / √(8/3))² = 3/2
        assertEquals(Matrix.row((7 - 3) / Math.sqrt(8 / 3.0), 1, -3), s.apply(Matrix.row(7, 6, 0)), "other data: the same μ, σ");
    }

    @Test
    void aConstantColumnWhoseMeanRoundsIsOnlyCentred() {
        Matrix x = Matrix.filled(7, 1, 0.1);
        Matrix z = Standardizer.fit(x).apply(x);
        assertTrue(z.maxAbs() < 1e-15, "not (0.1 − mean) / 1e-17: " + z);
    }

    // ---------------------------------------------------------------- huge and tiny numbers

    /** μ and σ of the column by exact decimal arithmetic (50 digits), as doubles. */
    private static double[] exact(double... v) {
        BigDecimal n = BigDecimal.valueOf(v.length), sum = BigDecimal.ZERO;
        for (double a : v) sum = sum.add(new BigDecimal(a));
        BigDecimal mean = sum.divide(n, EXACT), squares = BigDecimal.ZERO;
        for (double a : v) squares = squares.add(new BigDecimal(a).subtract(mean).pow(2));
        return new double[] {mean.doubleValue(), squares.divide(n, EXACT).sqrt(EXACT).doubleValue()};
    }

    /** Asserts μ and σ within a few units in the last place of the exact ones, and the standardised column. */
    private static void assertStandardizes(double[] column, double... z) {
        Standardizer s = Standardizer.fit(Matrix.column(column));
        double[] e = exact(column);
        assertEquals(e[0], s.mean().at(0), 4 * Math.ulp(e[0]), "μ");
        assertEquals(e[1], s.std().at(0), 4 * Math.ulp(e[1]), "σ");
        Matrix got = s.apply(Matrix.column(column));
        for (int i = 0; i < z.length; i++) assertEquals(z[i], got.at(i), 1e-14, "x'_" + i + " of " + got);
    }

    @Test
    void aColumnWhoseSquaresOverflowGetsAFiniteσ() {   // (2e200)² = 4e400: σ was ∞ and the column became zeros
        double r = Math.sqrt(1.5);
        assertStandardizes(new double[] {1e200, -1e200, 3e200}, 0, -r, r);
    }

    @Test
    void aColumnWhoseSumOverflowsGetsAFiniteμ() {   // 1e308 + 1e308 = ∞: μ was ∞ and the column became NaN
        double h = Math.sqrt(0.5);
        assertStandardizes(new double[] {1e308, 1e308, -1e308}, h, h, -2 * h);
        assertStandardizes(new double[] {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE}, h, -2 * h, h);   // x − μ overflows too
    }

    @Test
    void eachColumnIsScaledOnItsOwn() {
        Matrix x = Matrix.of(new double[][] {{1e308, 1e-300, 2}, {-1e308, 3e-300, 2}});
        Standardizer s = Standardizer.fit(x);
        assertEquals(0, s.mean().at(0));
        assertEquals(1e308, s.std().at(0));
        assertEquals(2e-300, s.mean().at(1), 2 * Math.ulp(2e-300));
        assertEquals(1e-300, s.std().at(1), 2 * Math.ulp(1e-300));
        assertEquals(2, s.mean().at(2));
        assertEquals(1, s.std().at(2), "constant");
        double[][] z = s.apply(x).toArray();
        double[] difference = {2, -2, 0};   // x' = ±1 in the first two columns, 0 in the constant one
        for (int j = 0; j < 3; j++) assertEquals(difference[j], z[0][j] - z[1][j], 1e-15, "column " + j);
    }

    @Test
    void aColumnOfSubnormalsGetsAPositiveσ() {   // its σ, 2^−1075, is below the smallest double
        Matrix z = Standardizer.fit(Matrix.column(0, Double.MIN_VALUE)).apply(Matrix.column(0, Double.MIN_VALUE));
        assertTrue(z.isFinite(), z.toString());
        assertTrue(z.at(1) > z.at(0), z.toString());
    }

    /** Columns whose entries have any magnitude from 2^−1074 to 2^1023, mixed. */
    @Provide
    Arbitrary<List<Double>> wide() { return column(-1074, 1023); }

    /** Columns of numbers near the largest double, whose sums and squares overflow. */
    @Provide
    Arbitrary<List<Double>> huge() { return column(1015, 1023); }

    /** Columns of ordinary numbers, from 2^−40 to 2^40 in size. */
    @Provide
    Arbitrary<List<Double>> ordinary() { return column(-40, 40); }

    private static Arbitrary<List<Double>> column(int minExponent, int maxExponent) {
        return Combinators.combine(Arbitraries.doubles().between(-1, 1), Arbitraries.integers().between(minExponent, maxExponent))
                .as((m, e) -> Math.scalb(m, e)).list().ofMinSize(1).ofMaxSize(30);
    }

    /**
     * For any finite column, μ and σ are finite and within the bounds of rounding: |μ − μ_exact| ≤ nεM and
     * |σ − σ_exact| ≤ 2nεM with M = max |x_i|; every x' is finite and at most √n in size (Σ x'² = n).
     */
    private static void checkAgainstExact(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        int n = v.length;
        double max = 0;
        for (double a : v) max = Math.max(max, Math.abs(a));
        Standardizer s = Standardizer.fit(Matrix.column(v));
        double mu = s.mean().at(0), sigma = s.std().at(0);
        assertTrue(Double.isFinite(mu) && Double.isFinite(sigma) && sigma > 0, "μ " + mu + ", σ " + sigma);
        double[] e = exact(v);
        // Each rounding errs by at most EPS relative, or by the spacing of subnormals (Double.MIN_VALUE) below them.
        double slack = n * Double.MIN_VALUE;
        assertTrue(Math.abs(mu - e[0]) <= n * EPS * max + slack, "μ " + mu + ", exactly " + e[0]);
        boolean constant = values.stream().distinct().count() == 1;
        if (!constant) assertTrue(Math.abs(sigma - e[1]) <= 2 * n * EPS * max + 2 * slack, "σ " + sigma + ", exactly " + e[1]);
        else assertEquals(1, sigma, "a constant column is only centred");
        Matrix z = s.apply(Matrix.column(v));
        assertTrue(z.isFinite() && z.maxAbs() <= Math.sqrt(n) * (1 + 1e-12), z.toString());
    }

    @Property(tries = 300)
    void finiteAndAccurateForAnyFiniteColumn(@ForAll("wide") List<Double> column) { checkAgainstExact(column); }

    @Property(tries = 300)
    void finiteAndAccurateWhereThePlainSumsOverflow(@ForAll("huge") List<Double> column) { checkAgainstExact(column); }

    /** μ = (1/n) Σ x_i and σ = √((1/n) Σ (x_i − μ)²) summed in order, as the formulas read (and notebook 14 prints). */
    private static double[] plain(double[] v) {
        double sum = 0, squares = 0;
        for (double a : v) sum += a;
        double mean = sum * (1.0 / v.length);
        for (double a : v) squares += (a - mean) * (a - mean);
        return new double[] {mean, Math.sqrt(squares * (1.0 / v.length))};
    }

    @Property(tries = 300)
    void bitForBitThePlainFormulasWhereTheyDoNotOverflow(@ForAll("ordinary") List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Standardizer s = Standardizer.fit(Matrix.column(v));
        double[] p = plain(v);
        assertEquals(p[0], s.mean().at(0), 0, "μ");
        if (values.stream().distinct().count() > 1) assertEquals(p[1], s.std().at(0), 0, "σ");
    }

    @Test
    void digitsPixelsBitForBitThePlainFormulas() {
        Matrix x = Datasets.digitsSplit().train().x(), columns = x.transpose();
        Standardizer s = Standardizer.fit(x);
        for (int j = 0; j < x.cols(); j++) {
            double[] p = plain(columns.getRow(j).toFlatArray());
            assertEquals(p[0], s.mean().at(j), 0, "μ of pixel " + j);
            if (p[1] > 0) assertEquals(p[1], s.std().at(j), 0, "σ of pixel " + j);
        }
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void standardizerBadInput() {
        assertMessage(IAE, () -> Standardizer.fit(Matrix.row(1, Double.NaN)), "Standardizer.fit", "NaN");
        assertMessage(IAE, () -> Standardizer.fit(null), "Standardizer.fit: expected a matrix, got null");
        Standardizer s = Standardizer.fit(Matrix.zeros(3, 2));
        assertMessage(IAE, () -> s.apply(Matrix.zeros(1, 3)), "Standardizer.apply", "3 columns", "fitted on 2");
        assertMessage(IAE, () -> s.apply(Matrix.row(0, Double.POSITIVE_INFINITY)), "Standardizer.apply: data",
                "entry (0, 1)", "Infinity");
        assertMessage(IAE, () -> s.apply((Matrix) null), "Standardizer.apply: expected a matrix, got null");
        assertMessage(IAE, () -> s.apply((Dataset) null), "Standardizer.apply: expected a data set, got null");
    }

    @Test
    void aStandardizedSplitNamesItselfAndThePart() {
        Matrix x = Matrix.column(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        x.set(9, 0, Double.NaN);   // one sample's input: whichever part it falls in is named
        Split split = Split.stratified(new Dataset(x, Matrix.column(0, 0, 0, 0, 0, 1, 1, 1, 1, 1)), 0.6, 0.2, 0.2, 1);
        String part = split.test().x().isFinite() ? split.validation().x().isFinite() ? "training" : "validation" : "test";
        assertMessage(IAE, split::standardized, "Split.standardized: " + part + " inputs", "NaN");
    }
}
