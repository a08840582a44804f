package dev.nncourse.nn;

/** The losses of the source documents. */
public final class Losses {
    private Losses() {}

    /** ½ (y − t)ᵀ(y − t) per sample (seed 002). */
    public static final Loss MSE = SquaredError.INSTANCE;

    /** −(y log a + (1 − y) log(1 − a)) per sample (seed 001). */
    public static final Loss LOG_LOSS = LogLoss.INSTANCE;

    /** Softmax with cross-entropy on the logits z of an identity output layer: log Σ_k e^(z_k) − Σ_j y_j z_j per sample. */
    public static final Loss SOFTMAX_CROSS_ENTROPY = SoftmaxCrossEntropy.INSTANCE;

    /** The losses of the source documents (softmax cross-entropy, which needs one-hot targets, is not one of them). */
    public static final java.util.List<Loss> ALL = java.util.List.of(MSE, LOG_LOSS);
}
