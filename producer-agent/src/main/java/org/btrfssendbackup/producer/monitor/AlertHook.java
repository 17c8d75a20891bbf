package org.btrfssendbackup.producer.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.metrics.RunHistory;
import org.btrfssendbackup.core.metrics.SetHealth;
import org.btrfssendbackup.core.metrics.VerdictChange;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.StdinSource;
import org.btrfssendbackup.messages.JsonFormats;

/**
 * ALERT_COMMAND: the operator's mail or webhook command, run through the project's process runner
 * when a set's verdict leaves OK and when it comes back ({@link VerdictChange}). The details go
 * on its stdin as one JSON object, and a few plain environment variables (none secret) say the
 * same for a shell script. The verdict told is kept in STATE_FILE.history, so a set that stays
 * FAILING does not alert every run; a command that fails is a warning and is tried again at the
 * next check (the verdict is then not recorded as told).
 */
public final class AlertHook {

    /** A hook that hangs must not hold the run (or the failure unit) for ever. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<String> command;
    private final ProcessRunner runner;
    private final Consumer<String> warning;

    public AlertHook(List<String> command, ProcessRunner runner, Consumer<String> warning) {
        this.command = List.copyOf(command);
        this.runner = runner;
        this.warning = warning;
    }

    /**
     * Reads the set's history, and when its verdict changed in a way the operator must hear of,
     * runs the command and records the verdict as told.
     *
     * @return the change told, if any
     */
    public Optional<VerdictChange> check(ProducerConfig set, String host, Instant now) {
        if (command.isEmpty()) {
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
            runner.run(commandLine(set, host, change.get()),
                    StdinSource.bytes(details(set, host, now, history, change.get()).getBytes(StandardCharsets.UTF_8)));
            HistoryFile.write(file, history.notifiedOf(health));
            return change;
        } catch (IOException | RuntimeException e) {
            warning.accept("ALERT_COMMAND for backup set " + set.backupSet() + ": " + e.getMessage()
                    + " (tried again at the next run)");
            return Optional.empty();
        }
    }

    private CommandLine commandLine(ProducerConfig set, String host, VerdictChange change) {
        return CommandLine.of(command).describedAs("ALERT_COMMAND (" + set.backupSet() + " "
                        + change.from().label() + " -> " + change.to().label() + ")")
                .withEnvironment("BTRFS_BACKUP_HOST", host)
                .withEnvironment("BTRFS_BACKUP_SET", set.backupSet())
                .withEnvironment("BTRFS_BACKUP_STATUS", change.to().label())
                .withEnvironment("BTRFS_BACKUP_PREVIOUS_STATUS", change.from().label())
                .withTimeout(TIMEOUT);
    }

    /** The JSON object on the command's stdin. */
    static String details(ProducerConfig set, String host, Instant now, RunHistory history, VerdictChange change) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("host", host);
        fields.put("backupSet", set.backupSet());
        fields.put("status", change.to().label());
        fields.put("previousStatus", change.from().label());
        fields.put("recovered", change.recovered());
        fields.put("time", now.toString());
        fields.put("lastSuccess", history.lastSuccess() == null ? null : history.lastSuccess().toString());
        fields.put("lastRun", history.lastRun() == null ? null : history.lastRun().toString());
        fields.put("lastFailure", history.lastFailure());
        fields.put("staleAfterSeconds", set.monitor().staleAfter().toSeconds());
        try {
            return JsonFormats.line().writeValueAsString(fields) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of a plain map cannot fail", e);
        }
    }
}
