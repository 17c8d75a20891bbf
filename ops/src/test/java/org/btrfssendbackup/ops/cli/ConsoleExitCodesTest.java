package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.btrfssendbackup.core.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The console's statuses are the shared ones plus two of its own; scripts test the numbers. */
class ConsoleExitCodesTest {

    @Test
    void theConsolesStatusesKeepTheirValues() {
        assertThat(ConsoleExitCodes.BROKER_UNREACHABLE).isEqualTo(3);
        assertThat(ConsoleExitCodes.AUTHENTICATION_REFUSED).isEqualTo(4);
        assertThat(ExitCodes.USAGE).as("picocli's own usage status").isEqualTo(CommandLine.ExitCode.USAGE);
    }
}
