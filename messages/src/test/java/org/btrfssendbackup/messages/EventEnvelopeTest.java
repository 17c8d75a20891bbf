package org.btrfssendbackup.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.InvalidFieldException;
import org.btrfssendbackup.messages.event.LuksClosed;
import org.btrfssendbackup.messages.event.PruneRequested;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    private static final BackupRequested REQUESTED = new BackupRequested("cli", "root", false);

    @Test
    void createStampsTypeVersionFreshIdAndMillisecondTime() {
        Clock clock = Clock.fixed(Instant.parse("2024-05-01T02:00:00.123456789Z"), ZoneOffset.UTC);

        EventEnvelope first = EventEnvelope.create(clock, REQUESTED, "prod-srv", "prod-srv/rootfs", "run-1", null);
        EventEnvelope second = EventEnvelope.create(clock, REQUESTED, "prod-srv", "prod-srv/rootfs", "run-1", null);

        assertThat(first.type()).isEqualTo("BackupRequested");
        assertThat(first.schemaVersion()).isEqualTo(EventEnvelope.SCHEMA_VERSION);
        assertThat(first.occurredAt()).isEqualTo(Instant.parse("2024-05-01T02:00:00.123Z"));
        assertThat(first.eventId()).isNotEqualTo(second.eventId());
    }

    @Test
    void followUpKeepsSetAndRunAndPointsAtItsCause() {
        EventEnvelope cause = EventEnvelope.create(REQUESTED, "prod-srv", "prod-srv/rootfs", "run-1", null);

        EventEnvelope followUp = cause.followUp(new PruneRequested("after-backup", "producer-agent", false), "backup-srv");

        assertThat(followUp.causationId()).isEqualTo(cause.eventId());
        assertThat(followUp.backupSet()).isEqualTo("prod-srv/rootfs");
        assertThat(followUp.runId()).isEqualTo("run-1");
        assertThat(followUp.host()).isEqualTo("backup-srv");
    }

    @Test
    void setScopedEventsNeedASetAndHostWideOnesDoNot() {
        assertThatThrownBy(() -> EventEnvelope.create(new PruneRequested("after-backup", "producer-agent", false),
                "backup-srv", null, null, null))
                .isInstanceOf(InvalidFieldException.class).hasMessage("EventEnvelope.backupSet is required for PruneRequested");
        // A BackupRequested without a set asks for every set of its host (the console's run --host H).
        assertThat(EventEnvelope.create(REQUESTED, "prod-srv", null, "run-1", null).backupSet()).isNull();

        assertThat(EventEnvelope.create(new LuksClosed("/dev/sdb", "crypt", "/mnt", true), "backup-srv", null, null, null)
                .backupSet()).isNull();
    }

    @Test
    void typeMustMatchThePayload() {
        EventEnvelope valid = EventEnvelope.create(REQUESTED, "prod-srv", "s", null, null);

        assertThatThrownBy(() -> new EventEnvelope(valid.eventId(), "StreamSent", 1, valid.occurredAt(), "prod-srv", "s",
                null, null, REQUESTED)).hasMessageContaining("EventEnvelope.type");
    }
}
