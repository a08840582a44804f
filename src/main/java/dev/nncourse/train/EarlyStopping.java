package dev.nncourse.train;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Optimizer;
import java.util.List;

/**
 * Early stopping on the validation loss, for one run of {@link Trainer#fit}: after each epoch, a validation loss below
 * the best so far makes that epoch the best one, and a copy is taken of the parameters and of the optimizer's state
 * ({@link Optimizer#snapshot}); after {@code patience} epochs in a row without such an improvement, training stops.
 * {@link #restore} puts the best epoch's parameters back, bit for bit, together with the optimizer's state of then.
 */
final class EarlyStopping {
    private final int patience;
    private final List<Parameter> params;
    private final Optimizer optimizer;
    private double best = Double.POSITIVE_INFINITY;
    private int waited;
    private List<Matrix> bestValues;
    private Runnable bestState;

    EarlyStopping(int patience, List<Parameter> params, Optimizer optimizer) {
        this.patience = patience;
        this.params = params;
        this.optimizer = optimizer;
    }

    /** Takes the validation loss of the epoch just completed; returns whether to stop (patience used up). */
    boolean stopAfter(double validationLoss) {
        if (validationLoss < best) {
            best = validationLoss;
            waited = 0;
            bestValues = params.stream().map(p -> p.value().copy()).toList();
            bestState = optimizer.snapshot();
            return false;
        }
        return ++waited >= patience;
    }

    /** The parameters and optimizer state of the best epoch, put back; nothing if no epoch has been recorded. */
    void restore() {
        if (bestValues == null) return;
        for (int i = 0; i < params.size(); i++) params.get(i).value().setTo(bestValues.get(i));
        bestState.run();
    }
}
