package dev.nncourse.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The worker team behind parallel products: every part runs once, barriers hold, failures surface, interrupts are kept. */
class TeamTest {
    @Test
    void runsEveryPartOnceTheLastOnTheCaller() {
        for (int parts : new int[] {1, 2, 3, 5}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(parts);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            Thread[] last = new Thread[1];
            Team.run(parts, (p, team) -> {
                assertEquals(parts, team.parts());
                runs.incrementAndGet(p);
                threads.add(Thread.currentThread());
                if (p == parts - 1) last[0] = Thread.currentThread();
            });
            for (int p = 0; p < parts; p++) assertEquals(1, runs.get(p), "part " + p + " of " + parts);
            assertEquals(parts, threads.size(), "one thread per part");
            assertSame(Thread.currentThread(), last[0]);
        }
    }

    @Test
    void noPartPassesTheBarrierBeforeAllHaveReachedIt() {
        int parts = 3, rounds = 200;
        AtomicIntegerArray reached = new AtomicIntegerArray(parts);
        Team.run(parts, (p, team) -> {
            for (int r = 1; r <= rounds; r++) {
                reached.set(p, r);
                team.await();
                for (int q = 0; q < parts; q++) assertTrue(reached.get(q) >= r, "part " + q + " behind in round " + r);
                team.await();   // nobody starts the next round while another still checks this one
            }
        });
    }

    @Test
    void aFailingWorkerIsReportedWithItsCauseAndReleasesTheOthers() {
        RuntimeException boom = new ArithmeticException("boom");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Team.run(3, (p, team) -> {
            if (p == 0) throw boom;
            team.await();   // part 0 never arrives
        }));
        assertSame(boom, e.getCause());
        assertTrue(e.getMessage().contains("worker thread"), e.getMessage());
        assertTeamStillWorks();
    }

    @Test
    void aFailingCallerPartIsRethrownAsItIsAndReleasesTheWorkers() {
        RuntimeException boom = new IllegalArgumentException("caller");
        RuntimeException e = assertThrows(RuntimeException.class, () -> Team.run(2, (p, team) -> {
            if (p == 1) throw boom;
            team.await();
        }));
        assertSame(boom, e);
        assertTeamStillWorks();
    }

    @Test
    void aPartThatRunsATeamRunsItAlone() {
        int[] innerParts = new int[2];
        Team.run(2, (p, team) -> Team.run(2, (q, inner) -> innerParts[p] = inner.parts()));
        assertEquals(1, innerParts[0]);
        assertEquals(1, innerParts[1]);
    }

    @Test
    void twoCallersAtOnceBothFinish() throws InterruptedException {
        Matrix a = Matrix.gaussian(300, 200, 1), b = Matrix.gaussian(200, 250, 2);
        Matrix expected = KernelsTest.reference(a, b);
        Matrix[] got = new Matrix[4];
        Thread[] callers = new Thread[got.length];
        for (int t = 0; t < callers.length; t++) {
            int i = t;
            callers[t] = new Thread(() -> {
                double[] c = new double[300 * 250];
                for (int r = 0; r < 20; r++) Gemm.multiply(Gemm.KERNEL, a.data, false, b.data, false, c, 300, 250, 200, 2);
                got[i] = Matrix.wrap(300, 250, c);
            });
            callers[t].start();
        }
        for (Thread t : callers) t.join(60_000);
        for (Matrix g : got) assertEquals(expected, g);
    }

    private static void assertTeamStillWorks() {
        AtomicIntegerArray runs = new AtomicIntegerArray(3);
        Team.run(3, (p, team) -> {
            team.await();
            runs.incrementAndGet(p);
        });
        for (int p = 0; p < 3; p++) assertEquals(1, runs.get(p));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    /**
     * Interrupts never break a product: the library's code cannot stop cleanly half-way, so it finishes the product,
     * returns the right result and leaves the caller's interrupt flag set (the Java convention); its own worker threads
     * ignore an interrupt, without ever spinning because of it.
     */
    @Nested
    class Interrupts {
        private int threadsBefore;

        @BeforeEach void twoThreads() {
            threadsBefore = Kernels.threads();
            Kernels.setThreads(2);   // products of 512×512 use the worker team even on a one-processor machine
        }

        @AfterEach void restore() {
            Thread.interrupted();
            Kernels.setThreads(threadsBefore);
        }

        @Test
        void aProductWithTheFlagSetIsExactAndKeepsTheFlag() {
            Matrix a = Matrix.gaussian(512, 512, 1), b = Matrix.gaussian(512, 512, 2);
            Matrix expected = KernelsTest.reference(a, b);
            for (int i = 0; i < 40; i++) {
                Thread.currentThread().interrupt();
                Matrix c = a.mult(b);
                assertTrue(Thread.interrupted(), "the flag is set again after the product (call " + i + ")");
                assertEquals(expected, c, "call " + i);
            }
        }

        @Test
        void anInterruptDuringTheWaitForTheWorkersIsKeptNotThrown() {
            long[] workerEnd = new long[1];
            Team.run(2, (p, team) -> {
                if (p == 1) {
                    Thread.currentThread().interrupt();
                } else {
                    long until = System.nanoTime() + 50_000_000L;
                    while (System.nanoTime() < until) Thread.onSpinWait();
                    workerEnd[0] = System.nanoTime();
                }
            });
            long returned = System.nanoTime();
            assertTrue(Thread.interrupted(), "the interrupt flag is set again (and cleared here)");
            assertNotEquals(0, workerEnd[0], "returned before the worker had finished");
            assertTrue(returned >= workerEnd[0]);
        }

        @Test
        void anInterruptAtABarrierIsKeptNotThrown() {
            AtomicIntegerArray rounds = new AtomicIntegerArray(2);
            Team.run(2, (p, team) -> {
                for (int r = 0; r < 20; r++) {
                    if (p == 1 && r % 5 == 0) Thread.currentThread().interrupt();
                    if (p == 0) {
                        long until = System.nanoTime() + 2_000_000L;   // the caller waits at the barrier, flag set
                        while (System.nanoTime() < until) Thread.onSpinWait();
                    }
                    team.await();
                    rounds.incrementAndGet(p);
                }
            });
            assertTrue(Thread.interrupted(), "the caller's flag is set again");
            assertEquals(20, rounds.get(0));
            assertEquals(20, rounds.get(1));
        }

        @Test
        void aWorkerInterruptedDuringItsPartFinishesItAndTheProductIsExact() {
            Matrix a = Matrix.gaussian(400, 300, 3), b = Matrix.gaussian(300, 350, 4);
            Matrix expected = KernelsTest.reference(a, b);
            for (int i = 0; i < 20; i++) {
                Matrix c = Matrix.zeros(400, 350);
                Thread poker = new Thread(() -> workers().forEach(Thread::interrupt));
                poker.start();
                Kernels.multInto(a, b, c);
                join(poker);
                assertEquals(expected, c, "round " + i);
                assertFalse(Thread.currentThread().isInterrupted(), "a worker's interrupt reached the caller");
            }
        }

        @Test
        void interruptedIdleWorkersStayIdle() throws InterruptedException {
            Matrix a = Matrix.gaussian(300, 300, 5), b = Matrix.gaussian(300, 300, 6);
            a.mult(b);   // starts the workers
            List<Thread> workers = workers();
            assertFalse(workers.isEmpty(), "no worker thread found");
            Thread.sleep(50);   // past their polling: parked
            workers.forEach(Thread::interrupt);
            Thread.sleep(20);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long[] before = workers.stream().mapToLong(t -> mx.getThreadCpuTime(t.getId())).toArray();
            long window = 300_000_000L;
            Thread.sleep(window / 1_000_000);
            for (int i = 0; i < workers.size(); i++) {
                long used = mx.getThreadCpuTime(workers.get(i).getId()) - before[i];
                // A parked thread uses no processor time; one whose park returns at once spins on a whole core. A tenth of
                // the window leaves room for a loaded machine and still tells the two apart.
                assertTrue(used < window / 10, workers.get(i).getName() + " used " + used / 1_000_000 + " ms of processor time "
                        + "in an idle " + window / 1_000_000 + " ms window after an interrupt: it spins");
            }
            Matrix expected = KernelsTest.reference(a, b);
            assertEquals(expected, a.mult(b), "the workers still work");
        }

        private static List<Thread> workers() {
            return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("nncourse-matmul")).toList();
        }

        private static void join(Thread t) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
}
}
