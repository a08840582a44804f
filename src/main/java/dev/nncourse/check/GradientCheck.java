package dev.nncourse.check;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Layer;
import dev.nncourse.nn.Dropout;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares the gradients of backpropagation with centred finite differences of the cost J = (1/m) Σ_i L(y_i, t_i),
 * norm-wise and entry by entry. The per-entry error judges an entry smaller than {@link NumericGradient#FLOOR}·max(1, |J|)
 * against that floor: the rounding error of a centred difference grows with |J|.
 */
public final class GradientCheck {
    private GradientCheck() {}

    /** Checks every parameter of {@code net} on inputs X and targets T, with step {@link NumericGradient#H}. */
    public static GradientReport of(Network net, Loss loss, Matrix x, Matrix t) {
        return of(net, loss, x, t, NumericGradient.H);
    }

    /** Checks every parameter of {@code net}: analytic ∂J/∂θ from one backward pass against (J(θ+h) − J(θ−h)) / 2h. */
    public static GradientReport of(Network net, Loss loss, Matrix x, Matrix t, double h) {
        requireGiven("GradientCheck.of", net, loss, x, t);
        Matrix y = net.forward(x);
        double floor = floor(loss.cost(y, t));
        net.backward(loss.gradient(y, t));
        List<GradientReport.Row> rows = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            Matrix analytic = p.grad().copy();
            Matrix numeric;
            try {
                numeric = NumericGradient.of(() -> loss.cost(net.forward(x), t), p.value(), h);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("GradientCheck.of, parameter " + net.nameOf(p) + ": " + e.getMessage(), e);
            }
            rows.add(row(net.nameOf(p), analytic, numeric, floor));
        }
        return new GradientReport(rows);
    }

    private static void requireGiven(String op, Object net, Loss loss, Matrix x, Matrix t) {
        if (net == null || loss == null || x == null || t == null) {
            throw new IllegalArgumentException(op + ": expected a network, a loss, inputs X and targets T, got " + net + ", "
                    + loss + ", " + (x == null ? "null" : x.shape()) + " and " + (t == null ? "null" : t.shape()));
        }
        if (loss.samplesInColumns()) {
            throw new IllegalArgumentException(op + ": the loss " + loss.name() + " takes one sample per column, but a "
                    + "network holds one sample per row; pass the loss for rows, " + loss.byRows().name() + " (loss.byRows())");
        }
        if (net instanceof Network n
                && n.allLayers().stream().anyMatch(l -> l instanceof Dropout d && d.isTraining() && d.p() > 0)) {
            throw new IllegalArgumentException(op + ": the network has a Dropout layer in training mode, which draws a new "
                    + "mask at every forward pass, so the finite differences would compare different functions; call "
                    + "net.setTraining(false) first (dropout is then the identity)");
        }
    }

    /** Checks one layer on its own, as a one-layer network. */
    public static GradientReport of(Layer layer, Loss loss, Matrix x, Matrix t) {
        requireGiven("GradientCheck.of", layer, loss, x, t);
        return of(Network.of(layer), loss, x, t);
    }

    /**
     * Checks the gradient that the network sends back to its input, ∂L/∂X, against finite differences of the total
     * loss Σ_i L(y_i, t_i) (row i of ∂L/∂X is ∂L_i/∂x_i, not divided by m).
     */
    public static GradientReport input(Network net, Loss loss, Matrix x, Matrix t) {
        requireGiven("GradientCheck.input", net, loss, x, t);
        Matrix y = net.forward(x);
        double floor = floor(loss.total(y, t));
        Matrix analytic = net.backward(loss.gradient(y, t));
        Matrix probe = x.copy();
        Matrix numeric = NumericGradient.of(() -> loss.total(net.forward(probe), t), probe, NumericGradient.H);
        return new GradientReport(List.of(row("input X", analytic, numeric, floor)));
    }

    /** The per-entry floor for an objective of value j: {@link NumericGradient#FLOOR} · max(1, |j|). */
    static double floor(double j) {
        return NumericGradient.FLOOR * (Double.isFinite(j) ? Math.max(1, Math.abs(j)) : 1);
    }

    private static GradientReport.Row row(String name, Matrix analytic, Matrix numeric, double floor) {
        int worst = NumericGradient.worstEntry(analytic, numeric, floor);
        return new GradientReport.Row(name, analytic.shape(), analytic.maxAbsDiff(numeric),
                NumericGradient.relativeError(analytic, numeric), NumericGradient.entryRelativeError(analytic, numeric, floor),
                NumericGradient.describeEntry(analytic, numeric, worst));
    }
}
