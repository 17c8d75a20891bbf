package org.btrfssendbackup.producer.monitor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.metrics.AlertCommand;
import org.btrfssendbackup.core.metrics.RunHistory;
import org.btrfssendbackup.core.metrics.SetHealth;
import org.btrfssendbackup.core.metrics.VerdictChange;
import org.btrfssendbackup.core.process.ProcessRunner;

/**
 * ALERT_COMMAND on prod-srv: the operator's mail or webhook command ({@link AlertCommand}, shared with
 * backup-srv's pruner) when a set's verdict leaves OK and when it comes back ({@link VerdictChange}). The details go
 * on its stdin as one JSON object, and a few plain environment variables (none secret) say the
 * same for a shell script. The verdict told is kept in STATE_FILE.history, so a set that stays
 * FAILING does not alert every run; a command that fails is a warning and is tried again at the
 * next check (the verdict is then not recorded as told).
 */
public final class AlertHook {

    private final AlertCommand command;
    private final Consumer<String> warning;

    public AlertHook(List<String> command, ProcessRunner runner, Consumer<String> warning) {
        this.command = new AlertCommand(command, runner);
        this.warning = warning;
    }

    /**
     * Reads the set's history, and when its verdict changed in a way the operator must hear of,
     * runs the command and records the verdict as told.
     *
     * @return the change told, if any
     */
    public Optional<VerdictChange> check(ProducerConfig set, String host, Instant now) {
        if (!command.isConfigured()) {
            return Optional.empty();
        }
        Path file = HistoryFile.of(set);
        try {
            RunHistory history = HistoryFile.read(file);
            SetHealth health = history.health(now, set.monitor().staleAfter());
            Optional<VerdictChange> change = VerdictChange.between(history.notified(), health);
            if (change.isEmpty()) {
                return change;
            }
            command.run(host, set.backupSet(), change.get(), now, details(set, history));
            HistoryFile.write(file, history.notifiedOf(health));
            return change;
        } catch (IOException | RuntimeException e) {
            warning.accept("ALERT_COMMAND for backup set " + set.backupSet() + ": " + e.getMessage()
                    + " (tried again at the next run)");
            return Optional.empty();
        }
    }

    /** The producer's fields on the command's stdin, after the common ones ({@link AlertCommand#json}). */
    static Map<String, Object> details(ProducerConfig set, RunHistory history) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("lastSuccess", history.lastSuccess() == null ? null : history.lastSuccess().toString());
        fields.put("lastRun", history.lastRun() == null ? null : history.lastRun().toString());
        fields.put("lastFailure", history.lastFailure());
        fields.put("staleAfterSeconds", set.monitor().staleAfter().toSeconds());
        return fields;
    }
}
