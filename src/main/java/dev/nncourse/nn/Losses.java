package dev.nncourse.nn;

/** The losses of the source documents, and binary cross-entropy on logits. */
public final class Losses {
    private Losses() {}

    /** ½ (y − t)ᵀ(y − t) per sample (source 002). */
    public static final Loss MSE = SquaredError.INSTANCE;

    /** −(y log a + (1 − y) log(1 − a)) per sample (source 001), for the output a of a sigmoid layer; clipped. */
    public static final Loss LOG_LOSS = LogLoss.INSTANCE;

    /**
     * The same binary cross-entropy computed from the logit z of an identity output layer, max(z, 0) − z·y +
     * log(1 + e^(−|z|)), with gradient σ(z) − y: what to train a sigmoid classifier with (see {@link SigmoidCrossEntropy}).
     */
    public static final Loss SIGMOID_CROSS_ENTROPY = SigmoidCrossEntropy.INSTANCE;

    /** Softmax with cross-entropy on the logits z of an identity output layer: log Σ_k e^(z_k) − Σ_j y_j z_j per sample. */
    public static final Loss SOFTMAX_CROSS_ENTROPY = SoftmaxCrossEntropy.INSTANCE;

    /** The losses for one output column per target (softmax cross-entropy, which needs one-hot rows, is not one of them). */
    public static final java.util.List<Loss> ALL = java.util.List.of(MSE, LOG_LOSS, SIGMOID_CROSS_ENTROPY);
}
