package dev.nncourse.kernel;

import java.util.ArrayList;
import java.util.List;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.shaded.org.zeromq.ZMQ;

/**
 * The requests waiting on the shell socket behind a failed one. After an error (or an interrupt) in a request with
 * {@code stop_on_error}, as ipykernel does, every execute request already queued is answered {@code aborted} without
 * running, and every other request (completion, inspection, kernel info...) is handled as usual; a request sent
 * afterwards runs. The queue is read before the failed request's reply is sent, so that a client that sends its next
 * request as soon as it has the reply (jupyter_client, nbclient) never has it aborted. JupyterLab's Run All sends all its cells at once, so this is what stops it at the first
 * error. (JJava parses {@code stop_on_error} but never reads it.)
 */
final class QueuedRequests {
    private final JupyterConnection connection;

    QueuedRequests(JupyterConnection connection) {
        this.connection = connection;
    }

    /**
     * The requests waiting on the shell socket of {@code failed}, read before its reply goes out: the client cannot
     * have sent any of them in answer to the failure.
     */
    List<Message<?>> waiting(ShellReplyEnvironment failed) {
        List<Message<?>> waiting = new ArrayList<>();
        JupyterSocket shell = failed.getShell();
        while ((shell.getEvents() & ZMQ.Poller.POLLIN) != 0) {
            Message<?> request = shell.readMessage();
            if (request == null) break;   // the socket was closed
            waiting.add(request);
        }
        return waiting;
    }

    /** Answers the execute requests among {@code waiting} "aborted", and hands the others to their handlers. */
    void abort(ShellReplyEnvironment failed, List<Message<?>> waiting) {
        for (Message<?> request : waiting) {
            ShellReplyEnvironment env = connection.prepareReplyEnv((ShellChannel) failed.getShell(), request);
            try {
                handle(env, request);
            } catch (RuntimeException e) {   // as JJava's shell loop does: the next requests still get their answer
                System.err.println("course kernel: " + request.getHeader().getType().getName() + " failed: " + e);
            } finally {
                env.resolveDeferrals();
            }
            if (env.isMarkedForShutdown()) {
                connection.close();
                return;
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void handle(ShellReplyEnvironment env, Message request) {
        MessageType<?> type = request.getHeader().getType();
        if (type == MessageType.EXECUTE_REQUEST) {
            env.setBusyDeferIdle();
            env.reply(new Message(request, MessageType.EXECUTE_REPLY, new Aborted()));
            return;
        }
        ShellHandler handler = connection.getHandler(type);
        if (handler != null) handler.handle(env, request);
    }

    /** The content of an execute reply that did not run: {@code {"status": "aborted"}}, as ipykernel sends it. */
    private static final class Aborted {
        @SuppressWarnings("unused")   // serialised by JJava's Gson
        private final String status = "aborted";
    }
}
