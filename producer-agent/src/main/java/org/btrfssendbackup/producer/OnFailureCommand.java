package org.btrfssendbackup.producer;

import java.time.Instant;
import java.util.List;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.config.BackupSets.BackupSet;
import org.btrfssendbackup.core.metrics.RunHistory;
import org.btrfssendbackup.core.metrics.SetHealth;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.messages.LocalHostName;
import org.btrfssendbackup.producer.monitor.AlertHook;
import org.btrfssendbackup.producer.monitor.HistoryFile;
import org.btrfssendbackup.producer.monitor.ProducerMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code on-failure UNIT}: what the run timer's failure unit (btrfs-send-backup-failed@.service)
 * calls. A run that died without recording its end (killed, out of memory, stopped by systemd)
 * is recorded as failed in every set whose history still says OK, and ALERT_COMMAND is told
 * through the same path as a run's own failure, so a failure the run already reported is not
 * told twice; TEXTFILE_DIR's file is rewritten, so node_exporter shows the failure at once.
 */
@Command(name = "on-failure", description = {"Records that UNIT failed and runs ALERT_COMMAND for each set whose verdict left OK.",
                "Called by btrfs-send-backup-failed@.service (the run timer's OnFailure=). A set whose last run "
                + "already recorded its failure is left as it is, and is not told about twice. Exit 0, or 1 when "
                + "a history file could not be written."})
final class OnFailureCommand extends ProducerSubcommand {

    @Parameters(index = "0", paramLabel = "UNIT", description = "the failed unit, e.g. btrfs-send-backup-run.service")
    String unit;

    @Override
    public Integer call() throws Exception {
        List<BackupSet> sets = sets();
        Instant now = Instant.now();
        String host = LocalHostName.get();
        int status = ExitCodes.OK;
        for (BackupSet set : sets) {
            var file = HistoryFile.of(set.config());
            try {
                RunHistory history = HistoryFile.read(file);
                if (history.health(now, set.config().monitor().staleAfter()) == SetHealth.OK) {
                    HistoryFile.write(file, history.failed(now, unit + " failed without recording its end: see "
                            + "journalctl -u " + unit));
                }
            } catch (java.io.IOException e) {
                main.err.println("backup set " + set.name() + ": " + e.getMessage());
                status = ExitCodes.FAILED;
            }
            new AlertHook(set.config().monitor().alertCommand(), new LocalProcessRunner(),
                    w -> main.err.println("warning: " + w)).check(set.config(), host, now);
        }
        ProducerMetrics.writeTextfile(sets.stream().map(BackupSet::config).toList(), host, now,
                w -> main.err.println("warning: " + w));
        return status;
    }
}
