package org.btrfssendbackup.producer;

import static org.assertj.core.api.Assertions.assertThat;

import org.btrfssendbackup.core.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The producer's statuses are the shared ones plus LOCKED; systemd units and scripts test the numbers. */
class ProducerExitCodesTest {

    @Test
    void theProducersStatusesKeepTheirValues() {
        assertThat(ProducerExitCodes.LOCKED).isEqualTo(3);
        assertThat(ProducerExitCodes.LOCKED).isNotIn(ExitCodes.OK, ExitCodes.FAILED, ExitCodes.USAGE);
        assertThat(ExitCodes.USAGE).as("picocli's own usage status").isEqualTo(CommandLine.ExitCode.USAGE);
    }
}
