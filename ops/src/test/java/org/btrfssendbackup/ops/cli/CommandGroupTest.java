package org.btrfssendbackup.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.ops.console.Terminal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the console's grouping commands say when run alone, and the time window both events
 * commands check: usage errors, decided before any broker is reached (none runs here).
 */
class CommandGroupTest {

    private static final ConsoleEnvironment NO_BROKER = new ConsoleEnvironment(Map.of(), Clock.systemUTC(), Terminal.none());

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''     | missing command: events, dlq, status, run, metrics, restore, verify or list",
            "dlq    | missing subcommand: list, retry or purge",
            "events | missing subcommand: tail, list or replay"})
    void aGroupRunAloneNamesItsSubcommandsInOrder(String command, String message) {
        String[] args = command.isEmpty() ? new String[0] : new String[] {command};

        ConsoleResult result = ConsoleHarness.runRaw(NO_BROKER, args);

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains(message);
    }

    @ParameterizedTest
    @CsvSource({"list", "replay"})
    void bothEventsCommandsRefuseASinceThatIsNotBeforeUntil(String command) {
        ConsoleResult result = ConsoleHarness.runRaw(NO_BROKER, "--broker", "tcp://127.0.0.1:1", "events", command,
                "--since", "2026-03-02", "--until", "2026-03-01");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--since 2026-03-02T00:00:00Z is not before --until 2026-03-01T00:00:00Z");
    }
}
