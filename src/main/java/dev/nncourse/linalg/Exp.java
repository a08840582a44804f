package dev.nncourse.linalg;

/**
 * e^x for x ≤ 0 by a fixed sequence of IEEE operations (fma, multiply, add, integer bit tricks), so that the scalar
 * code here and the SIMD lanes of {@link VectorKernel} give the same bits, on any JIT tier. (The JDK's vector
 * {@code EXP} cannot promise that: before C2 compiles a loop its lanes come from {@code Math.exp}, after it from
 * another library, and the last bit can change mid-run.) Accurate to about 1 ulp; e^x for x &lt; −745 is 0.
 *
 * <p>Method: k = round(x / ln 2), r = x − k ln 2 (|r| ≤ ln2 / 2, in two parts for precision), e^r by its Taylor
 * polynomial to r¹³ in Horner form, then e^x = (e^r · 2^(k+600)) · 2^(−600): an exact scaling and one rounded one, which
 * also reaches the subnormal range.
 */
final class Exp {
    private Exp() {}

    static final double LOG2E = 1.4426950408889634;
    static final double LN2_HI = 0.6931471803691238;     // ln 2 to 32 bits, so k·LN2_HI is exact for |k| < 2^20
    static final double LN2_LO = 1.9082149292705877e-10; // ln 2 − LN2_HI
    static final double SHIFTER = 0x1.8p52;              // adding it rounds to an integer, kept in the low bits
    static final double LOWEST = -1100;                  // below −745 the result is 0 anyway; keeps k in range
    static final double BIAS = 600;                      // 2^(k+600) is a normal number for every k ≥ −1587
    static final double TWO_TO_MINUS_BIAS = 0x1p-600;
    /** 1/13!, 1/12!, …, 1/1!, 1/0!: the Taylor coefficients of e^r, highest first. */
    static final double[] TAYLOR = taylor(13);

    private static double[] taylor(int degree) {
        double[] c = new double[degree + 1];
        double f = 1;
        for (int i = 1; i <= degree; i++) f *= i;            // degree!
        for (int i = degree; i >= 0; i--) {
            c[degree - i] = 1 / f;
            f /= Math.max(i, 1);
        }
        return c;
    }

    /** e^x for x ≤ 0 (NaN for NaN). */
    static double exp(double x) {
        x = Math.max(x, LOWEST);                              // NaN stays NaN and makes the result NaN
        double t = Math.fma(x, LOG2E, SHIFTER);
        double kd = t - SHIFTER;                              // k = round(x / ln 2), exactly
        double r = Math.fma(-kd, LN2_HI, x);
        r = Math.fma(-kd, LN2_LO, r);
        double p = TAYLOR[0];
        for (int i = 1; i < TAYLOR.length; i++) p = Math.fma(p, r, TAYLOR[i]);
        return p * pow2(t + BIAS) * TWO_TO_MINUS_BIAS;       // exact scaling by 2^(k+600), then one rounding
    }

    /** 2^k from k + SHIFTER (k a small integer): move k + 1023 from the low bits into the exponent field. */
    private static double pow2(double kShifted) {
        long bits = Double.doubleToRawLongBits(kShifted) - (Double.doubleToRawLongBits(SHIFTER) - 1023);
        return Double.longBitsToDouble(bits << 52);
    }

    /** σ(x) = 1 / (1 + e) for x ≥ 0 and e / (1 + e) for x &lt; 0, with e = e^(−|x|). */
    static double logistic(double x) {
        double e = exp(-Math.abs(x));
        return (x >= 0 ? 1 : e) / (1 + e);
    }
}
