package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.TransferProgress;
import org.junit.jupiter.api.Test;

/** The one-shot run's timeline line of a progress event. */
class TimelineProgressTest {

    @Test
    void bytesOfTheExpectedTotalAfterSeconds() {
        assertThat(Timeline.details(new TransferProgress("rootfs-20240501T020001Z", SnapshotKind.FULL, 1200, 3400L, 20_500)))
                .isEqualTo("rootfs-20240501T020001Z 1200 of ~3400 bytes after 20 s");
        assertThat(Timeline.details(new TransferProgress("rootfs-20240501T020001Z", SnapshotKind.FULL, 1200, null, 10_000)))
                .isEqualTo("rootfs-20240501T020001Z 1200 bytes after 10 s");
    }
}
