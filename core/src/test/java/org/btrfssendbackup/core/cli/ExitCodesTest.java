package org.btrfssendbackup.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Scripts and systemd units test these numbers: they are an interface and must not move. */
class ExitCodesTest {

    @Test
    void theSharedStatusesKeepTheirValues() {
        assertThat(ExitCodes.OK).isZero();
        assertThat(ExitCodes.FAILED).isEqualTo(1);
        assertThat(ExitCodes.USAGE).isEqualTo(2);
    }
}
