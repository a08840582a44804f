package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import java.util.List;

/**
 * Batch normalisation (Ioffe and Szegedy, 2015) of every column of a minibatch X (m×d), one sample per row. In training
 * mode, with the minibatch's mean μ_j and variance σ²_j of column j:
 * <pre>
 *   x̂_ij = (x_ij − μ_j) / √(σ²_j + ε)        y_ij = γ_j x̂_ij + β_j
 * </pre>
 * and the running averages of μ and σ² move towards the minibatch's, μ̄ ← (1 − r) μ̄ + r μ with r = {@link #MOMENTUM}.
 * In evaluation mode the running averages stand in for μ and σ², so a prediction does not depend on the other samples.
 *
 * <p>Backward (training mode): every x̂_ij depends on the whole column through μ_j and σ_j, and the chain rule through
 * both gives, with D = G ⊙ γ (row by row) and s = 1/√(σ² + ε),
 * <pre>
 *   ∂L/∂x_ij = s_j (D_ij − (1/m) Σ_k D_kj − x̂_ij (1/m) Σ_k D_kj x̂_kj)
 *   ∂J/∂γ_j = (1/m) Σ_i G_ij x̂_ij        ∂J/∂β_j = (1/m) Σ_i G_ij
 * </pre>
 * The first line is m times ∂J/∂x, the per-sample convention of {@link Layer}. A minibatch of one sample has variance 0
 * and x̂ = 0 whatever x is, so training mode refuses it.
 */
public final class BatchNorm extends Layer implements Sized {
    /** ε added to σ² before the square root. */
    public static final double EPS = 1e-5;
    /** The weight r of a new minibatch in the running averages. */
    public static final double MOMENTUM = 0.1;

    private final int features;
    private final Parameter gamma, beta;
    private final List<Parameter> parameters;
    private final Matrix runningMean, runningVar;
    private Matrix xHat, scale;   // caches of the last forward pass in training mode (scale: 1/√(σ² + ε), 1×d)
    private ForwardStamp stamp;

    /** Batch normalisation of {@code features} columns: γ = 1, β = 0, running mean 0 and variance 1. */
    public BatchNorm(int features) {
        this.features = Require.positiveCount("BatchNorm", "the number of features", features);
        this.gamma = new Parameter("gamma", Matrix.filled(1, features, 1));
        this.beta = new Parameter("beta", Matrix.zeros(1, features));
        this.parameters = List.of(gamma, beta);
        this.runningMean = Matrix.zeros(1, features);
        this.runningVar = Matrix.filled(1, features, 1);
    }

    /** Training: normalised by the minibatch's statistics, which update the running averages. Evaluation: by those. */
    @Override
    public Matrix forward(Matrix input) {
        requireInput("forward", input);
        if (!isTraining()) {
            xHat = normalise(input, runningMean, runningVar);
            scale = invStd(runningVar);
        } else {
            if (input.rows() < 2) {
                throw new IllegalArgumentException("BatchNorm.forward: a minibatch of " + input.rows() + " sample in "
                        + "training mode has variance 0, so every x̂ would be 0 whatever x is; use minibatches of at least "
                        + "2 samples, or evaluation mode (setTraining(false)) to use the running averages");
            }
            Matrix mean = input.columnMeans();
            Matrix centred = input.plusRow(mean.scale(-1));
            Matrix var = centred.hadamard(centred).columnMeans();
            xHat = normalise(input, mean, var);
            scale = invStd(var);
            runningMean.setTo(runningMean.scale(1 - MOMENTUM).plus(mean.scale(MOMENTUM)));
            runningVar.setTo(runningVar.scale(1 - MOMENTUM).plus(var.scale(MOMENTUM)));
        }
        Matrix y = affine(xHat);
        stamp = ForwardStamp.of(input, y, parameters);
        return y;
    }

    /** y = γ x̂ + β with the running averages, caching nothing. */
    @Override
    public Matrix predict(Matrix input) {
        requireInput("predict", input);
        return affine(normalise(input, runningMean, runningVar));
    }

    /** ∂J/∂γ, ∂J/∂β and ∂L/∂X as the class comment derives them (in evaluation mode, the affine map's). */
    @Override
    public Matrix backward(Matrix gradOutput) {
        ForwardStamp.requireBackward(stamp, "BatchNorm.backward", gradOutput);
        int m = gradOutput.rows();
        gamma.setGrad(gradOutput.hadamard(xHat).columnMeans());                       // (1/m) Σ_i G ⊙ x̂
        beta.setGrad(gradOutput.columnMeans());                                        // (1/m) Σ_i G
        Matrix d = gradOutput.hadamard(rows(gamma.value(), m));                       // D = G ⊙ γ
        if (!isTraining()) return d.hadamard(rows(scale, m));                          // statistics fixed: s·D
        Matrix meanD = d.columnMeans(), meanDxHat = d.hadamard(xHat).columnMeans();
        Matrix inner = d.plusRow(meanD.scale(-1)).minus(xHat.hadamard(rows(meanDxHat, m)));
        return inner.hadamard(rows(scale, m));                                           // s (D − mean D − x̂ mean(D x̂))
    }

    private Matrix normalise(Matrix x, Matrix mean, Matrix var) {
        return x.plusRow(mean.scale(-1)).hadamard(rows(invStd(var), x.rows()));
    }

    private static Matrix invStd(Matrix var) { return var.map(v -> 1 / Math.sqrt(v + EPS)); }

    private Matrix affine(Matrix xh) { return xh.hadamard(rows(gamma.value(), xh.rows())).plusRow(beta.value()); }

    /** The 1×d row repeated m times. */
    private static Matrix rows(Matrix row, int m) { return Matrix.zeros(m, row.cols()).plusRow(row); }

    private void requireInput(String op, Matrix input) {
        if (Require.given("BatchNorm." + op, "an input matrix X", input).cols() != features) {
            throw new IllegalArgumentException("BatchNorm." + op + ": input " + input.shape() + " has " + input.cols()
                    + " columns, expected " + features + " features (one sample per row)");
        }
    }

    @Override
    public List<Parameter> parameters() { return parameters; }

    @Override
    ForwardStamp stamp() { return stamp; }

    /** The running averages as they are now; the snapshot puts them back. */
    @Override
    Network.Snapshot state() {
        Matrix mean = runningMean.copy(), var = runningVar.copy();
        return () -> {
            runningMean.setTo(mean);
            runningVar.setTo(var);
        };
    }

    @Override public int inputs() { return features; }

    @Override public int outputs() { return features; }

    /** A copy of the running mean μ̄ (1×d). */
    public Matrix runningMean() { return runningMean.copy(); }

    /** A copy of the running variance σ̄² (1×d). */
    public Matrix runningVariance() { return runningVar.copy(); }

    /** Sets the running averages, as a model file loads them. */
    public void setRunning(Matrix mean, Matrix variance) {
        Require.finite("BatchNorm.setRunning: mean", Require.sameShape("BatchNorm.setRunning: mean", runningMean, mean));
        Require.finite("BatchNorm.setRunning: variance", Require.sameShape("BatchNorm.setRunning: variance", runningVar, variance));
        for (int j = 0; j < features; j++) {
            Require.that(variance.at(j) >= 0, "BatchNorm.setRunning", "the variance", "≥ 0 in every column", variance.at(j));
        }
        runningMean.setTo(mean);
        runningVar.setTo(variance);
    }

    public Matrix gamma() { return gamma.value(); }

    public Matrix beta() { return beta.value(); }

    @Override
    public String toString() { return "BatchNorm(" + features + ")"; }
}
