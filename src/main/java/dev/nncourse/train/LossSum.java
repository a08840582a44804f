package dev.nncourse.train;

/**
 * The epoch's loss, the mean of its per-sample losses, kept finite: each minibatch's sum Σ_i L_i is added scaled by
 * 2^−{@value #SCALE} (exact, and no sum of fewer than 2³¹ terms can overflow then), and the mean is scaled back. The
 * mean of finite losses is so always finite, with the bits of the plain mean wherever that is finite.
 */
final class LossSum {
    /** The power of two by which losses are scaled down before they are summed. */
    static final int SCALE = 32;

    private double scaled;

    /** Adds a minibatch's Σ_i L_i, given already scaled by {@link #scaled}. */
    void add(double scaledTotal) { scaled += scaledTotal; }

    /** The mean over n samples of everything added. */
    double mean(int n) { return Math.scalb(scaled / n, SCALE); }

    /** x · 2^−{@value #SCALE}. */
    static double scaled(double x) { return Math.scalb(x, -SCALE); }

    /** x · 2^{@value #SCALE}: the inverse of {@link #scaled}. */
    static double unscaled(double x) { return Math.scalb(x, SCALE); }
}
