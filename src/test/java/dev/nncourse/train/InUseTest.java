package dev.nncourse.train;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.Adam;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Optimizer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One training loop at a time per network and per optimizer ({@code InUse}, {@link Trainer#fit}), with the optimizer
 * bound to its parameters ({@link Trainer#of}): a second thread that wants the same optimizer for another network, or
 * the same network or optimizer while a fit runs, is refused at once, and the first run finishes with exactly the bits
 * of a run alone. Many trials, at random moments, with full-batch gradient descent (whose half-summed epoch a refused
 * thread's error handling used to clear) and with Adam.
 */
class InUseTest {
    private static final Dataset DATA = Datasets.randomRegression(256, 32, 5);
    private static final int TRIALS = 30, EPOCHS = 5, BATCH = 32;

    static Stream<Arguments> optimizers() {
        return Stream.<Function<List<Parameter>, Optimizer>>of(ps -> new GradientDescent(ps, 0.05), ps -> new Adam(ps, 0.01))
                .map(make -> Arguments.of(make.apply(net(1).parameters()).name(), make));
    }

    private static Network net(long seed) {
        return Network.builder(32, seed).dense(64, Activations.TANH).dense(1, Activations.IDENTITY).build();
    }

    private static List<Matrix> values(Network n) { return n.parameters().stream().map(p -> p.value().copy()).toList(); }

    private static Trainer trainer(Network net, Optimizer opt) {
        return Trainer.of(net, Losses.MSE, opt).epochs(EPOCHS).batchSize(BATCH).seed(1);
    }

    /** The network of {@code seed} trained alone with its own optimizer. */
    private static List<Matrix> alone(long seed, Function<List<Parameter>, Optimizer> make) {
        Network n = net(seed);
        trainer(n, make.apply(n.parameters())).fit(DATA.x(), DATA.y());
        return values(n);
    }

    interface ThrowingRunnable { void run() throws Exception; }

    /** Runs the two on threads named "first" and "second", waits for both, and returns what each threw (or null). */
    private static Throwable[] both(ThrowingRunnable first, ThrowingRunnable second) throws InterruptedException {
        Throwable[] thrown = new Throwable[2];
        ThrowingRunnable[] calls = {first, second};
        Thread[] threads = new Thread[2];
        for (int i = 0; i < 2; i++) {
            int k = i;
            threads[i] = new Thread(() -> {
                try {
                    calls[k].run();
                } catch (Throwable e) {
                    thrown[k] = e;
                }
            }, k == 0 ? "first" : "second");
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join(60_000);
            assertFalse(t.isAlive(), t.getName() + " did not end within 60 s");
        }
        return thrown;
    }

    private static void awaitOrFail(CountDownLatch latch) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS), "waited 60 s for the other thread");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Both threads start together, the first training its network; the second asks for a trainer of its own network with
     * the first one's optimizer, in even trials after up to 60 µs (about the first step), in odd trials at once, then
     * starting its fit up to 2 ms later (within the first's run). It is refused by {@link Trainer#of}, its network is
     * left alone, and the first network ends with the bits of a run alone. (Before the open core, the second was
     * refused at its first step, its error handling reset the shared gradient descent, and in 8 to 11 of these 30
     * trials the first run finished with wrong weights and no error.)
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void oneOptimizerSharedByTwoThreadsForTwoNetworks(String name, Function<List<Parameter>, Optimizer> make) throws Exception {
        List<Matrix> expected = alone(1, make);
        Random rng = new Random(7);
        for (int trial = 0; trial < TRIALS; trial++) {
            Network first = net(1), second = net(2);
            List<Matrix> secondBefore = values(second);
            Optimizer shared = make.apply(first.parameters());
            CyclicBarrier together = new CyclicBarrier(2);
            int delay = rng.nextInt(2000);
            boolean early = trial % 2 == 1;
            Throwable[] thrown = both(() -> {
                together.await();
                trainer(first, shared).fit(DATA.x(), DATA.y());
            }, () -> {
                together.await();
                if (!early) TimeUnit.MICROSECONDS.sleep(delay % 60);
                Trainer t = trainer(second, shared);
                if (early) TimeUnit.MICROSECONDS.sleep(delay);
                t.fit(DATA.x(), DATA.y());
            });
            String where = name + ", trial " + trial + (early ? " (trainer at once, fit after " + delay : " (trainer after "
                    + delay % 60) + " µs)";
            assertNull(thrown[0], where + ": the first run failed");
            assertEquals(expected, values(first), where + ": the first run is not the run alone");
            IllegalArgumentException refused = assertInstanceOf(IllegalArgumentException.class, thrown[1], where);
            assertTrue(refused.getMessage().startsWith("Trainer.of: " + shared.name() + " was made for other parameters"),
                    where);
            assertEquals(secondBefore, values(second), where + ": the refused thread changed its network");
        }
    }

    /**
     * While a fit runs, a second thread at a random moment asks to train the same network with the same optimizer, the
     * same network with an optimizer of its own, and a second network around the same layers with the same optimizer:
     * each is refused by {@link Trainer#fit} at its start, and the first run ends with the bits of a run alone.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aSecondFitOfTheSameNetworkOrOptimizerIsRefused(String name, Function<List<Parameter>, Optimizer> make) throws Exception {
        List<Matrix> expected = alone(1, make);
        Random rng = new Random(8);
        for (int trial = 0; trial < TRIALS; trial++) {
            Network net = net(1);
            Network sameLayers = new Network(net.allLayers());
            Optimizer opt = make.apply(net.parameters());
            CountDownLatch running = new CountDownLatch(1), tried = new CountDownLatch(1);
            int delay = rng.nextInt(2000);
            Throwable[] thrown = both(() -> trainer(net, opt).onEpoch(h -> {
                running.countDown();   // the fit is under way: the second thread may try from now on
                if (h.size() == EPOCHS) awaitOrFail(tried);   // and has tried before it ends
                return true;
            }).fit(DATA.x(), DATA.y()), () -> {
                try {
                    awaitOrFail(running);
                    TimeUnit.MICROSECONDS.sleep(delay);
                    assertMessage(IllegalStateException.class, () -> trainer(net, opt).fit(DATA.x(), DATA.y()),
                            "Trainer.fit: the network is being trained by thread \"first\"; one training loop at a time may use a "
                                    + "network or an optimizer");
                    assertMessage(IllegalStateException.class, () -> trainer(net, make.apply(net.parameters())).fit(DATA.x(),
                            DATA.y()), "Trainer.fit: the network is being trained by thread \"first\"");
                    assertMessage(IllegalStateException.class, () -> trainer(sameLayers, opt).fit(DATA.x(), DATA.y()),
                            "Trainer.fit: the optimizer " + opt.name() + " is being trained by thread \"first\"");
                } finally {
                    tried.countDown();
                }
            });
            String where = name + ", trial " + trial + " (delay " + delay + " µs)";
            assertNull(thrown[1], where + ": the second thread was not refused as expected: " + thrown[1]);
            assertNull(thrown[0], where + ": the first run failed");
            assertEquals(expected, values(net), where + ": the first run is not the run alone");
        }
    }
}
