package org.btrfssendbackup.producer.agent;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.util.Objects;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.btrfssendbackup.messages.jms.StepConsumer;
import org.btrfssendbackup.messages.jms.StepSettings;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.steps.EventSink;
import org.btrfssendbackup.producer.steps.ProducerRuntime;
import org.btrfssendbackup.producer.steps.ProducerSteps;
import org.btrfssendbackup.producer.steps.ProducerTools;
import org.btrfssendbackup.producer.steps.RunObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer on the event backbone: one {@link StepConsumer} on the producer-agent queue
 * running {@link ProducerSteps}, and a non-transacted session for facts and requests. Used by
 * the service, the one-shot run, the all-in-one launcher and the end-to-end tests.
 */
public final class ProducerAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerAgent.class);
    public static final String STEP_NAME = "producer-agent";

    private final ProducerConfig config;
    private final ProducerTools tools;
    private final Connection connection;
    private final Session factSession;
    private final EventPublisher facts;
    private final StepConsumer consumer;
    private final RunObserver observer;

    private ProducerAgent(ProducerConfig config, ProducerTools tools, Connection connection, RunLock lock,
                          StepSettings settings, RunObserver observer) throws JMSException {
        this.config = config;
        this.tools = tools;
        this.connection = connection;
        this.observer = observer;
        this.factSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        this.facts = new EventPublisher(factSession);
        EventSink sink = this::publishNow;
        ProducerRuntime runtime = new ProducerRuntime(config, tools, lock, sink);
        this.consumer = new StepConsumer(connection, Topology.PRODUCER_AGENT_QUEUE.name(), STEP_NAME, tools.host(),
                new ProducerSteps(runtime, observer), settings)
                // The consumer's StepFailed says whether it is final: the one-shot run ends on it.
                .onStepFailed(observer::onEvent);
    }

    /**
     * Connects and starts consuming.
     *
     * @param factory  how to reach the broker (the caller's credentials are in it)
     * @param lock     LOCK_FILE; shared with a one-shot caller that already holds it
     * @param observer sees every event this agent emits and every step failure
     * @throws JMSException when the broker cannot be reached or refuses this user
     */
    public static ProducerAgent start(ProducerConfig config, ProducerTools tools, ConnectionFactory factory,
                                      RunLock lock, StepSettings settings, RunObserver observer) throws JMSException {
        Objects.requireNonNull(config, "config");
        Connection connection = factory.createConnection();
        try {
            connection.setExceptionListener(e -> LOG.error("broker connection failed: {}", e.getMessage()));
            ProducerAgent agent = new ProducerAgent(config, tools, connection, lock, settings, observer);
            agent.consumer.start();
            return agent;
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Publishes a BackupRequested that starts a new run; returns it (its runId names the run). */
    public EventEnvelope requestBackup(String trigger, String requestedBy, boolean forceFull) throws JMSException {
        return requestBackup(EventEnvelope.newRunId(), trigger, requestedBy, forceFull);
    }

    /** As {@link #requestBackup(String, String, boolean)} with a run id chosen by the caller (to follow it). */
    public EventEnvelope requestBackup(String runId, String trigger, String requestedBy, boolean forceFull)
            throws JMSException {
        EventEnvelope request = EventEnvelope.create(tools.clock(), new BackupRequested(trigger, requestedBy, forceFull),
                tools.host(), config.backupSet(), runId, null);
        publish(request);
        return request;
    }

    /** Publishes a fact of this producer's set that belongs to run {@code runId} (e.g. RunAborted). */
    public EventEnvelope announce(String runId, EventPayload payload) throws JMSException {
        EventEnvelope event = EventEnvelope.create(tools.clock(), payload, tools.host(), config.backupSet(), runId, null);
        publish(event);
        return event;
    }

    /** Whether the consumer still runs (it stops when the broker connection breaks). */
    public boolean isRunning() {
        return consumer.isRunning();
    }

    private void publishNow(EventEnvelope event) {
        try {
            publish(event);
        } catch (JMSException e) {
            // The fact stays in the log; the step itself is not failed for an audit record.
            LOG.error("could not publish {} to the broker: {}", event.type(), e.getMessage());
        }
    }

    private synchronized void publish(EventEnvelope event) throws JMSException {
        facts.publish(event);
        observer.onEvent(event);
    }

    /** Stops without waiting for a step in hand (the run's deadline passed), then closes. */
    public void abort() {
        consumer.abort();
        close();
    }

    @Override
    public void close() {
        consumer.stop();
        try {
            connection.close();
        } catch (JMSException e) {
            LOG.warn("closing the broker connection: {}", e.getMessage());
        }
    }
}
