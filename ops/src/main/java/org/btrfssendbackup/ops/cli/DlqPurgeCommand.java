package org.btrfssendbackup.ops.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.btrfssendbackup.broker.DeadLetters;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.ops.console.Terminal;

/**
 * {@code dlq purge}: deletes every dead letter for good. It asks first; without a terminal
 * to ask on it refuses unless --yes, so a script can never purge by accident.
 */
@Command(name = "purge", description = {"Delete every dead letter for good.",
        "Asks for confirmation on the terminal; without a terminal it refuses (exit 2) unless --yes."})
final class DlqPurgeCommand extends ConsoleCommand {

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() {
        Terminal terminal = root().environment().terminal();
        if (!yes && !terminal.isInteractive()) {
            throw new ConsoleFailure(ExitCodes.USAGE, "refusing to purge without confirmation: no terminal to ask on"
                    + " (add --yes to purge anyway)");
        }
        try (DeadLetters deadLetters = DeadLetters.connect(client())) {
            long waiting = deadLetters.count();
            if (waiting == 0) {
                report(0, "the dead-letter queue is already empty");
                return ExitCodes.OK;
            }
            if (!yes) {
                String answer = terminal.readLine("Delete all " + waiting + " dead letter(s) for good? Type yes to confirm: ");
                if (answer == null || !answer.strip().equals("yes")) {
                    throw new ConsoleFailure(ExitCodes.FAILED, "not purged: not confirmed");
                }
            }
            long purged = deadLetters.purge();
            report(purged, "deleted " + purged + " dead letter(s)");
        }
        return ExitCodes.OK;
    }

    private void report(long purged, String message) {
        if (json()) {
            printJson(Map.of("purged", purged));
        } else {
            out().println(message);
            out().flush();
        }
    }
}
