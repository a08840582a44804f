package dev.nncourse.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The worker team behind parallel products: every part runs once, barriers hold, failures surface (interrupts: TeamInterruptTest). */
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
        Matrix expected = Matrix.zeros(300, 250);
        MatMul.reference(a, b, expected);
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
}
