package org.btrfssendbackup.producer.agent;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.Topology;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.btrfssendbackup.messages.jms.Step;
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
 *
 * <p>One agent serves every backup set of its host (the service): each trigger goes to the steps
 * of the set it names, since a second consumer per set on the one queue would take, and drop,
 * the other sets' steps.
 */
public final class ProducerAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProducerAgent.class);
    public static final String STEP_NAME = "producer-agent";

    /** One backup set's configuration and tools. */
    public record SetTools(ProducerConfig config, ProducerTools tools) {
        public SetTools {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(tools, "tools");
        }
    }

    private final ProducerConfig config;
    private final ProducerTools tools;
    private final Map<String, ProducerConfig> sets = new LinkedHashMap<>();
    private final Connection connection;
    private final Session factSession;
    private final EventPublisher facts;
    private final StepConsumer consumer;
    private final RunObserver observer;

    private ProducerAgent(List<SetTools> setTools, Connection connection, RunLock lock,
                          StepSettings settings, RunObserver observer) throws JMSException {
        this.config = setTools.get(0).config();
        this.tools = setTools.get(0).tools();
        this.connection = connection;
        this.observer = observer;
        this.factSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        this.facts = new EventPublisher(factSession);
        EventSink sink = this::publishNow;
        Map<String, Step> steps = new LinkedHashMap<>();
        for (SetTools set : setTools) {
            ProducerRuntime runtime = new ProducerRuntime(set.config(), set.tools(), lock, sink);
            if (steps.put(set.config().backupSet(), new ProducerSteps(runtime, observer)) != null) {
                throw new IllegalArgumentException("backup set " + set.config().backupSet() + " given twice");
            }
            sets.put(set.config().backupSet(), set.config());
        }
        // One set: its steps as before (they ignore another producer's set); several: routed by set.
        Step bySet = steps.size() == 1 ? steps.values().iterator().next()
                : (trigger, context) -> steps.getOrDefault(trigger.backupSet(), steps.get(config.backupSet()))
                        .handle(trigger, context);
        // A request for every set of this host (run --host H without --set) becomes one per set,
        // published with the acknowledgement; those come back on this queue and run as any other.
        // Another host's host-wide request on a shared broker is not ours.
        Step step = (trigger, context) -> !HostWideRequest.is(trigger) ? bySet.handle(trigger, context)
                : tools.host().equals(trigger.host()) ? HostWideRequest.perSet(trigger, List.copyOf(steps.keySet()))
                : ignored(trigger, tools.host());
        this.consumer = new StepConsumer(connection, Topology.PRODUCER_AGENT_QUEUE.name(), STEP_NAME, tools.host(),
                step, settings)
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
        return start(List.of(new SetTools(config, tools)), factory, lock, settings, observer);
    }

    /**
     * As {@link #start(ProducerConfig, ProducerTools, ConnectionFactory, RunLock, StepSettings, RunObserver)}
     * for several backup sets (the first one is the default of the requests that name no set).
     */
    public static ProducerAgent start(List<SetTools> sets, ConnectionFactory factory, RunLock lock,
                                      StepSettings settings, RunObserver observer) throws JMSException {
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("a producer agent needs at least one backup set");
        }
        Connection connection = factory.createConnection();
        try {
            connection.setExceptionListener(e -> LOG.error("broker connection failed: {}", e.getMessage()));
            ProducerAgent agent = new ProducerAgent(List.copyOf(sets), connection, lock, settings, observer);
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
        return requestBackup(config.backupSet(), runId, trigger, requestedBy, forceFull);
    }

    /** As {@link #requestBackup(String, String, String, boolean)} for one of this agent's sets. */
    public EventEnvelope requestBackup(String backupSet, String runId, String trigger, String requestedBy,
                                       boolean forceFull) throws JMSException {
        requireSet(backupSet);
        EventEnvelope request = EventEnvelope.create(tools.clock(), new BackupRequested(trigger, requestedBy, forceFull),
                tools.host(), backupSet, runId, null);
        publish(request);
        return request;
    }

    /** Publishes a fact of this producer's set that belongs to run {@code runId} (e.g. RunAborted). */
    public EventEnvelope announce(String runId, EventPayload payload) throws JMSException {
        return announce(config.backupSet(), runId, payload);
    }

    /** As {@link #announce(String, EventPayload)} for one of this agent's sets. */
    public EventEnvelope announce(String backupSet, String runId, EventPayload payload) throws JMSException {
        requireSet(backupSet);
        EventEnvelope event = EventEnvelope.create(tools.clock(), payload, tools.host(), backupSet, runId, null);
        publish(event);
        return event;
    }

    /** The backup sets this agent runs, in order. */
    public List<String> backupSets() {
        return List.copyOf(sets.keySet());
    }

    private static List<EventEnvelope> ignored(EventEnvelope trigger, String thisHost) {
        LOG.warn("ignoring {} {} for every set of host {} (this is {})", trigger.type(), trigger.eventId(),
                trigger.host(), thisHost);
        return List.of();
    }

    private void requireSet(String backupSet) {
        if (!sets.containsKey(backupSet)) {
            throw new IllegalArgumentException("this producer has no backup set " + backupSet + " (it has "
                    + String.join(", ", sets.keySet()) + ")");
        }
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
