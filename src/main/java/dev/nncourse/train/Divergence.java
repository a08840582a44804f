package dev.nncourse.train;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Dropout;
import dev.nncourse.nn.Layer;
import dev.nncourse.nn.LogLoss;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import java.util.List;

/**
 * The trainer's watch for divergence during one run of {@link Trainer#fit}. Training has diverged when, in some
 * minibatch,
 * <ul>
 *   <li>a parameter is NaN or ±∞ after an update: a dense layer's shows in the next forward pass, as a NaN or ±∞
 *       pre-activation (x·(±∞) is ±∞ or NaN for any x, and no sum leaves NaN or ±∞ again), so that check costs a look
 *       at the pre-activations, not a pass over every weight; any other layer's parameters are checked directly;
 *   <li>a per-sample loss is NaN or ±∞;
 *   <li>a loss of predicted probabilities has a prediction saturated on the wrong side of its label, a probability
 *       below 1e-12 for it ({@link Loss#firstSaturatedRow}): stuck at log loss's clipping ceiling, or, on logits,
 *       confidently wrong in a way only far too large steps produce. This catches a run whose weights grow out of all
 *       proportion while its loss stays finite. On logits the margin grows with the input (a network's logits grow in
 *       proportion to it), so a sample whose largest |input| is k &gt; 1 is allowed k times the margin. With dropout
 *       active, a saturated minibatch is judged again on the network without its noise ({@link Network#predict}).
 * </ul>
 * {@link DivergenceCause} words the message; why these thresholds: docs/divergence.md.
 */
final class Divergence {
    /** −log(1e-12) ≈ 27.63: the loss of a label given probability {@link LogLoss#EPS}. */
    private static final double CEILING = -Math.log(LogLoss.EPS);

    private final Network net;
    private final Loss loss;
    private final List<Parameter> params;
    private final DivergenceCause cause;
    private final List<Matrix> start;   // the parameters when the run began
    private double lastFinite = Double.NaN;
    private int epoch, batch;

    /**
     * A watch for one run; {@code start} receives a copy of the parameters as they are now (matrices of a run before
     * are written over: a trainer keeps them from run to run).
     */
    Divergence(Network net, Loss loss, DivergenceCause cause, List<Matrix> start) {
        this.net = net;
        this.loss = loss;
        this.params = net.parameters();
        if (start.size() != params.size()) {
            start.clear();
            for (Parameter p : params) start.add(p.value().copy());
        }
        for (int i = 0; i < params.size(); i++) start.get(i).setTo(params.get(i).value());
        this.start = start;
        this.cause = cause;
    }

    /**
     * After the forward pass of minibatch {@code batch} (rows order[from], order[from + 1], … of the data: inputs X,
     * targets T, outputs Y):
     * the pre-activations and the per-sample losses must be finite and no prediction saturated. Returns the minibatch's
     * Σ_i L_i scaled as {@link LossSum} adds it.
     */
    double forward(int epoch, int batch, Matrix x, Matrix t, int[] order, int from, Matrix y) {
        this.epoch = epoch;
        this.batch = batch;
        checkPreActivations(x);
        double scaled = scaledLoss(x, t, order, from, y);
        int s = saturatedRow(x, t, y);
        if (s >= 0 && dropoutActive()) {   // judge the network, not one draw of its dropout noise
            y = net.predict(x);
            s = saturatedRow(x, t, y);
        }
        if (s >= 0) {
            throw cause.diverged(epoch, batch, cause.saturated(y.getRow(s), t.getRow(s), order[from + s]), whyAtAll(x), lastFinite);
        }
        lastFinite = LossSum.unscaled(scaled / y.rows());
        return scaled;
    }

    /**
     * Whether an update has changed the network in this run: a parameter differs from what it was when the run began.
     * (Not every step is an update: full-batch gradient descent changes the parameters only at the end of an epoch.)
     */
    private boolean updated() {
        for (int i = 0; i < params.size(); i++) if (!params.get(i).value().equals(start.get(i))) return true;
        return false;
    }

    /** Every parameter must be finite; {@code batch} is the minibatch whose update left them, −1 for the epoch's end. */
    void checkParameters(int epoch, int batch) {
        for (Parameter p : params) {
            if (p.value().isFinite()) continue;
            String what = "parameter " + net.nameOf(p) + (updated() ? " became NaN or infinite" : " is NaN or infinite before any update");
            String why = updated() ? cause.learningRate() : "The network was given non-finite parameters; set them to finite numbers.";
            throw cause.diverged(epoch, batch, what, why, lastFinite);
        }
    }

    /** The pre-activations A_l of every dense layer must be finite, and every other layer's parameters. */
    private void checkPreActivations(Matrix x) {
        int l = 0;
        for (Layer layer : net.allLayers()) {
            if (layer.parameters().isEmpty()) continue;
            l++;
            boolean finite = layer instanceof Dense d ? d.preActivation().isFinite() : allFinite(layer.parameters());
            if (finite) continue;
            checkParameters(epoch, updated() ? batch - 1 : batch);   // a non-finite parameter is the first cause
            throw cause.diverged(epoch, batch, "the pre-activations of layer " + l + " overflowed to NaN or ±∞ in the "
                    + "forward pass", whyAtAll(x), lastFinite);
        }
    }

    private static boolean allFinite(List<Parameter> ps) {
        for (Parameter p : ps) if (!p.value().isFinite()) return false;
        return true;
    }

    /** Σ_i L_i of the minibatch, scaled; throws naming the first sample whose loss is not finite. */
    private double scaledLoss(Matrix x, Matrix t, int[] order, int from, Matrix y) {
        double total = loss.total(y, t);
        if (Double.isFinite(total)) return LossSum.scaled(total);
        Matrix each = loss.perSample(y, t);
        double scaled = 0;
        for (int i = 0; i < each.rows(); i++) {
            double l = each.at(i);
            if (!Double.isFinite(l)) {
                String why = updated() ? cause.learningRate() : cause.lossOverflow(x, t, y.getRow(i), t.getRow(i));
                throw cause.diverged(epoch, batch, "the loss became " + l + " for sample " + order[from + i] + " (output "
                        + DivergenceCause.describe(y.getRow(i)) + ", target " + DivergenceCause.describe(t.getRow(i)) + ")",
                        why, lastFinite);
            }
            scaled += LossSum.scaled(l);
        }
        return scaled;
    }

    /**
     * The first row of outputs Y saturated against its label ({@link Loss#firstSaturatedRow}); for a loss on logits,
     * only if its loss also exceeds −log(1e-12) · max(1, max_j |x_ij|), the margin scaled by the size of its input; −1
     * if there is none.
     */
    private int saturatedRow(Matrix x, Matrix t, Matrix y) {
        int s = loss.firstSaturatedRow(y, t);
        if (s < 0 || !loss.takesLogits()) return s;
        Matrix each = loss.perSample(y, t);
        for (int i = s; i < y.rows(); i++) if (each.at(i) > CEILING * Math.max(1, x.getRow(i).maxAbs())) return i;
        return -1;
    }

    /** Whether a dropout layer drops entries in this forward pass. */
    private boolean dropoutActive() {
        for (Layer l : net.allLayers()) if (l instanceof Dropout d && d.isTraining() && d.p() > 0) return true;
        return false;
    }

    /** The cause: the learning rate after an update, else the data or the initial parameters. */
    private String whyAtAll(Matrix x) { return updated() ? cause.learningRate() : cause.dataOrStart(x); }
}
