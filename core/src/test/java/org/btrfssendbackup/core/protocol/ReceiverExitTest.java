package org.btrfssendbackup.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The receiver's exit statuses are read by producers of other builds: their values are the protocol's. */
class ReceiverExitTest {

    @Test
    void theStatusesKeepTheirValues() {
        assertThat(new int[] {ReceiverExit.OK, ReceiverExit.FAILED, ReceiverExit.REFUSED, ReceiverExit.NO_SPACE})
                .containsExactly(0, 1, 2, 3);
        assertThat(ReceiverProtocol.PROGRAM).isEqualTo("btrfs-backup-receive");
    }
}
