package dev.nncourse.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.shaded.org.zeromq.ZMQ;

/**
 * The requests that wait on the shell socket behind an execute request, handled as soon as it is done.
 * <ul>
 *   <li>After an error (or an interrupt) in a request with {@code stop_on_error}, as ipykernel does, every execute
 *       request already queued is answered {@code aborted} without running, and every other request (completion,
 *       inspection, kernel info...) is handled as usual; a request sent afterwards runs. JupyterLab's Run All sends
 *       all its cells at once, so this is what stops it at the first error. (JJava parses {@code stop_on_error} but
 *       never reads it.) The queue is read before the failed request's reply is sent, so that a client that sends
 *       its next request as soon as it has the reply (jupyter_client, nbclient) never has it aborted.
 *   <li>Otherwise the next request is handled at once when it is there, or arrives within {@value #WAIT_MS} ms:
 *       JJava's shell loop sleeps that long after every request, which made each cell of a Run All wait for it.
 * </ul>
 */
final class QueuedRequests {
    /** How long JJava's shell loop sleeps after a request; within it the next one is handled as soon as it comes. */
    static final long WAIT_MS = 50;

    private final JupyterConnection connection;
    private final BooleanSupplier failed;   // whether the execute request just handled failed
    private final Selector selector;
    private boolean handling;

    QueuedRequests(JupyterConnection connection, BooleanSupplier failed) {
        this.connection = connection;
        this.failed = failed;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Called when the execute request {@code request} has been handled, its reply not yet sent: sends it, then
     * handles what waits behind it, until nothing comes for {@value #WAIT_MS} ms. (An execute request handled from
     * here comes back here: it returns at once, and the loop goes on.)
     */
    void after(ShellReplyEnvironment env, Message<?> request) {
        if (handling) return;
        handling = true;
        try {
            Message<?> current = request;
            while (true) {
                List<Message<?>> aborted = stops(current) ? waiting(env.getShell()) : List.of();
                env.resolveDeferrals();   // the reply and the idle status of `current`
                if (env.isMarkedForShutdown() || !handleAll(env.getShell(), aborted)) {
                    connection.close();
                    return;
                }
                current = next(env.getShell());
                if (current == null) return;
                env = connection.prepareReplyEnv((ShellChannel) env.getShell(), current);
                handle(env, current, false);
            }
        } finally {
            handling = false;
        }
    }

    private boolean stops(Message<?> request) {
        return request.getContent() instanceof ExecuteRequest && failed.getAsBoolean()
                && ((ExecuteRequest) request.getContent()).shouldStopOnError();
    }

    /** The requests waiting now, read without waiting. */
    private static List<Message<?>> waiting(JupyterSocket shell) {
        List<Message<?>> waiting = new ArrayList<>();
        while ((shell.getEvents() & ZMQ.Poller.POLLIN) != 0) {
            Message<?> request = shell.readMessage();
            if (request == null) break;   // the socket was closed
            waiting.add(request);
        }
        return waiting;
    }

    /** The next request, if one arrives within {@value #WAIT_MS} ms; else null (JJava's loop takes over again). */
    private Message<?> next(JupyterSocket shell) {
        ZMQ.PollItem[] items = {new ZMQ.PollItem(shell, ZMQ.Poller.POLLIN)};
        return ZMQ.poll(selector, items, WAIT_MS) > 0 && items[0].isReadable() ? shell.readMessage() : null;
    }

    /** Handles requests that waited behind a failure, aborting the execute ones; false after a shutdown request. */
    private boolean handleAll(JupyterSocket shell, List<Message<?>> requests) {
        for (Message<?> request : requests) {
            ShellReplyEnvironment env = connection.prepareReplyEnv((ShellChannel) shell, request);
            handle(env, request, true);
            env.resolveDeferrals();
            if (env.isMarkedForShutdown()) return false;
        }
        return true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(ShellReplyEnvironment env, Message request, boolean abort) {
        MessageType<?> type = request.getHeader().getType();
        try {
            if (abort && type == MessageType.EXECUTE_REQUEST) {
                env.setBusyDeferIdle();
                env.reply(new Message(request, MessageType.EXECUTE_REPLY, new Aborted()));
                return;
            }
            ShellHandler handler = connection.getHandler(type);
            if (handler != null) handler.handle(env, request);
        } catch (RuntimeException e) {   // as JJava's shell loop does: the next requests still get their answer
            System.err.println("course kernel: " + type.getName() + " failed: " + e);
        }
    }

    /** The content of an execute reply that did not run: {@code {"status": "aborted"}}, as ipykernel sends it. */
    private static final class Aborted {
        @SuppressWarnings("unused")   // serialised by JJava's Gson
        private final String status = "aborted";
    }
}
