package org.btrfssendbackup.ops.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.metrics.MetricsState;
import org.btrfssendbackup.core.metrics.MetricsText;
import org.btrfssendbackup.core.metrics.Textfile;
import org.btrfssendbackup.ops.console.ConsoleMetrics;
import org.btrfssendbackup.ops.console.HubHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code metrics}: every set's verdict and the dead letters waiting, in the Prometheus text format. */
@Command(name = "metrics", description = {"Metrics of every backup set and the dead letters, for Prometheus.",
        "Prints (or with --textfile writes atomically to DIR/btrfs-backup-console.prom,",
        "for node_exporter's textfile collector: run it from cron) the verdict of each",
        "set as status shows it, its last success with that run's duration and size, and",
        "the dead letters waiting. When the broker cannot be reached, writes",
        "btrfs_backup_broker_up 0 and exits as every command does then."})
final class MetricsCommand extends ConsoleCommand {

    static final String TEXTFILE_NAME = "btrfs-backup-console";

    @Option(names = "--max-age", paramLabel = "AGE", defaultValue = "26h",
            description = "Oldest acceptable last success (default: ${DEFAULT-VALUE}), as for status.")
    String maxAge;

    @Option(names = "--textfile", paramLabel = "DIR", description = "Write DIR/" + TEXTFILE_NAME + ".prom instead of printing.")
    Path textfile;

    @Override
    public Integer call() {
        Duration allowed = maxAge(maxAge);
        Instant now = now();
        MetricsState state;
        try {
            HubHistory history = HubHistory.read(client());
            state = ConsoleMetrics.of(history.events(), history.deadLetters(), now, allowed);
        } catch (RuntimeException e) {
            // Monitoring must see "broker down", not yesterday's file: write that much, then fail as every command does.
            emit(MetricsState.ofSets(List.of()).withBrokerUp(false));
            throw e;
        }
        emit(state);
        return ExitCodes.OK;
    }

    private void emit(MetricsState state) {
        if (textfile == null) {
            out().print(MetricsText.text(state));
            out().flush();
            return;
        }
        try {
            Textfile.write(textfile, TEXTFILE_NAME, state);
        } catch (IOException e) {
            throw new ConsoleFailure(ExitCodes.FAILED, "--textfile: " + e.getMessage().replace("TEXTFILE_DIR ", ""), e);
        }
    }
}
