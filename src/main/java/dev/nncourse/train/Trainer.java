package dev.nncourse.train;

import dev.nncourse.linalg.Kernels;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import dev.nncourse.linalg.Scratch;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Optimizer;
import dev.nncourse.optim.Schedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The training loop: for each epoch, shuffle the samples with a seeded generator, cut them into minibatches, and for
 * each minibatch run forward, cost, backward, and the optimizer's update (source 001's four-step learning process).
 *
 * <p>The loss recorded for an epoch is the mean of the per-sample losses seen during that epoch, each computed in the
 * forward pass before its minibatch's update (source 002 prints the same {@code epoch_loss / N}).
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
 * the optimizer {@link Optimizer#abandonEpoch abandons} it, so no half-summed epoch stays behind.
 *
 * <p><b>One step</b> is backpropagation, then the optimizer's update, as in Nielsen's {@code update_mini_batch}:
 * <pre>
 *   Matrix y = net.forward(xb);                           // forward, keeping what the way back needs
 *   net.backwardParameters(loss.gradient(y, tb));         // ∂J/∂θ beside every θ (∂L/∂X of the input is not needed)
 *   optimizer.step(m);                                    // θ ← θ − η ∂J/∂θ, or Adam's update, …
 * </pre>
 *
 * <p><b>One training loop at a time</b> per network and per optimizer: a {@code fit} that starts while another thread
 * trains the same network or uses the same optimizer is refused before it changes anything, and the run under way goes
 * on as if alone.
 *
 * <p><b>Per epoch</b>, History records {@code loss} as above and, after the epoch's last update, in evaluation mode:
 * each {@link #metric} on the training data under its name, and with {@link #validation} data the mean validation
 * loss {@code val_loss} and each metric on the validation data as {@code val_NAME}. Then the {@link #onEpoch}
 * listeners are called, which may stop training.
 *
 * <p><b>Modes.</b> The network is in training mode for the minibatch steps (dropout on) and in evaluation mode for the
 * metrics and validation, and when {@code fit} returns or throws.
 *
 * <p><b>Early stopping</b> ({@link #earlyStopping}) watches {@code val_loss}: when it has not gone below its best for
 * {@code patience} epochs in a row, training stops. Whenever {@code fit} returns (also after its last epoch, or when a
 * listener stops it), the network holds the parameters of the epoch with the lowest {@code val_loss}, the first
 * such epoch ({@link History#epochOfMinimum}), bit for bit, and its dropout layers and the optimizer are back in their
 * state of the end of that epoch ({@link Network#snapshot}, {@link Optimizer#snapshot}): Adam's moments m and v and
 * its step count t are put back with the weights, so training on from there continues exactly as if the later epochs
 * had never run. The history keeps every epoch that ran. An
 * interrupt or a divergence is not a return: the network then keeps the last completed update, as above.
 */
public final class Trainer {
    private final Network net;
    private final Loss loss;
    private final Optimizer optimizer;
    private int epochs = 1;
    private int batchSize = 32;
    private long seed = 0;
    private boolean shuffle = true;
    private Matrix xVal, tVal;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private int patience;   // 0: no early stopping
    private Schedule schedule;       // null: the optimizer's own rate throughout
    private double maxGradNorm;      // 0: no clipping
    private final List<EpochListener> listeners = new ArrayList<>();
    // Kept from run to run, so that a loop of steps (or of runs) allocates nothing: a minibatch's rows of X and T and
    // the loss's gradient, and the parameters as they were when a run began (for Divergence).
    private final Scratch xs = new Scratch(), ts = new Scratch(), gs = new Scratch();
    private final List<Matrix> start = new ArrayList<>();

    private Trainer(Network net, Loss loss, Optimizer optimizer) {
        if (net == null || loss == null || optimizer == null) {
            throw new IllegalArgumentException("Trainer.of: expected a network, a loss and an optimizer, got " + net
                    + ", " + loss + ", " + optimizer);
        }
        if (loss.samplesInColumns()) {
            throw new IllegalArgumentException("Trainer.of: the loss " + loss.name() + " takes one sample per column, but "
                    + "a Network and its Trainer hold one sample per row; pass the loss for rows, " + loss.byRows().name()
                    + " (loss.byRows())");
        }
        requireSameParameters(net, optimizer);
        this.net = net;
        this.loss = loss;
        this.optimizer = optimizer;
    }

    /** Throws unless the optimizer updates exactly the network's parameters (the same objects). */
    private static void requireSameParameters(Network net, Optimizer optimizer) {
        Set<Parameter> ours = Collections.newSetFromMap(new IdentityHashMap<>());
        ours.addAll(net.parameters());
        Set<Parameter> its = Collections.newSetFromMap(new IdentityHashMap<>());
        its.addAll(optimizer.parameters());
        if (!ours.equals(its)) {
            long foreign = its.stream().filter(p -> !ours.contains(p)).count();
            long missing = ours.stream().filter(p -> !its.contains(p)).count();
            throw new IllegalArgumentException("Trainer.of: " + optimizer.name() + " was made for other parameters than "
                    + "this network's: " + foreign + " of its " + its.size() + " parameters belong to no layer of the network, "
                    + "and " + missing + " of the network's " + ours.size() + " it would leave untrained; make the optimizer "
                    + "from this network's parameters, e.g. new Sgd(net.parameters(), 0.1), one optimizer per network");
        }
    }

    /** A trainer for {@code net} minimising {@code loss} with {@code optimizer}, made for {@code net.parameters()}. */
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

    /** Whether to shuffle the samples every epoch (default true); false keeps source 001/002's fixed order. */
    public Trainer shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /**
     * Validation data, inputs X and targets T with one sample per row: after every epoch the mean loss on them is
     * recorded as {@code val_loss}, and each metric as {@code val_NAME}. They are never trained on.
     */
    public Trainer validation(Matrix x, Matrix t) {
        requireData("validation", x, t);
        this.xVal = x;
        this.tVal = t;
        return this;
    }

    /**
     * A metric recorded after every epoch under {@code name} on the training data (and {@code val_NAME} on the
     * validation data), e.g. {@code metric("accuracy", Accuracy::of)}. The name must be new, not blank, and not
     * {@code epoch}, {@code loss} or one starting with {@code val_}.
     */
    public Trainer metric(String name, Metric metric) {
        if (name == null || name.isBlank() || name.equals("epoch") || name.equals(History.LOSS)
                || name.equals(History.LEARNING_RATE)
                || name.startsWith(History.VALIDATION) || metrics.containsKey(name)) {
            throw new IllegalArgumentException("metric: the name " + (name == null ? "null" : "\"" + name + "\"")
                    + (name != null && metrics.containsKey(name) ? " is taken" : " is not allowed") + "; expected a new name "
                    + "that is not blank, not \"epoch\" or \"" + History.LOSS + "\", and does not start with \""
                    + History.VALIDATION + "\" (the trainer adds that prefix to metrics on the validation data)");
        }
        if (metric == null) throw new IllegalArgumentException("metric \"" + name + "\": expected a function, got null");
        metrics.put(name, metric);
        return this;
    }

    /**
     * Early stopping on the validation loss: stop when {@code val_loss} has not gone below its best for
     * {@code patience} epochs in a row, and return with the parameters (and optimizer state) of the best epoch; see
     * the class comment. Needs {@link #validation} data.
     */
    public Trainer earlyStopping(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("earlyStopping: the patience must be a positive count of epochs, got " + patience);
        }
        this.patience = patience;
        return this;
    }

    /**
     * A learning-rate schedule: before step t of the run (counting from 1 across epochs) the optimizer's rate is set to
     * η_t, and History records the rate of each epoch's last step as {@code lr}.
     */
    public Trainer schedule(Schedule schedule) {
        this.schedule = Require.given("schedule", "a schedule", schedule);
        return this;
    }

    /**
     * Gradient clipping by norm: after each backward pass, if the gradient of all parameters together is longer than
     * c, ‖g‖ = √(Σ_θ ‖∂J/∂θ‖²) &gt; c, every gradient is scaled by c/‖g‖ (its direction kept, its length c).
     */
    public Trainer clipGradients(double maxNorm) {
        this.maxGradNorm = Require.positive("clipGradients", "the largest gradient norm c", maxNorm);
        return this;
    }

    /** Calls {@code listener} after every epoch and when training ends (see {@link EpochListener}). */
    public Trainer onEpoch(EpochListener listener) {
        if (listener == null) throw new IllegalArgumentException("onEpoch: expected a listener, got null");
        listeners.add(listener);
        return this;
    }

    /** Trains on inputs X (one sample per row) and targets T, returning what every epoch recorded. */
    public History fit(Matrix x, Matrix t) {
        requireData("fit", x, t);
        int n = x.rows();
        if (batchSize > n) {
            throw new IllegalArgumentException("batch size " + batchSize + " is larger than the dataset's " + n
                    + " samples; use at most " + n);
        }
        if (patience > 0 && xVal == null) {
            throw new IllegalStateException("earlyStopping(" + patience + ") watches the validation loss, but there is no "
                    + "validation data; call validation(x, t) too");
        }
        try (InUse claim = InUse.claim(net, optimizer)) {
            return train(x, t, n);
        }
    }

    /** The loop of {@link #fit}, once the data are checked and the network and optimizer are this thread's. */
    private History train(Matrix x, Matrix t, int n) {
        Random rng = new Random(seed);
        long step = 0;
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        History history = new History();
        DivergenceCause cause = new DivergenceCause(loss, optimizer, net.parameters(), history);
        Divergence watch = new Divergence(net, loss, cause, start);
        EarlyStopping early = patience > 0 ? new EarlyStopping(patience, net, optimizer) : null;
        boolean reusing = net.isReusing();
        try {
            boolean stop = false;
            for (int epoch = 1; epoch <= epochs && !stop; epoch++) {
                net.setTraining(true);
                net.setReuse(true);   // each step's matrices are written over by the next step's (Network.setReuse)
                if (shuffle) shuffle(order, rng);
                LossSum total = new LossSum();
                for (int from = 0, batch = 1; from < n; from += batchSize, batch++) {
                    if (Thread.interrupted()) {
                        if (batch > 1) watch.checkParameters(epoch, batch - 1);   // the last update's check
                        throw interrupted("before epoch " + epoch + ", batch " + batch, history);
                    }
                    int to = Math.min(n, from + batchSize), m = to - from;
                    Matrix xb = Kernels.selectRows(x, order, from, to, xs.of(m, x.cols(), true));   // the rows of X, T
                    Matrix tb = Kernels.selectRows(t, order, from, to, ts.of(m, t.cols(), true));
                    Matrix y = net.forward(xb);
                    total.add(watch.forward(epoch, batch, xb, tb, order, from, y));
                    net.backwardParameters(loss.gradient(y, tb, gs.of(m, t.cols(), true)));   // ∂J/∂θ beside every θ
                    if (maxGradNorm > 0) clip(net.parameters());
                    if (schedule != null) optimizer.setLearningRate(schedule.rate(++step));
                    optimizer.step(m);                                   // the update
                    if (to == n) watch.checkParameters(epoch, batch);    // no forward pass follows
                }
                net.setReuse(reusing);
                optimizer.endEpoch();
                watch.checkParameters(epoch, -1);
                net.setTraining(false);
                Map<String, Double> record = measure(epoch, total.mean(n), x, t, history);
                if (schedule != null) record.put(History.LEARNING_RATE, schedule.rate(step));
                history.record(epoch, record);
                stop = early != null && early.stopAfter(history.last(History.VAL_LOSS));
                for (EpochListener listener : listeners) stop |= !listener.epochEnded(history);
            }
            if (Thread.interrupted()) {
                throw interrupted("after its last epoch, " + history.size() + ", was completed", history);
            }
            if (early != null) early.restore();
        } catch (RuntimeException | Error e) {
            optimizer.abandonEpoch();   // the epoch is abandoned: drop what the optimizer gathered of it
            net.setReuse(reusing);
            net.setTraining(false);
            ended(history, e);
            throw e;
        }
        ended(history, null);
        return history;
    }

    /**
     * What epoch {@code epoch} records, in evaluation mode: the loss, each metric on the training data, and on the
     * validation data the mean loss and each metric. A validation loss that is not finite, with finite parameters,
     * means validation inputs out of the network's range: reported as divergence.
     */
    private Map<String, Double> measure(int epoch, double trainLoss, Matrix x, Matrix t, History history) {
        Map<String, Double> record = new LinkedHashMap<>();
        record.put(History.LOSS, trainLoss);
        if (!metrics.isEmpty()) {
            Matrix y = net.predict(x);
            metrics.forEach((name, m) -> record.put(name, m.of(y, t)));
        }
        if (xVal != null) {
            Matrix y = net.predict(xVal);
            double valLoss = loss.cost(y, tVal);
            if (!Double.isFinite(valLoss)) {
                throw new TrainingDivergedException("training stopped after epoch " + epoch + ": the validation loss is "
                        + valLoss + " while the parameters and the training loss (" + trainLoss + ") are finite, so the "
                        + "validation data are out of the network's range: largest |input| " + xVal.maxAbs() + " and |target| "
                        + tVal.maxAbs() + ", against " + x.maxAbs() + " and " + t.maxAbs() + " in the training data. Scale "
                        + "them as the training data were scaled.", history);
            }
            record.put(History.VAL_LOSS, valLoss);
            metrics.forEach((name, m) -> record.put(History.validation(name), m.of(y, tVal)));
        }
        return record;
    }

    /** g ← g · c/‖g‖ for every parameter when the norm of all gradients together, ‖g‖, exceeds c. */
    private void clip(List<Parameter> params) {
        double sumOfSquares = 0;
        for (Parameter p : params) sumOfSquares += Math.pow(p.grad().norm(), 2);
        double norm = Math.sqrt(sumOfSquares);
        if (!(norm > maxGradNorm)) return;
        for (Parameter p : params) p.setGrad(p.grad().scale(maxGradNorm / norm));
    }

    /** Tells every listener that training has ended; a listener's failure is added to {@code failure}, if any. */
    private void ended(History history, Throwable failure) {
        for (EpochListener listener : listeners) {
            try {
                listener.trainingEnded(history);
            } catch (RuntimeException | Error e) {
                if (failure == null) throw e;
                failure.addSuppressed(e);
            }
        }
    }

    private void requireData(String op, Matrix x, Matrix t) {
        if (x == null || t == null) {
            throw new IllegalArgumentException(op + ": inputs and targets are required, got " + (x == null ? "no inputs" : x.shape())
                    + " and " + (t == null ? "no targets" : t.shape()) + " (no data)");
        }
        if (x.rows() != t.rows()) {
            throw new IllegalArgumentException(op + ": " + x.rows() + " input rows but " + t.rows()
                    + " target rows; expected one target row per sample");
        }
        if (net.inputs() > 0 && x.cols() != net.inputs()) {
            throw new IllegalArgumentException(op + ": the inputs have " + x.cols() + " columns but the network expects "
                    + net.inputs() + " inputs (one sample per row, one column per input)");
        }
        if (net.outputs() > 0 && t.cols() != net.outputs()) {
            throw new IllegalArgumentException(op + ": the targets have " + t.cols() + " columns but the network has "
                    + net.outputs() + " outputs");
        }
        Require.finite(op + ": inputs", x);
        Require.finite(op + ": targets", t);
    }

    /**
     * Stops between two steps: the parameters are those after the last completed step; the optimizer forgets a
     * half-summed epoch. The interrupt flag has been cleared by the caller's {@link Thread#interrupted()}.
     */
    private TrainingInterruptedException interrupted(String when, History h) {
        optimizer.abandonEpoch();
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
