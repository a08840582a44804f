package dev.nncourse.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads of a parallel matrix product: {@code Team.run(parts, job)} runs {@code job.part(p, team)} for
 * p = 0, 1, …, parts − 1, the last part on the calling thread and the others on persistent daemon workers, and returns
 * once all are done. Parts may meet at {@link #await()}, a barrier: no part passes it before every part has reached it.
 *
 * <p>Why not an {@code ExecutorService}: waking a parked thread costs tens of microseconds, as long as a whole 128×128
 * product on two threads. So a worker that has finished a part polls for its next one for a while before it parks: in a
 * loop of products it is awake when the next one starts. Waits for the other parts poll too, briefly. Polling yields
 * the processor, so on a machine with more busy threads than processors it does not starve the thread it waits for.
 *
 * <p>One product uses the workers at a time; a product started meanwhile on another thread runs alone, as a team of one.
 * An exception in a worker's part is rethrown by {@code run} on the caller, wrapped in an {@link IllegalStateException}.
 *
 * <p>Interrupts: a product cannot stop cleanly half-way (the caller would get a half-written C), so it is not
 * interruptible. Every wait clears an interrupt (a park returns at once while the flag is set, so keeping it would turn
 * the wait into a busy spin) and the caller's flag is set again when {@code run} returns: the Java convention for code
 * that finishes its work and leaves the interrupt to its caller. The workers are the library's own threads, so an
 * interrupt of one is cleared and ignored.
 */
final class Team {
    /** A product split into parts. */
    interface Job {
        /** Computes part {@code p} of {@code team.parts()}. */
        void part(int p, Team team);
    }

    /** How long an idle worker polls for its next part before it parks, in ns. */
    private static final long SPIN_IDLE = 100_000;
    /** How long a part waiting for the others polls before it parks, in ns. */
    private static final long SPIN_WAIT = 20_000;

    private static final AtomicBoolean BUSY = new AtomicBoolean();   // not a reentrant lock: a part may not run a team
    private static final List<Worker> WORKERS = new ArrayList<>();   // used only by the thread that set BUSY

    private final int parts;
    private final Job job;
    private final Thread caller = Thread.currentThread();
    private final Thread[] threads;   // of part 0, 1, …
    private final AtomicInteger running, arrived = new AtomicInteger();
    private volatile int barriersPassed;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();   // the first one

    private Team(int parts, Job job) {
        this.parts = parts;
        this.job = job;
        this.running = new AtomicInteger(parts - 1);
        this.threads = new Thread[parts];
        threads[parts - 1] = caller;
    }

    /** The number of parts. */
    int parts() { return parts; }

    /** Runs the job's parts, on {@code parts} threads when the workers are free, else all on the caller as one part. */
    static void run(int parts, Job job) {
        if (parts <= 1 || !BUSY.compareAndSet(false, true)) {
            job.part(0, new Team(1, job));
            return;
        }
        try {
            Team team = new Team(parts, job);
            for (int p = 0; p < parts - 1; p++) team.threads[p] = worker(p).thread;
            for (int p = 0; p < parts - 1; p++) worker(p).start(team, p);
            team.callerPart();
        } finally {
            BUSY.set(false);
        }
    }

    private static Worker worker(int i) {
        while (WORKERS.size() <= i) WORKERS.add(new Worker());
        return WORKERS.get(i);
    }

    /**
     * The last part on the caller; then waits for the workers' parts. The first failure is rethrown: as it is if the
     * caller's, wrapped if a worker's. An interrupt during the wait is kept: the flag is set again on return.
     */
    private void callerPart() {
        Throwable own = null;
        try {
            job.part(parts - 1, this);
        } catch (RuntimeException | Error e) {
            own = e;
            fail(e);
        }
        if (awaitWorkers()) Thread.currentThread().interrupt();
        Throwable first = failure.get();
        if (first != null && first == own) throw unchecked(own);
        if (first != null) throw new IllegalStateException("matrix product failed in a worker thread", first);
    }

    private static RuntimeException unchecked(Throwable e) {
        if (e instanceof Error) throw (Error) e;
        return (RuntimeException) e;
    }

    /** Waits until no worker runs a part of this team; true if the caller was interrupted meanwhile (flag cleared). */
    private boolean awaitWorkers() {
        boolean interrupted = false;
        long spinUntil = System.nanoTime() + SPIN_WAIT;
        while (running.get() > 0) interrupted |= pause(spinUntil, this);   // the last worker to finish unparks the caller
        return interrupted;
    }

    /**
     * The barrier: returns once all parts have called it as often as this one. If another part has failed it throws
     * instead, since that part will never arrive. Polls for {@link #SPIN_WAIT} ns, then parks until the last to arrive
     * unparks the others. An interrupt during the wait is kept for the caller's thread and dropped for a worker's.
     */
    void await() {
        if (parts == 1) return;
        int passed = barriersPassed;
        if (arrived.incrementAndGet() == parts) {
            arrived.set(0);
            barriersPassed = passed + 1;   // the volatile write that lets the others go
            for (Thread t : threads) if (t != Thread.currentThread()) LockSupport.unpark(t);
            return;
        }
        long spinUntil = System.nanoTime() + SPIN_WAIT;
        boolean interrupted = false;
        try {
            while (barriersPassed == passed) {
                if (failure.get() != null) throw new IllegalStateException("another part of the matrix product failed");
                interrupted |= pause(spinUntil, this);
            }
        } finally {
            if (interrupted && Thread.currentThread() == caller) Thread.currentThread().interrupt();
        }
    }

    /**
     * One step of a wait: until {@code spinUntil} a {@link Thread#yield}, which returns at once on an idle processor
     * but lets a thread waiting for this one run first (one that we may be waiting for); afterwards a park. Returns
     * whether the thread had been interrupted, and clears the flag: a park returns at once while it is set.
     */
    private static boolean pause(long spinUntil, Object blocker) {
        if (System.nanoTime() < spinUntil) Thread.yield();
        else LockSupport.park(blocker);
        return Thread.interrupted();
    }

    /** Records a failure (the first one counts) and wakes every part, so none waits at a barrier for the failed one. */
    private void fail(Throwable e) {
        failure.compareAndSet(null, e);
        for (Thread t : threads) LockSupport.unpark(t);
    }

    /** Called by a worker when its part has ended, normally or with {@code e}. */
    private void finished(Throwable e) {
        if (e != null) fail(e);
        if (running.decrementAndGet() == 0) LockSupport.unpark(caller);
    }

    /** A persistent daemon thread that runs one part at a time. */
    private static final class Worker implements Runnable {
        private final Thread thread = new Thread(this, "nncourse-matmul");
        private volatile Team team;
        private int part;

        Worker() {
            thread.setDaemon(true);
            thread.start();
        }

        void start(Team t, int p) {
            part = p;
            team = t;   // volatile write after part: the worker sees both
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (true) {
                Team t = next();
                Throwable thrown = null;
                try {
                    t.job.part(part, t);
                } catch (Throwable e) {
                    thrown = e;
                }
                team = null;
                t.finished(thrown);
            }
        }

        /** Polls for a part for {@link #SPIN_IDLE}, then parks until one is given; an interrupt is cleared and ignored. */
        private Team next() {
            long spinUntil = System.nanoTime() + SPIN_IDLE;
            Team t;
            while ((t = team) == null) pause(spinUntil, this);
            return t;
        }
    }
}
