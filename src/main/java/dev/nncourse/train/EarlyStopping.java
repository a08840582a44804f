package dev.nncourse.train;

import dev.nncourse.nn.Network;
import dev.nncourse.optim.Optimizer;

/**
 * Early stopping on the validation loss, for one run of {@link Trainer#fit}: after each epoch, a validation loss below
 * the best so far makes that epoch the best one, and the network's state (its parameters and its dropout generators,
 * {@link Network#snapshot}) and the optimizer's ({@link Optimizer#snapshot}) are copied; after {@code patience} epochs
 * in a row without such an improvement, training stops. {@link #restore} puts both back, bit for bit, as they were at
 * the end of the best epoch.
 */
final class EarlyStopping {
    private final int patience;
    private final Network net;
    private final Optimizer optimizer;
    private double best = Double.POSITIVE_INFINITY;
    private int waited;
    private Network.Snapshot bestNetwork;
    private Optimizer.Snapshot bestOptimizer;

    EarlyStopping(int patience, Network net, Optimizer optimizer) {
        this.patience = patience;
        this.net = net;
        this.optimizer = optimizer;
    }

    /** Takes the validation loss of the epoch just completed; returns whether to stop (patience used up). */
    boolean stopAfter(double validationLoss) {
        if (validationLoss < best) {
            best = validationLoss;
            waited = 0;
            bestNetwork = net.snapshot();
            bestOptimizer = optimizer.snapshot();
            return false;
        }
        return ++waited >= patience;
    }

    /** The network and optimizer state of the best epoch, put back; nothing if no epoch has improved on +∞. */
    void restore() {
        if (bestNetwork == null) return;
        bestNetwork.restore();
        bestOptimizer.restore();
    }
}
