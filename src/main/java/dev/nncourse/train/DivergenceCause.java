package dev.nncourse.train;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Optimizer;
import java.util.List;

/**
 * The words of a divergence: where it happened, what went wrong, and its likely cause. Before any update has changed
 * the network, it cannot be the learning rate: it is the inputs, the targets, or the initial parameters, whichever is
 * out of scale. After an update, it is the learning rate.
 */
final class DivergenceCause {
    private final Loss loss;
    private final Optimizer optimizer;
    private final List<Parameter> params;
    private final History history;

    DivergenceCause(Loss loss, Optimizer optimizer, List<Parameter> params, History history) {
        this.loss = loss;
        this.optimizer = optimizer;
        this.params = params;
        this.history = history;
    }

    /** The exception: where ({@code batch} −1 for the update at the end of the epoch), what, the last loss and the cause. */
    TrainingDivergedException diverged(int epoch, int batch, String what, String cause, double lastFinite) {
        String where = batch > 0 ? "epoch " + epoch + ", batch " + batch : "the update at the end of epoch " + epoch;
        String last = Double.isNaN(lastFinite) ? "no finite loss yet" : "last finite loss " + lastFinite;
        return new TrainingDivergedException("training diverged in " + where + ": " + what + " (" + last + "). " + cause,
                history);
    }

    /** After an update: the learning rate. */
    String learningRate() { return "Try a smaller learning rate than " + optimizer.name() + "."; }

    /** Before any update: the inputs if they are larger than every parameter, else the initial parameters. */
    String dataOrStart(Matrix x) {
        double xMax = x.maxAbs(), pMax = largestParameter();
        if (xMax >= pMax) {
            return "Nothing has been updated yet, so it is not the learning rate: the inputs are too large for the network "
                    + "(largest |input| in this minibatch " + xMax + "). Scale them, e.g. standardise each column to mean 0 "
                    + "and variance 1.";
        }
        return "Nothing has been updated yet, so it is not the learning rate: the network's parameters at the start of "
                + "training are too large (largest |parameter| " + pMax + ", largest |input| " + xMax + "). Initialise "
                + "them again, e.g. with Initializers.XAVIER_GAUSSIAN.";
    }

    /** Before any update, the loss of output y and target t overflowed: the targets if they are the larger, else as above. */
    String lossOverflow(Matrix x, Matrix targets, Matrix y, Matrix t) {
        if (t.maxAbs() >= y.maxAbs()) {
            return "Nothing has been updated yet, so it is not the learning rate: the targets are too large for "
                    + loss.name() + " (largest |target| in this minibatch " + targets.maxAbs() + "). Scale them, e.g. "
                    + "standardise each column to mean 0 and variance 1.";
        }
        return dataOrStart(x);
    }

    /** What a prediction y saturated against its label t is, in this loss's words. */
    String saturated(Matrix y, Matrix t, int sample) {
        return "sample " + sample + (loss.takesLogits() ? " has logits " : " is predicted ") + describe(y) + " for label "
                + describe(t) + ", a probability below 1e-12 for its label: " + loss.whenSaturated() + " (its "
                + loss.name() + " loss is " + loss.total(y, t) + ")";
    }

    private double largestParameter() {
        double m = 0;
        for (Parameter p : params) m = Math.max(m, p.value().maxAbs());
        return m;
    }

    static String describe(Matrix row) {
        return row.size() == 1 ? String.valueOf(row.at(0)) : java.util.Arrays.toString(row.toFlatArray());
    }
}
