package org.btrfssendbackup.ops.bench;

import jakarta.jms.Message;
import jakarta.jms.Session;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;

/**
 * The publish time of a benchmark event, in microseconds of the machine's wall clock, as a
 * message property: the project's {@code EventPublisher} (unchanged) creates its message
 * through the session, and this session stamps every text message it creates, right after the
 * event was encoded and right before it is sent. The envelope's own {@code occurredAt} and the
 * JMS timestamp have millisecond resolution only; the hub's audit consumer subtracts this
 * stamp from its own clock (same machine) on arrival.
 */
final class PublishStamp {

    static final String PROPERTY = "benchPublishedAtMicros";

    private PublishStamp() {
    }

    /** {@code session}, with every message from {@code createTextMessage} stamped. */
    static Session stamping(Session session) {
        return (Session) Proxy.newProxyInstance(PublishStamp.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(session, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("createTextMessage") && result instanceof Message message) {
                        message.setLongProperty(PROPERTY, nowMicros());
                    }
                    return result;
                });
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
