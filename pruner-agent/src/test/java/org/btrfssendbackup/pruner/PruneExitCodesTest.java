package org.btrfssendbackup.pruner;

import static org.assertj.core.api.Assertions.assertThat;

import org.btrfssendbackup.core.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The pruner's statuses are the shared ones plus two of its own; scripts test the numbers. */
class PruneExitCodesTest {

    @Test
    void thePrunersStatusesKeepTheirValues() {
        assertThat(PruneExitCodes.EVENTS_NOT_PUBLISHED).isEqualTo(3);
        assertThat(PruneExitCodes.DAMAGED).isEqualTo(4);
        assertThat(ExitCodes.USAGE).as("picocli's own usage status").isEqualTo(CommandLine.ExitCode.USAGE);
    }
}
