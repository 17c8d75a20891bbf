package org.btrfssendbackup.messages.jms;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.List;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.EventSamples;
import org.btrfssendbackup.messages.Topology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing through a real embedded Artemis: routing by filter, properties, duplicate detection. */
class EventPublisherTest {

    @TempDir
    Path dataDir;

    private EmbeddedTestBroker broker;
    private Connection connection;

    @BeforeEach
    void startBroker() throws Exception {
        broker = new EmbeddedTestBroker(dataDir);
        connection = broker.connect();
    }

    @AfterEach
    void stopBroker() throws Exception {
        connection.close();
        broker.close();
    }

    private void publishAll(List<EventEnvelope> events) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             EventPublisher publisher = new EventPublisher(session)) {
            for (EventEnvelope event : events) {
                publisher.publish(event);
            }
        }
    }

    private List<String> typesOn(String queue) throws Exception {
        return QueueReader.drainEvents(connection, Topology.fullyQualified(queue), 300).stream()
                .map(EventEnvelope::type).toList();
    }

    @Test
    void filtersRouteEachTypeOnlyToItsQueueAndAuditGetsEverything() throws Exception {
        publishAll(EventSamples.all());

        assertThat(typesOn(Topology.AUDIT_QUEUE))
                .containsExactlyElementsOf(EventSamples.all().stream().map(EventEnvelope::type).toList());
        assertThat(typesOn(Topology.PRODUCER_AGENT_QUEUE.name()))
                .containsExactly("BackupRequested", "SnapshotCreated", "StreamSent");
        assertThat(typesOn(Topology.PRUNER_AGENT_QUEUE.name())).containsExactly("PruneRequested");
    }

    @Test
    void messagesCarryRoutingPropertiesAndAreDecodableEvents() throws Exception {
        EventEnvelope requested = EventSamples.all().get(0);
        publishAll(List.of(requested));

        Message message = QueueReader.drain(connection, Topology.fullyQualified(Topology.AUDIT_QUEUE), 300).get(0);
        assertThat(message.getStringProperty(Topology.PROPERTY_TYPE)).isEqualTo("BackupRequested");
        assertThat(message.getStringProperty(Topology.PROPERTY_BACKUP_SET)).isEqualTo(EventSamples.SET);
        assertThat(message.getStringProperty(Topology.PROPERTY_HOST)).isEqualTo(EventSamples.HOST);
        assertThat(message.getStringProperty(Topology.PROPERTY_RUN_ID)).isEqualTo(EventSamples.RUN_ID);
        assertThat(message.getStringProperty(Topology.PROPERTY_DUPLICATE_ID)).isEqualTo(requested.eventId().toString());
        assertThat(message.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
    }

    @Test
    void hostWideEventsHaveNoSetProperty() throws Exception {
        EventEnvelope luksOpened = EventSamples.all().stream().filter(e -> e.type().equals("LuksOpened")).findFirst().orElseThrow();
        publishAll(List.of(luksOpened));

        Message message = QueueReader.drain(connection, Topology.fullyQualified(Topology.AUDIT_QUEUE), 300).get(0);
        assertThat(message.propertyExists(Topology.PROPERTY_BACKUP_SET)).isFalse();
        assertThat(message.propertyExists(Topology.PROPERTY_RUN_ID)).isFalse();
    }

    @Test
    void aDuplicateEventIdIsDeliveredOnce() throws Exception {
        EventEnvelope requested = EventSamples.all().get(0);
        publishAll(List.of(requested, requested));
        publishAll(List.of(requested));

        assertThat(typesOn(Topology.AUDIT_QUEUE)).containsExactly("BackupRequested");
        assertThat(typesOn(Topology.PRODUCER_AGENT_QUEUE.name())).containsExactly("BackupRequested");
    }
}
