package dev.nncourse.train;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Optimizer;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The training loop: for each epoch, shuffle the samples with a seeded generator, cut them into minibatches, and for
 * each minibatch run forward, cost, backward, and the optimizer's update (seed 001's four-step learning process).
 *
 * <p>The loss recorded for an epoch is the mean of the per-sample losses seen during that epoch, each computed in the
 * forward pass before its minibatch's update (seed 002 prints the same {@code epoch_loss / N}).
 *
 * <p>Training stops with {@link TrainingDivergedException} in the minibatch where the loss or a parameter stops being
 * finite (the next forward pass checks the parameters an update left, see {@link #forwardCertifiesParameters}), and
 * with {@link TrainingInterruptedException} when the thread is interrupted (a notebook's stop button): the interrupt
 * is noticed between minibatches, so the network always holds the parameters of a completed step.
 */
public final class Trainer {
    private final Network net;
    private final Loss loss;
    private final Optimizer optimizer;
    private int epochs = 1;
    private int batchSize = 32;
    private long seed = 0;
    private boolean shuffle = true;

    private Trainer(Network net, Loss loss, Optimizer optimizer) {
        if (net == null || loss == null || optimizer == null) {
            throw new IllegalArgumentException("Trainer.of: expected a network, a loss and an optimizer, got " + net
                    + ", " + loss + ", " + optimizer);
        }
        this.net = net;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /** A trainer for {@code net} minimising {@code loss} with {@code optimizer}. */
    public static Trainer of(Network net, Loss loss, Optimizer optimizer) { return new Trainer(net, loss, optimizer); }

    /** The number of passes over the data (default 1). */
    public Trainer epochs(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be a positive count, got " + epochs);
        this.epochs = epochs;
        return this;
    }

    /** The minibatch size m (default 32; 1 is per-sample SGD). */
    public Trainer batchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be a positive count, got " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    /** The seed of the shuffling generator (default 0). */
    public Trainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Whether to shuffle the samples every epoch (default true); false keeps seed 001/002's fixed order. */
    public Trainer shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Trains on inputs X (one sample per row) and targets T, returning the loss of every epoch. */
    public History fit(Matrix x, Matrix t) {
        requireData(x, t);
        int n = x.rows();
        if (batchSize > n) {
            throw new IllegalArgumentException("batch size " + batchSize + " is larger than the dataset's " + n
                    + " samples; use at most " + n);
        }
        Random rng = new Random(seed);
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        List<Parameter> params = net.parameters();
        History history = new History();
        double lastFinite = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            if (shuffle) shuffle(order, rng);
            double total = 0;
            for (int start = 0, batch = 1; start < n; start += batchSize, batch++) {
                if (Thread.interrupted()) {
                    if (batch > 1) requireFinite(params, epoch, batch - 1, lastFinite, history);   // the last update's check
                    throw interrupted(epoch, batch, history);
                }
                int[] idx = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
                Matrix xb = x.selectRows(idx), tb = t.selectRows(idx);
                Matrix y = net.forward(xb);
                if (batch > 1 && !forwardCertifiesParameters()) requireFinite(params, epoch, batch - 1, lastFinite, history);
                double batchLoss = loss.total(y, tb);
                if (!Double.isFinite(batchLoss)) throw diverged("the loss became " + batchLoss, epoch, batch, lastFinite, history);
                lastFinite = batchLoss / idx.length;
                total += batchLoss;
                optimizer.step(net, loss.gradient(y, tb), idx.length);
                if (start + batchSize >= n) requireFinite(params, epoch, batch, lastFinite, history);   // no forward pass follows
            }
            optimizer.afterEpoch(params);
            requireFinite(params, epoch, -1, lastFinite, history);
            history.record(epoch, Map.of(History.LOSS, total / n));
        }
        return history;
    }

    private void requireData(Matrix x, Matrix t) {
        if (x == null || t == null) {
            throw new IllegalArgumentException("fit: inputs and targets are required, got " + (x == null ? "no inputs" : x.shape())
                    + " and " + (t == null ? "no targets" : t.shape()) + " (no data)");
        }
        if (x.rows() != t.rows()) {
            throw new IllegalArgumentException("fit: " + x.rows() + " input rows but " + t.rows()
                    + " target rows; expected one target row per sample");
        }
        if (x.cols() != net.inputs()) {
            throw new IllegalArgumentException("fit: the inputs have " + x.cols() + " columns but the network expects "
                    + net.inputs() + " inputs (one sample per row, one column per input)");
        }
        if (t.cols() != net.outputs()) {
            throw new IllegalArgumentException("fit: the targets have " + t.cols() + " columns but the network has "
                    + net.outputs() + " outputs");
        }
        x.requireFinite("fit: inputs");
        t.requireFinite("fit: targets");
    }

    /**
     * Whether the forward pass just done proves every weight and bias finite, which it does when every pre-activation
     * A_l = O_{l−1}·W_l + b_l is finite: a NaN or ±∞ in W_l or b_l (or in O_{l−1}) would make a whole column (or row)
     * of A_l NaN or ±∞, since x·(±∞) is ±∞ or NaN for any x and no sum leaves NaN or ±∞ again. So the check of each
     * update costs a look at the few pre-activations of the next forward pass, not a pass over every parameter.
     */
    private boolean forwardCertifiesParameters() {
        for (Dense layer : net.layers()) if (!layer.preActivation().isFinite()) return false;
        return true;
    }

    private void requireFinite(List<Parameter> params, int epoch, int batch, double lastFinite, History h) {
        for (Parameter p : params) {
            if (!p.value().isFinite()) throw diverged("parameter " + net.nameOf(p) + " became NaN or infinite", epoch, batch, lastFinite, h);
        }
    }

    private TrainingDivergedException diverged(String what, int epoch, int batch, double lastFinite, History h) {
        String where = batch > 0 ? "epoch " + epoch + ", batch " + batch : "the update at the end of epoch " + epoch;
        String last = Double.isNaN(lastFinite) ? "no finite loss yet" : "last finite loss " + lastFinite;
        return new TrainingDivergedException("training diverged in " + where + ": " + what + " (" + last
                + "). Try a smaller learning rate than " + optimizer.name() + ".", h);
    }

    /** Stops before a minibatch: the parameters are those after the previous step, and a half-summed epoch is dropped. */
    private TrainingInterruptedException interrupted(int epoch, int batch, History h) {
        optimizer.reset();
        return new TrainingInterruptedException("training interrupted before epoch " + epoch + ", batch " + batch
                + ": the network keeps the parameters of the last completed update; the history holds the "
                + h.size() + " completed epochs", h);
    }

    /** Fisher–Yates shuffle driven by {@code rng}. */
    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
