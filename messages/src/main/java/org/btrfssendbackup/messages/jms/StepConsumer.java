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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
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
 *   <li>run the step, retrying transient failures in place (Resilience4j); every failed try
 *       publishes a StepFailed (with its in-step try number), so the audit holds each one;</li>
 *   <li>publish its follow-ups in the same transaction and commit;</li>
 *   <li>on failure: publish StepFailed on a separate non-transacted session (so the record
 *       survives whatever the transaction does), then, in the transaction, either schedule the
 *       next attempt (a delayed copy on this queue, {@link RetrySender}) or, for a permanent
 *       failure or the last attempt of {@link StepSettings#redelivery()}, dead-letter the
 *       trigger with the reason; and commit. The StepFailed says which ({@code finalFailure}),
 *       so whoever waits for the run knows without counting attempts or knowing the broker's
 *       max-delivery-attempts, which never comes into play for a step failure.</li>
 *   <li>if publishing the follow-ups or the commit fails (broker trouble), roll back: the
 *       broker redelivers, and its own limit applies.</li>
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

    private volatile Consumer<EventEnvelope> failureListener = failed -> { };
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
     * Also hands every StepFailed this consumer publishes to {@code listener} (on the consumer's
     * thread), so an in-process waiter learns a final failure even when the broker's copy is
     * not readable to it. Set before {@link #start()}.
     */
    public StepConsumer onStepFailed(Consumer<EventEnvelope> listener) {
        this.failureListener = Objects.requireNonNull(listener, "listener");
        return this;
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
        end(settings.receiveTimeout().toMillis() + STOP_GRACE_MILLIS, "did not stop in time; interrupting it");
    }

    /**
     * Stops without waiting for the step in hand: after one receive timeout the thread is
     * interrupted (a run whose deadline passed must not wait on a hung step to release its lock).
     */
    public synchronized void abort() {
        end(settings.receiveTimeout().toMillis() + 100, "aborted; interrupting the step in hand");
    }

    /**
     * Stop and abort differ only in how long the step in hand may take before it is interrupted
     * (and in the warning): both end the loop, wait, interrupt, and wait a grace period more.
     */
    private void end(long waitMillis, String whenStillAlive) {
        running = false;
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(waitMillis);
            if (thread.isAlive()) {
                LOG.warn("step {} on {} {}", stepName, queue, whenStillAlive);
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
            RetrySender retries = new RetrySender(transacted, queue);
            ready.countDown();
            LOG.info("step {} consuming {}", stepName, queue);
            while (running) {
                Message message = consumer.receive(settings.receiveTimeout().toMillis());
                if (message != null) {
                    handle(message, transacted, followUps, failureEvents, deadLetters, retries);
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
                        DeadLetterSender deadLetters, RetrySender retries) throws JMSException {
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
        int attempt = RetrySender.attemptOf(message);
        StepContext context = new StepContext(host, queue, stepName, attempt);
        AtomicInteger tries = new AtomicInteger();
        List<EventEnvelope> results;
        try {
            results = retry.executeCallable(() -> {
                int currentTry = tries.incrementAndGet();
                try {
                    return step.handle(trigger, context);
                } catch (Exception failure) {
                    if (TransientStepException.isTransient(failure) && currentTry < settings.inStepAttempts()) {
                        // Retried in place next: recorded now, or the audit would hold only the last try.
                        reportFailure(trigger, attempt, currentTry, failure, false, failureEvents);
                    }
                    throw failure;
                }
            });
            Objects.requireNonNull(results, "step returned null instead of a list of follow-up events");
        } catch (Exception failure) {
            stepFailed(message, json, trigger, attempt, Math.max(1, tries.get()), failure, transacted, failureEvents,
                    deadLetters, retries);
            return;
        }
        try {
            for (EventEnvelope followUp : results) {
                followUps.publish(followUp);
            }
            transacted.commit();
            LOG.debug("step {} handled {} {} ({} follow-ups)", stepName, trigger.type(), trigger.eventId(), results.size());
        } catch (JMSException | RuntimeException failure) {
            LOG.warn("step {}: publishing the follow-ups of {} {} failed (attempt {}): {}", stepName, trigger.type(),
                    trigger.eventId(), attempt, failure.toString());
            reportFailure(trigger, attempt, Math.max(1, tries.get()), failure, false, failureEvents);
            // Broker trouble, not the step's: the broker redelivers, and its own limit applies.
            transacted.rollback();
        }
    }

    /**
     * A step failed for this delivery: permanent, or transient on the last attempt, is final
     * (dead letter with the reason); otherwise the next attempt is scheduled. Either way the
     * trigger leaves the queue in this commit: no redelivery loop the broker would count.
     */
    private void stepFailed(Message message, String json, EventEnvelope trigger, int attempt, int tries,
                            Exception failure, Session transacted, EventPublisher failureEvents,
                            DeadLetterSender deadLetters, RetrySender retries) throws JMSException {
        boolean permanent = PermanentStepException.isPermanent(failure);
        boolean last = permanent || settings.redelivery().isLast(attempt);
        LOG.warn("step {} failed on {} {} (attempt {} of {}{}): {}", stepName, trigger.type(), trigger.eventId(), attempt,
                settings.redelivery().maxAttempts(), permanent ? ", permanent" : last ? ", the last" : "",
                failure.toString());
        reportFailure(trigger, attempt, tries, failure, last, failureEvents);
        if (last) {
            String reason = "step " + stepName + (permanent ? " failed permanently" : " failed on its last attempt")
                    + " (attempt " + attempt + " of " + settings.redelivery().maxAttempts() + "): "
                    + failure.getMessage();
            deadLetters.send(message, json, reason, trigger.eventId().toString(), attempt);
        } else {
            retries.send(message, json, attempt + 1, settings.redelivery().delayAfter(attempt));
        }
        transacted.commit();
    }

    private void deadLetter(Message message, String body, String reason, Session transacted,
                            DeadLetterSender deadLetters) throws JMSException {
        LOG.warn("step {}: dead-lettering message {} from {}: {}", stepName, message.getJMSMessageID(), queue, reason);
        deadLetters.send(message, body, reason);
        transacted.commit();
    }

    private void reportFailure(EventEnvelope trigger, int attempt, int inStepTry, Exception failure, boolean last,
                               EventPublisher failureEvents) {
        EventEnvelope event;
        try {
            event = trigger.followUp(new StepFailed(stepName, attempt, trigger.eventId(), trigger.type(),
                    failure.getClass().getName(), failure.getMessage(), TransientStepException.isTransient(failure),
                    last, inStepTry), host);
        } catch (RuntimeException e) {
            LOG.error("step {}: could not build StepFailed for {}: {}", stepName, trigger.eventId(), e.toString());
            return;
        }
        try {
            failureEvents.publish(event);
        } catch (JMSException | RuntimeException e) {
            // The attempt is still scheduled or dead-lettered; only the audit record is lost.
            LOG.error("step {}: could not publish StepFailed for {}: {}", stepName, trigger.eventId(), e.toString());
        }
        try {
            failureListener.accept(event);
        } catch (RuntimeException e) {
            LOG.error("step {}: StepFailed listener failed: {}", stepName, e.toString(), e);
        }
    }
}
