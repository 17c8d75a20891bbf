package org.btrfssendbackup.messages.jms;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.btrfssendbackup.messages.DecodeResult;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.StepFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link Step} for every event on one queue of {@link Topology#EVENTS_ADDRESS}, on
 * its own thread, transactionally:
 * <ol>
 *   <li>receive the trigger in a transacted session;</li>
 *   <li>undecodable (malformed JSON, unknown type, not text): move it to the dead-letter
 *       address with a reason and commit. Never a crash, never a silent drop;</li>
 *   <li>run the step, retrying transient failures in place (Resilience4j);</li>
 *   <li>publish its follow-ups in the same transaction and commit;</li>
 *   <li>on failure: publish StepFailed on a separate non-transacted session (so the record
 *       survives the rollback), then roll back. The broker redelivers with its configured
 *       backoff and dead-letters after the last attempt.</li>
 * </ol>
 * The caller owns the {@link Connection} (credentials, URL, exception listener); this class
 * owns the two sessions it creates on it.
 */
public final class StepConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StepConsumer.class);
    private static final long STOP_GRACE_MILLIS = 10_000;

    private final Connection connection;
    private final String queue;
    private final String stepName;
    private final String host;
    private final Step step;
    private final StepSettings settings;
    private final Retry retry;
    private final EventCodec codec = new EventCodec();
    private final CountDownLatch ready = new CountDownLatch(1);

    private volatile boolean running;
    private volatile JMSException startFailure;
    private Thread thread;

    /**
     * @param connection a connection to the broker; started by {@link #start()} if it is not
     * @param queue      a queue on {@link Topology#EVENTS_ADDRESS}, e.g. {@code Topology.PRUNER_AGENT_QUEUE.name()}
     * @param stepName   name for logs and StepFailed events, e.g. "pruner-agent/prune"
     * @param host       this host, stamped on StepFailed events
     */
    public StepConsumer(Connection connection, String queue, String stepName, String host, Step step,
                        StepSettings settings) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.stepName = Objects.requireNonNull(stepName, "stepName");
        this.host = Objects.requireNonNull(host, "host");
        this.step = Objects.requireNonNull(step, "step");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.retry = Retry.of(stepName, RetryConfig.custom()
                .maxAttempts(settings.inStepAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(
                        settings.inStepWait().isZero() ? Duration.ofMillis(1) : settings.inStepWait(), 2.0))
                .retryOnException(TransientStepException::isTransient)
                .build());
    }

    /**
     * Creates the sessions and starts consuming. Returns once the consumer is attached, so a
     * wrong queue name or a refused permission fails here rather than silently in the thread.
     */
    public synchronized void start() throws JMSException {
        if (thread != null) {
            throw new IllegalStateException("StepConsumer " + stepName + " on " + queue + " already started");
        }
        running = true;
        thread = new Thread(this::run, "step-" + queue);
        thread.setDaemon(false);
        thread.start();
        connection.start();
        try {
            if (!ready.await(30, TimeUnit.SECONDS)) {
                stop();
                throw new JMSException("StepConsumer " + stepName + ": consumer on " + queue + " not ready after 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new JMSException("StepConsumer " + stepName + ": interrupted while starting");
        }
        if (startFailure != null) {
            stop();
            throw startFailure;
        }
    }

    /** Stops after the message in hand (if any); returns within about one receive timeout. */
    public synchronized void stop() {
        running = false;
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(settings.receiveTimeout().toMillis() + STOP_GRACE_MILLIS);
            if (thread.isAlive()) {
                LOG.warn("step {} on {} did not stop in time; interrupting it", stepName, queue);
                thread.interrupt();
                thread.join(STOP_GRACE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the consuming thread is alive (it ends on stop or when its session breaks). */
    public boolean isRunning() {
        Thread current = thread;
        return current != null && current.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    private void run() {
        try (Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
             Session failures = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageConsumer consumer = transacted.createConsumer(transacted.createQueue(Topology.fullyQualified(queue)));
            EventPublisher followUps = new EventPublisher(transacted);
            EventPublisher failureEvents = new EventPublisher(failures);
            DeadLetterSender deadLetters = new DeadLetterSender(transacted, queue);
            ready.countDown();
            LOG.info("step {} consuming {}", stepName, queue);
            while (running) {
                Message message = consumer.receive(settings.receiveTimeout().toMillis());
                if (message != null) {
                    handle(message, transacted, followUps, failureEvents, deadLetters);
                }
            }
            consumer.close();
        } catch (JMSException e) {
            if (ready.getCount() > 0) {
                startFailure = e;
            } else if (running) {
                // The session broke (broker gone, connection closed): the agent's supervisor restarts us.
                LOG.error("step {} on {} stopped: {}", stepName, queue, e.toString(), e);
            }
        } finally {
            running = false;
            ready.countDown();
        }
        LOG.info("step {} on {} stopped", stepName, queue);
    }

    private void handle(Message message, Session transacted, EventPublisher followUps, EventPublisher failureEvents,
                        DeadLetterSender deadLetters) throws JMSException {
        if (!(message instanceof TextMessage text)) {
            deadLetter(message, "", "not a JSON text message: " + message.getClass().getSimpleName(),
                    transacted, deadLetters);
            return;
        }
        String json = text.getText();
        DecodeResult decoded = codec.decode(json);
        if (!decoded.isDecoded()) {
            deadLetter(message, json, decoded.reason(), transacted, deadLetters);
            return;
        }
        EventEnvelope trigger = decoded.envelope();
        int attempt = deliveryAttempt(message);
        StepContext context = new StepContext(host, queue, stepName, attempt);
        try {
            List<EventEnvelope> results = retry.executeCallable(() -> step.handle(trigger, context));
            Objects.requireNonNull(results, "step returned null instead of a list of follow-up events");
            for (EventEnvelope followUp : results) {
                followUps.publish(followUp);
            }
            transacted.commit();
            LOG.debug("step {} handled {} {} ({} follow-ups)", stepName, trigger.type(), trigger.eventId(), results.size());
        } catch (Exception failure) {
            LOG.warn("step {} failed on {} {} (attempt {}): {}", stepName, trigger.type(), trigger.eventId(), attempt,
                    failure.toString());
            reportFailure(trigger, attempt, failure, failureEvents);
            // The broker redelivers after its redelivery delay, and dead-letters after the last attempt.
            transacted.rollback();
        }
    }

    private void deadLetter(Message message, String body, String reason, Session transacted,
                            DeadLetterSender deadLetters) throws JMSException {
        LOG.warn("step {}: dead-lettering message {} from {}: {}", stepName, message.getJMSMessageID(), queue, reason);
        deadLetters.send(message, body, reason);
        transacted.commit();
    }

    private void reportFailure(EventEnvelope trigger, int attempt, Exception failure, EventPublisher failureEvents) {
        try {
            StepFailed event = new StepFailed(stepName, attempt, trigger.eventId(), trigger.type(),
                    failure.getClass().getName(), failure.getMessage(), TransientStepException.isTransient(failure));
            failureEvents.publish(trigger.followUp(event, host));
        } catch (JMSException | RuntimeException e) {
            // The rollback still happens and the broker still redelivers; only the audit record is lost.
            LOG.error("step {}: could not publish StepFailed for {}: {}", stepName, trigger.eventId(), e.toString());
        }
    }

    private static int deliveryAttempt(Message message) {
        try {
            return Math.max(1, message.getIntProperty("JMSXDeliveryCount"));
        } catch (JMSException | NumberFormatException e) {
            return 1;
        }
    }
}
