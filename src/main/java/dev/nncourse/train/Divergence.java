package dev.nncourse.train;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Dropout;
import dev.nncourse.nn.LogLoss;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.nn.SigmoidCrossEntropy;
import dev.nncourse.nn.SoftmaxCrossEntropy;
import dev.nncourse.optim.Optimizer;
import java.util.List;

/**
 * The trainer's watch for divergence during one run of {@link Trainer#fit}, and its diagnosis. Training has diverged
 * when, in some minibatch,
 * <ul>
 *   <li>a pre-activation of the forward pass is NaN or ±∞ (which is also how a non-finite parameter shows, see
 *       {@link #checkForward}), or a parameter is after the last update of the run;
 *   <li>a per-sample loss is NaN or ±∞;
 *   <li>a loss of predicted probabilities has a prediction saturated on the wrong side of its label, a probability
 *       below 1e-12 for it ({@link Loss#firstSaturatedRow}): stuck at log loss's clipping ceiling, or, on logits,
 *       confidently wrong in a way that only far too large steps produce. This is what catches a run whose weights
 *       grow out of all proportion while its loss stays finite.
 * </ul>
 * Why 1e-12: it is log loss's clipping margin {@link LogLoss#EPS}, below which that loss is flat and its gradient 0, so
 * both losses of probabilities share one threshold (a logit of ±27.63). Measured on XOR (2-3-1, tanh, seeds 1–3, batch
 * 4 and 1, 2000 epochs): learning rates up to 2 never come near it (the smallest probability any prediction gives its
 * label, over every training run of notebooks 00, 06 and 07 and of XorTest, is 6e-3, a logit margin of 5); learning
 * rates from 100 to 1e307 cross it within 4 epochs, with either loss, while their loss stays finite (on logits the
 * weights jump to about the learning rate and the loss to about 1e3 … 1e306). Rates of 5 and 10 sometimes cross it
 * and sometimes oscillate at a loss of 5–20 without crossing it: that is left to the loss curve.
 *
 * <p>On logits, the margin grows with the input: a network's logits grow in proportion to its input (exactly so for a
 * ReLU network without biases), so a sample whose largest |input| is k &gt; 1 is allowed k times the margin, a loss
 * up to 27.63·k. Inputs of at most 1, as XOR's, keep the threshold above. Real data needs it: on the digits, with
 * standardised pixels (a stroke that is rare in the training set lies up to 33 standard deviations out), a healthy
 * 64-128-10 ReLU network trained with Adam at 1e-3 gave such a sample a probability below 1e-12 in its first epoch,
 * in 6 runs out of 12 with dropout 0.2 (split seeds 1–12), while its loss fell as it should.
 *
 * <p>With dropout active, a saturated minibatch is judged again on the network without its noise
 * ({@link Network#predict}, which caches nothing and draws no mask, so training goes on with the same bits), and only
 * a prediction that is saturated there too counts.
 *
 * <p>The message names the real cause. Before any update has changed the network (the parameters' in-place change counts
 * are those of the start), it cannot be the learning rate: it is the inputs, the targets, or the initial parameters,
 * whichever is out of scale. After updates, it is the learning rate.
 *
 * <p>The epoch loss is a mean of finite per-sample losses, which is finite: per-sample losses are summed scaled by
 * 2^−{@value #SCALE} (exact, and no sum of fewer than 2³¹ terms can overflow then), and the mean is scaled back.
 */
final class Divergence {
    /** The power of two by which losses are scaled down before they are summed. */
    static final int SCALE = 32;

    private final Network net;
    private final Loss loss;
    private final Optimizer optimizer;
    private final History history;
    private final List<Parameter> params;
    private final long startVersion;
    private double lastFinite = Double.NaN;
    private int epoch, batch;
    private Matrix x, t;
    private int[] rows;

    Divergence(Network net, Loss loss, Optimizer optimizer, History history) {
        this.net = net;
        this.loss = loss;
        this.optimizer = optimizer;
        this.history = history;
        this.params = net.parameters();
        this.startVersion = version();
    }

    /** The minibatch about to be checked: rows {@code rows} of the data, inputs X and targets T. */
    void minibatch(int epoch, int batch, Matrix x, Matrix t, int[] rows) {
        this.epoch = epoch;
        this.batch = batch;
        this.x = x;
        this.t = t;
        this.rows = rows;
    }

    /**
     * After the forward pass: every pre-activation A_l = O_{l−1}·W_l + b_l must be finite. That also proves every weight
     * and bias finite: a NaN or ±∞ in W_l or b_l (or in O_{l−1}) would make a whole column (or row) of A_l NaN or ±∞,
     * since x·(±∞) is ±∞ or NaN for any x and no sum leaves NaN or ±∞ again. So the check of each update costs a look
     * at the few pre-activations of the next forward pass, not a pass over every parameter.
     */
    void checkForward() {
        List<Dense> layers = net.layers();
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l).preActivation().isFinite()) continue;
            checkParameters(epoch, updated() ? batch - 1 : batch);   // a non-finite parameter is the first cause
            throw diverged(batch, "the pre-activations of layer " + (l + 1) + " overflowed to NaN or ±∞ in the forward pass",
                    updated() ? learningRate() : dataOrStart());
        }
    }

    /**
     * The per-sample losses of the minibatch, with outputs Y, must be finite and not saturated; returns their sum scaled
     * by 2^−{@value #SCALE}, which has the bits of the plain sum scaled.
     */
    double scaledLoss(Matrix y) {
        double total = loss.total(y, t), scaled;
        if (Double.isFinite(total)) {
            scaled = Math.scalb(total, -SCALE);
        } else {
            Matrix each = loss.perSample(y, t);
            scaled = 0;
            for (int i = 0; i < each.rows(); i++) {
                double l = each.at(i);
                if (!Double.isFinite(l)) {
                    throw diverged(batch, "the loss became " + l + " for sample " + rows[i] + " (output " + describe(y.getRow(i))
                            + ", target " + describe(t.getRow(i)) + ")", updated() ? learningRate() : lossCause(y.getRow(i), t.getRow(i)));
                }
                scaled += Math.scalb(l, -SCALE);
            }
        }
        int s = saturatedRow(y);
        if (s >= 0 && dropoutActive()) {   // judge the network, not one draw of its dropout noise
            y = net.predict(x);
            s = saturatedRow(y);
        }
        if (s >= 0) throw saturated(y.getRow(s), t.getRow(s), rows[s]);
        lastFinite = Math.scalb(scaled / y.rows(), SCALE);
        return scaled;
    }

    /**
     * The first row of outputs Y saturated against its label ({@link Loss#firstSaturatedRow}); for a loss on logits,
     * only if its loss also exceeds −log(1e-12) · max(1, max_j |x_ij|), the margin scaled by the size of its input; −1
     * if there is none.
     */
    private int saturatedRow(Matrix y) {
        int s = loss.firstSaturatedRow(y, t);
        if (s < 0 || !(loss instanceof SigmoidCrossEntropy || loss instanceof SoftmaxCrossEntropy)) return s;
        Matrix each = loss.perSample(y, t);
        for (int i = s; i < y.rows(); i++) if (each.at(i) > CEILING * Math.max(1, x.getRow(i).maxAbs())) return i;
        return -1;
    }

    /** −log(1e-12) ≈ 27.63: the loss of a label given probability {@link LogLoss#EPS}. */
    private static final double CEILING = -Math.log(LogLoss.EPS);

    /** Whether a dropout layer drops entries in this forward pass. */
    private boolean dropoutActive() {
        return net.allLayers().stream().anyMatch(l -> l instanceof Dropout d && d.isTraining() && d.p() > 0);
    }

    /** Every parameter must be finite; {@code batch} is the minibatch whose update left them, −1 for the epoch's end. */
    void checkParameters(int epoch, int batch) {
        for (Parameter p : params) {
            if (p.value().isFinite()) continue;
            if (!updated()) {
                throw diverged(batch, "parameter " + net.nameOf(p) + " is NaN or infinite before any update", "The network was "
                        + "given non-finite parameters; set them to finite numbers.", epoch);
            }
            throw diverged(batch, "parameter " + net.nameOf(p) + " became NaN or infinite", learningRate(), epoch);
        }
    }

    /** The mean of an epoch's per-sample losses from their scaled sum over n samples. */
    static double epochMean(double scaledTotal, int n) { return Math.scalb(scaledTotal / n, SCALE); }

    // ---------------------------------------------------------------- diagnosis

    private TrainingDivergedException saturated(Matrix y, Matrix t, int sample) {
        String what = "sample " + sample + (loss instanceof SigmoidCrossEntropy || loss instanceof SoftmaxCrossEntropy ? " has logits " : " is predicted ")
                + describe(y) + " for label " + describe(t) + ", a probability below 1e-12 for its label: ";
        what += loss instanceof LogLoss
                ? "its log loss is stuck at the clipping ceiling −log(1e-12) ≈ 27.6, where the gradient is 0"
                : "odds of 10¹² against it, which no healthy run reaches (its " + loss.name() + " loss is "
                        + loss.total(y, t) + ")";
        String cause = updated() ? learningRate() : dataOrStart();
        if (loss instanceof LogLoss) {
            cause += " To train a sigmoid classifier, prefer an identity output layer with Losses.SIGMOID_CROSS_ENTROPY, "
                    + "whose gradient σ(z) − y never vanishes.";
        }
        return diverged(batch, what, cause);
    }

    /** Whether an update has changed a parameter in this run. */
    private boolean updated() { return version() != startVersion; }

    private long version() {
        long v = 0;
        for (Parameter p : params) v += p.value().version();
        return v;
    }

    private String learningRate() { return "Try a smaller learning rate than " + optimizer.name() + "."; }

    /** Before any update: the inputs if they are larger than every parameter, else the initial parameters. */
    private String dataOrStart() {
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
    private String lossCause(Matrix y, Matrix t) {
        if (t.maxAbs() >= y.maxAbs()) {
            return "Nothing has been updated yet, so it is not the learning rate: the targets are too large for "
                    + loss.name() + " (largest |target| in this minibatch " + this.t.maxAbs() + "). Scale them, e.g. "
                    + "standardise each column to mean 0 and variance 1.";
        }
        return dataOrStart();
    }

    private double largestParameter() {
        double m = 0;
        for (Parameter p : params) m = Math.max(m, p.value().maxAbs());
        return m;
    }

    private static String describe(Matrix row) {
        return row.size() == 1 ? String.valueOf(row.at(0)) : java.util.Arrays.toString(row.toFlatArray());
    }

    private TrainingDivergedException diverged(int batch, String what, String cause) {
        return diverged(batch, what, cause, epoch);
    }

    private TrainingDivergedException diverged(int batch, String what, String cause, int epoch) {
        String where = batch > 0 ? "epoch " + epoch + ", batch " + batch : "the update at the end of epoch " + epoch;
        String last = Double.isNaN(lastFinite) ? "no finite loss yet" : "last finite loss " + lastFinite;
        return new TrainingDivergedException("training diverged in " + where + ": " + what + " (" + last + "). " + cause,
                history);
    }
}
