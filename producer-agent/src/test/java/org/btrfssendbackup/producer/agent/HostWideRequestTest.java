package org.btrfssendbackup.producer.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.junit.jupiter.api.Test;

class HostWideRequestTest {

    private static final BackupRequested FULL = new BackupRequested("ops-console", "operator@ops", true);

    @Test
    void oneRequestPerSetInOrderCausedByTheHostWideOneWithItsTimeAndPayload() {
        EventEnvelope everySet = EventEnvelope.create(FULL, "web1", null, "run-1", null);

        List<EventEnvelope> perSet = HostWideRequest.perSet(everySet, List.of("web1/rootfs", "web1/home"));

        assertThat(perSet).extracting(EventEnvelope::backupSet).containsExactly("web1/rootfs", "web1/home");
        assertThat(perSet).allSatisfy(e -> {
            assertThat(e.host()).isEqualTo("web1");
            assertThat(e.payload()).isEqualTo(FULL);
            assertThat(e.causationId()).isEqualTo(everySet.eventId());
            assertThat(e.occurredAt()).isEqualTo(everySet.occurredAt());
            assertThat(HostWideRequest.is(e)).isFalse();
        });
        assertThat(perSet).extracting(EventEnvelope::runId).doesNotHaveDuplicates();
        assertThat(perSet).extracting(EventEnvelope::eventId).doesNotHaveDuplicates().doesNotContain(everySet.eventId());
    }

    /** A redelivered host-wide request yields the same events, which the broker's duplicate detection drops. */
    @Test
    void aRedeliveryYieldsTheSameIdsAndAnotherRequestOthers() {
        EventEnvelope everySet = EventEnvelope.create(FULL, "web1", null, "run-1", null);
        EventEnvelope another = EventEnvelope.create(FULL, "web1", null, "run-1", null);
        List<String> sets = List.of("web1/rootfs", "web1/home");

        assertThat(HostWideRequest.perSet(everySet, sets)).isEqualTo(HostWideRequest.perSet(everySet, sets));
        assertThat(HostWideRequest.perSet(another, sets)).extracting(EventEnvelope::eventId)
                .doesNotContainAnyElementsOf(HostWideRequest.perSet(everySet, sets).stream().map(EventEnvelope::eventId)
                        .toList());
    }

    @Test
    void onlyABackupRequestedNamingNoSetIsHostWide() {
        EventEnvelope oneSet = EventEnvelope.create(FULL, "web1", "web1/rootfs", "run-1", null);

        assertThat(HostWideRequest.is(EventEnvelope.create(FULL, "web1", null, "run-1", null))).isTrue();
        assertThat(HostWideRequest.is(oneSet)).isFalse();
        assertThatThrownBy(() -> HostWideRequest.perSet(oneSet, List.of("web1/rootfs")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("for web1/rootfs is not");
    }
}
