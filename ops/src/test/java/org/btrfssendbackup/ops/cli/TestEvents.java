package org.btrfssendbackup.ops.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.Session;

import org.btrfssendbackup.broker.BrokerFixture;
import org.btrfssendbackup.broker.BrokerManagement;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.messages.event.StreamCorrupt;
import org.btrfssendbackup.messages.jms.EventPublisher;

/** Real events published the way agents publish them (EventPublisher, producer user). */
final class TestEvents {

    static final String HOST = "prod-srv";

    private TestEvents() {
    }

    static EventEnvelope event(EventPayload payload, String set, Instant occurredAt) {
        return EventEnvelope.create(Clock.fixed(occurredAt, ZoneOffset.UTC), payload, HOST, set, "run-1", null);
    }

    static EventEnvelope requested(String set) {
        return EventEnvelope.create(new BackupRequested("timer", "btrfs-send-backup.timer", false), HOST, set, "run-1", null);
    }

    static EventEnvelope completed(String set, Instant at) {
        return event(new BackupCompleted("rootfs-20240501T020003Z", SnapshotKind.FULL, null, BackupMode.ENCRYPTED_STREAM,
                4096, null, at.minusSeconds(60), 60_000), set, at);
    }

    static EventEnvelope stepFailed(String set, Instant at) {
        return event(new StepFailed("producer-agent/send", 1, UUID.randomUUID(), "SnapshotCreated",
                "java.io.IOException", "ssh: connection reset", true), set, at);
    }

    /** The scrub's finding that the full stream {@link #completed} stored is damaged, taking down two points. */
    static EventEnvelope streamCorrupt(String set, Instant at) {
        return event(new StreamCorrupt("rootfs-20240501T020003Z", set + "/rootfs-20240501T020003Z.full.btrfs.gpg",
                "sha256 differs from the manifest", null, null,
                List.of("rootfs-20240501T020003Z", "rootfs-20240502T020003Z")), set, at);
    }

    static void publish(BrokerFixture fixture, EventEnvelope... events) throws Exception {
        try (Connection connection = fixture.client(BrokerRole.PRODUCER).connect()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (EventPublisher publisher = new EventPublisher(session)) {
                for (EventEnvelope event : events) {
                    publisher.publish(event);
                }
            }
        }
    }

    /** Messages waiting on a queue, asked of the broker. */
    static long messageCount(BrokerFixture fixture, String queue) {
        try (BrokerManagement management = BrokerManagement.connect(fixture.client(BrokerRole.OPERATOR))) {
            return management.invokeForLong(BrokerManagement.queueResource(queue), "countMessages");
        }
    }
}
