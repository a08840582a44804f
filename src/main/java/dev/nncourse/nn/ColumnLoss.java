package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;

/**
 * A loss for data with one sample per COLUMN, as sources 001 and 002 hold it: the row loss it wraps, applied to the
 * transposes. For predictions Y and targets T of shape k×m (k outputs, m samples):
 * <pre>
 *   perSample(Y, T) = the 1×m row of L(y_i, t_i), one per column
 *   cost(Y, T)      = (1/m) Σ_i L(y_i, t_i)        source 001's 1/m * np.sum(logloss(y, A))
 *   gradient(Y, T)  = k×m, column i is ∂L(y_i, t_i)/∂y_i, not divided by m    source 001's d_logloss(y, A)
 * </pre>
 * A row loss given a k×m matrix would take it for k samples of m outputs each: its cost of a 1×4 row of four samples
 * is the sum of their losses, not the mean. Made by {@link Loss#byColumns()}.
 */
final class ColumnLoss implements Loss {
    private final Loss rows;

    ColumnLoss(Loss rows) {
        if (rows == null) throw new IllegalArgumentException("byColumns: expected a loss, got null");
        this.rows = rows;
    }

    /** The 1×m row of per-sample losses, column i's loss L(y_i, t_i) in entry i. */
    @Override
    public Matrix perSample(Matrix y, Matrix t) {
        requireGiven("perSample", y, t);
        return rows.perSample(y.transpose(), t.transpose()).transpose();
    }

    /** The k×m matrix whose column i is ∂L(y_i, t_i)/∂y_i. */
    @Override
    public Matrix gradient(Matrix y, Matrix t) {
        requireGiven("gradient", y, t);
        return rows.gradient(y.transpose(), t.transpose()).transpose();
    }

    private void requireGiven(String op, Matrix y, Matrix t) {
        if (y == null || t == null) {
            throw new IllegalArgumentException(name() + "." + op + ": expected predictions and targets (one sample per "
                    + "column), got " + (y == null ? "null" : y.shape()) + " and " + (t == null ? "null" : t.shape()));
        }
        Loss.requireSameShape(name(), y, t);
    }

    /** The first column (sample) stuck at the row loss's clipping ceiling, or −1. */
    @Override
    public int firstSaturatedRow(Matrix y, Matrix t) { return rows.firstSaturatedRow(y.transpose(), t.transpose()); }

    @Override public boolean samplesInColumns() { return true; }

    @Override public boolean takesLogits() { return rows.takesLogits(); }

    @Override public String whenSaturated() { return rows.whenSaturated(); }

    /** This loss itself: it already takes one sample per column. */
    @Override public Loss byColumns() { return this; }

    /** The loss for one sample per row that this one transposes. */
    @Override public Loss byRows() { return rows; }

    @Override public String name() { return rows.name() + " by columns"; }

    @Override public String toString() { return rows + ", one sample per column"; }
}
