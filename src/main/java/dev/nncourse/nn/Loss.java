package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;

/**
 * A loss L(y, t) between a prediction y and a target t, one sample per row ({@link #byColumns()} for one sample per
 * column).
 *
 * <p>For a minibatch of m rows the course minimises the cost J = (1/m) Σ_i L(y_i, t_i) ({@link #cost}).
 * {@link #gradient} returns the per-sample gradients ∂L(y_i, t_i)/∂y_i, one per row, <em>not</em> divided by m:
 * the layers average over the minibatch themselves, as source 000 does, so together they give ∂J/∂W.
 */
public interface Loss {
    /** The m×1 column of per-sample losses L(y_i, t_i). */
    Matrix perSample(Matrix y, Matrix t);

    /** The m×k matrix whose row i is ∂L(y_i, t_i)/∂y_i. */
    Matrix gradient(Matrix y, Matrix t);

    /**
     * {@link #gradient(Matrix, Matrix)} written into an existing m×k matrix G, for a training loop that keeps G from
     * step to step; returns G. The same bits.
     */
    default Matrix gradient(Matrix y, Matrix t, Matrix into) {
        Matrix g = gradient(y, t);
        return Require.sameShape(name() + ": the gradient", g, into).setTo(g);
    }

    /** A short name such as {@code "mse"}. */
    String name();

    /** The cost J = (1/m) Σ_i L(y_i, t_i), the mean over the batch; finite whenever every L(y_i, t_i) is. */
    default double cost(Matrix y, Matrix t) { return perSample(y, t).mean(); }

    /** The total Σ_i L(y_i, t_i), the sum over the batch (∞ only if the exact sum exceeds the double range). */
    default double total(Matrix y, Matrix t) { return perSample(y, t).sum(); }

    /**
     * For a loss of predicted probabilities: the first row i in which the prediction gives the label's side a
     * probability below {@link LogLoss#EPS} = 1e-12, odds of more than 10¹² against it; −1 if there is none. A healthy
     * run never gets there: such a sample is stuck at {@link LogLoss}'s clipping ceiling, where its gradient is 0, and
     * a logit beyond ±27.6 on the wrong side only comes from steps far too large (or inputs far too large), so the
     * trainer reports it as divergence. Other losses have no such limit and return −1.
     */
    default int firstSaturatedRow(Matrix y, Matrix t) { return -1; }

    /**
     * Whether the predictions this loss takes are logits, scores whose sigmoid or softmax gives the probabilities, rather
     * than probabilities. A network's logits grow with its input, so the trainer allows a saturated logit more margin
     * on a large input (see {@code Divergence}).
     */
    default boolean takesLogits() { return false; }

    /** What a prediction saturated against its label means for this loss, in the words of the trainer's message. */
    default String whenSaturated() { return "odds of 10¹² against it, which no healthy run reaches"; }

    /**
     * The same loss for data with one sample per COLUMN (sources 001 and 002): predictions and targets k×m, the cost
     * the mean over the m columns, the gradient k×m. A loss for rows given a 1×m row would take it for one sample with m
     * outputs and return the sum of the m losses as its "cost"; this one returns their mean.
     */
    default Loss byColumns() { return new ColumnLoss(this); }

    /** The loss for one sample per row: this loss itself, unless it was made by {@link #byColumns()}. */
    default Loss byRows() { return this; }

    /** True for a loss made by {@link #byColumns()}, which takes one sample per column. */
    default boolean samplesInColumns() { return false; }

    /** Throws unless prediction and target have the same shape. */
    static void requireSameShape(String loss, Matrix y, Matrix t) {
        if (y != null && t != null && y.rows() == t.rows() && y.cols() == t.cols()) return;
        Require.sameShape(loss + ": prediction " + Require.given(loss, "a prediction", y).shape() + " and target", y,
                Require.given(loss, "a target", t));
    }
}
