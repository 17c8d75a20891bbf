package org.btrfssendbackup.ops.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.TransferProgress;
import org.junit.jupiter.api.Test;

/** The console's line for a progress event, with and without the expected total. */
class TransferProgressSummaryTest {

    @Test
    void bytesOfTheExpectedTotalAndTheTimeSoFar() {
        assertThat(PayloadSummary.of(new TransferProgress("rootfs-20240501T020001Z", SnapshotKind.FULL, 1_200_000_000L,
                3_400_000_000L, 10_000)))
                .startsWith("rootfs-20240501T020001Z full: sent ").contains(" of ~").endsWith(" in " + PayloadSummary.duration(10_000));
        assertThat(PayloadSummary.of(new TransferProgress("rootfs-20240501T020001Z", SnapshotKind.INCR, 5, null, 10_000)))
                .isEqualTo("rootfs-20240501T020001Z incr: sent " + PayloadSummary.bytes(5) + " in " + PayloadSummary.duration(10_000));
    }
}
