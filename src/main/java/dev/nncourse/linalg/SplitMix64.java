package dev.nncourse.linalg;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014), the generator of dropout's masks: its j-th output is its state
 * seed + j·γ (mod 2⁶⁴), γ the golden ratio in 64 bits, mixed by two xor-shift-multiplies. An output depends only on
 * the seed and j, so a stream can be drawn in any order, in SIMD lanes or by several threads, with the same bits.
 */
final class SplitMix64 {
    private SplitMix64() {}

    static final long GAMMA = 0x9E3779B97F4A7C15L;
    static final long MIX1 = 0xBF58476D1CE4E5B9L;
    static final long MIX2 = 0x94D049BB133111EBL;

    /** The j-th output (j = 1, 2, …) of the generator started at {@code seed}. */
    static long bits(long seed, long j) {
        long z = seed + j * GAMMA;
        z = (z ^ (z >>> 30)) * MIX1;
        z = (z ^ (z >>> 27)) * MIX2;
        return z ^ (z >>> 31);
    }
}
