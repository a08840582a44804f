package dev.nncourse.train;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which thread is training with which network and optimizer: {@link Trainer#fit} claims both for its run, and a fit
 * on another thread that needs either is refused at its start, before it changes anything. Two loops on one network
 * (or one optimizer) would interleave their updates and leave both with wrong weights and no error.
 */
final class InUse implements AutoCloseable {
    private static final Map<Object, Thread> OWNERS = new IdentityHashMap<>();

    private final Object[] things;

    private InUse(Object[] things) { this.things = things; }

    /** Claims the network and the optimizer for this thread until {@link #close}; throws if another thread has one. */
    static InUse claim(Object network, Object optimizer) {
        Thread me = Thread.currentThread();
        synchronized (OWNERS) {
            for (Object o : new Object[] {network, optimizer}) {
                Thread owner = OWNERS.get(o);
                if (owner != null && owner != me) {
                    throw new IllegalStateException("Trainer.fit: " + (o == network ? "the network" : "the optimizer " + o)
                            + " is being trained by thread \"" + owner.getName() + "\"; one training loop at a time may use "
                            + "a network or an optimizer. Wait for it to end, or train a network of your own with an "
                            + "optimizer of its own");
                }
            }
            if (OWNERS.containsKey(network)) return new InUse(new Object[0]);   // this thread's own nested fit
            OWNERS.put(network, me);
            OWNERS.put(optimizer, me);
            return new InUse(new Object[] {network, optimizer});
        }
    }

    @Override
    public void close() {
        synchronized (OWNERS) {
            for (Object o : things) OWNERS.remove(o);
        }
    }
}
