package dev.nncourse.train;

import dev.nncourse.linalg.Matrix;
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
 * <p>Training stops with {@link TrainingDivergedException} in the minibatch where the loss, a pre-activation or a
 * parameter stops being finite, or a loss of probabilities saturates on the wrong side of a label; the message names
 * the cause, see {@link Divergence}.
 *
 * <p>It stops with {@link TrainingInterruptedException} when the thread is interrupted (a notebook's stop button). The
 * interrupt is noticed between minibatches, and also after the last one; a step under way runs to its end (the
 * library's products finish and keep the flag set), so the network always holds the parameters of a completed step.
 * Like a method that throws {@link InterruptedException}, the exception consumes the interrupt: the flag is clear
 * afterwards, so the thread can go on, e.g. to save the network. Whenever training stops before the end of an epoch,
 * the optimizer is {@link Optimizer#reset reset}, so no half-summed epoch stays behind.
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
        if (!optimizer.belongsTo(net.parameters())) {
            throw new IllegalArgumentException("Trainer.of: " + optimizer.name() + " belongs to another network (it holds "
                    + "state gathered for that network's parameters); create one optimizer per network");
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
        Divergence watch = new Divergence(net, loss, optimizer, history);
        try {
            for (int epoch = 1; epoch <= epochs; epoch++) {
                if (shuffle) shuffle(order, rng);
                double total = 0;   // Σ_i L_i scaled by 2^−SCALE, see Divergence
                for (int start = 0, batch = 1; start < n; start += batchSize, batch++) {
                    if (Thread.interrupted()) {
                        if (batch > 1) watch.checkParameters(epoch, batch - 1);   // the last update's check
                        throw interrupted("before epoch " + epoch + ", batch " + batch, history);
                    }
                    int[] idx = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
                    Matrix xb = x.selectRows(idx), tb = t.selectRows(idx);
                    Matrix y = net.forward(xb);
                    watch.minibatch(epoch, batch, xb, tb, idx);
                    watch.checkForward();
                    total += watch.scaledLoss(y);
                    optimizer.step(net, loss.gradient(y, tb), idx.length);
                    if (start + batchSize >= n) watch.checkParameters(epoch, batch);   // no forward pass follows
                }
                optimizer.afterEpoch(params);
                watch.checkParameters(epoch, -1);
                history.record(epoch, Map.of(History.LOSS, Divergence.epochMean(total, n)));
            }
        } catch (RuntimeException | Error e) {
            optimizer.reset();   // the epoch is abandoned: drop what the optimizer gathered of it
            throw e;
        }
        if (Thread.interrupted()) throw interrupted("after its last epoch, " + epochs + ", was completed", history);
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
     * Stops between two steps: the parameters are those after the last completed step; the optimizer forgets a
     * half-summed epoch. The interrupt flag has been cleared by the caller's {@link Thread#interrupted()}.
     */
    private TrainingInterruptedException interrupted(String when, History h) {
        optimizer.reset();
        return new TrainingInterruptedException("training interrupted " + when + ": the network keeps the parameters of "
                + "the last completed update; the history holds the " + h.size() + " completed epochs", h);
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
