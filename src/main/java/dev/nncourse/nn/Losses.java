package dev.nncourse.nn;

/** The losses of the source documents. */
public final class Losses {
    private Losses() {}

    /** ½ (y − t)ᵀ(y − t) per sample (seed 002). */
    public static final Loss MSE = SquaredError.INSTANCE;

    /** −(y log a + (1 − y) log(1 − a)) per sample (seed 001). */
    public static final Loss LOG_LOSS = LogLoss.INSTANCE;

    public static final java.util.List<Loss> ALL = java.util.List.of(MSE, LOG_LOSS);
}
