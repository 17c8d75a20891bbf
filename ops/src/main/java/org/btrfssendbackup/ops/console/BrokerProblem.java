package org.btrfssendbackup.ops.console;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.ActiveMQInterruptedException;

/**
 * What kind of broker trouble an exception is, found by walking its causes (JMS wraps
 * Artemis' exceptions as linked exceptions, the broker module wraps JMS ones).
 */
public enum BrokerProblem {
    /** No connection: nothing listens at the URL, the host is unknown, or it timed out. */
    UNREACHABLE,
    /** The broker refused the user: wrong password, unknown user, or a missing permission. */
    REFUSED,
    /** Anything else. */
    OTHER;

    public static BrokerProblem of(Throwable failure) {
        for (Throwable cause : causes(failure)) {
            if (cause instanceof JMSSecurityException || cause instanceof SecurityException) {
                return REFUSED;
            }
            if (cause instanceof ActiveMQException artemis) {
                ActiveMQExceptionType type = artemis.getType();
                if (type == ActiveMQExceptionType.SECURITY_EXCEPTION) {
                    return REFUSED;
                }
                if (type == ActiveMQExceptionType.NOT_CONNECTED || type == ActiveMQExceptionType.CONNECTION_TIMEDOUT) {
                    return UNREACHABLE;
                }
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return UNREACHABLE;
            }
        }
        return OTHER;
    }

    /** The innermost message that says something, for a one-line error. */
    public static String rootMessage(Throwable failure) {
        String message = null;
        for (Throwable cause : causes(failure)) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        return message == null ? failure.getClass().getSimpleName() : message.replaceAll("\\s+", " ").strip();
    }

    /** Whether the failure is an interrupted wait (Artemis wraps the InterruptedException). */
    public static boolean isInterruption(Throwable failure) {
        return causes(failure).stream().anyMatch(cause -> cause instanceof InterruptedException
                || cause instanceof ActiveMQInterruptedException);
    }

    /** The exception and its causes, following JMS linked exceptions too, each once. */
    static List<Throwable> causes(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        List<Throwable> chain = new ArrayList<>();
        ArrayDeque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty()) {
            Throwable next = pending.poll();
            if (next == null || !seen.add(next)) {
                continue;
            }
            chain.add(next);
            if (next.getCause() != null) {
                pending.add(next.getCause());
            }
            if (next instanceof JMSException jms && jms.getLinkedException() != null) {
                pending.add(jms.getLinkedException());
            }
        }
        return chain;
    }
}
