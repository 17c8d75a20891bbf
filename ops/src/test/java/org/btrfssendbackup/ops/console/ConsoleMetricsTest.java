package org.btrfssendbackup.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.btrfssendbackup.core.metrics.SetMetrics;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.PruneCompleted;
import org.btrfssendbackup.messages.event.PruneTarget;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.junit.jupiter.api.Test;

/** The per-set metrics the console and the web console's fleet page show. */
class ConsoleMetricsTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final String SET = "prod-srv/rootfs";

    @Test
    void aSetsHostIsItsProducersEvenWhenBackupSrvPublishedItsNewestEvent() {
        List<EventLine> events = List.of(
                line(new BackupRequested("timer", "root", false), "prod-srv", 3),
                line(new BackupCompleted("rootfs-20261204T090000Z", SnapshotKind.FULL, null, BackupMode.REMOTE_BTRFS, 1,
                        null, NOW.minus(Duration.ofHours(3)), 1000), "prod-srv", 2),
                line(PruneCompleted.of(PruneTarget.STREAMS, 0, 0, Map.of(), false, 10), "backup-srv", 1));
        SetMetrics set = ConsoleMetrics.of(events, List.of(), NOW, Duration.ofHours(26)).sets().get(0);
        assertThat(set.host()).isEqualTo("prod-srv");
    }

    @Test
    void withoutARunsRequestTheNewestEventNamesTheHost() {
        List<EventLine> events = List.of(line(PruneCompleted.of(PruneTarget.STREAMS, 0, 0, Map.of(), false, 10), "backup-srv", 1));
        assertThat(ConsoleMetrics.of(events, List.of(), NOW, Duration.ofHours(26)).sets().get(0).host())
                .isEqualTo("backup-srv");
    }

    private static EventLine line(EventPayload payload, String host, int hoursAgo) {
        return EventLine.of(EventEnvelope.create(Clock.fixed(NOW.minus(Duration.ofHours(hoursAgo)), ZoneOffset.UTC),
                payload, host, SET, null, null));
    }
}
