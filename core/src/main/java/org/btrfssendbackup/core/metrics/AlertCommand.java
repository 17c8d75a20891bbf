package org.btrfssendbackup.core.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.protocol.FlatJson;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.process.StdinSource;

/**
 * ALERT_COMMAND as both hosts run it: the operator's mail or webhook command through the project's
 * process runner, with the change in four plain environment variables (none secret) and the
 * details as one JSON object on stdin. Which verdicts count and which one was last told is the
 * caller's business: prod-srv's producer tells OK/STALE/FAILING, backup-srv's pruner tells CORRUPT.
 */
public final class AlertCommand {

    /** A hook that hangs must not hold the run (or the failure unit, or the scrub) for ever. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<String> command;
    private final ProcessRunner runner;

    /** @param command ALERT_COMMAND's words; empty = none configured, and {@link #run} is never called */
    public AlertCommand(List<String> command, ProcessRunner runner) {
        this.command = List.copyOf(command);
        this.runner = runner;
    }

    public boolean isConfigured() {
        return !command.isEmpty();
    }

    /**
     * Runs the command once for this change.
     *
     * @param details the caller's own fields, after the common ones (host, backupSet, status,
     *                previousStatus, recovered, time)
     * @throws RuntimeException (ProcessFailedException naming argv, exit status and stderr) when it fails,
     *                          so the caller does not record the verdict as told and tries again
     */
    public void run(String host, String backupSet, VerdictChange change, Instant now, Map<String, Object> details) {
        CommandLine line = CommandLine.of(command).describedAs("ALERT_COMMAND (" + backupSet + " "
                        + change.from().label() + " -> " + change.to().label() + ")")
                .withEnvironment("BTRFS_BACKUP_HOST", host)
                .withEnvironment("BTRFS_BACKUP_SET", backupSet)
                .withEnvironment("BTRFS_BACKUP_STATUS", change.to().label())
                .withEnvironment("BTRFS_BACKUP_PREVIOUS_STATUS", change.from().label())
                .withTimeout(TIMEOUT);
        runner.run(line, StdinSource.bytes(json(host, backupSet, change, now, details).getBytes(StandardCharsets.UTF_8)));
    }

    /** The JSON object on the command's stdin, one line. */
    public static String json(String host, String backupSet, VerdictChange change, Instant now,
                              Map<String, Object> details) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("host", host);
        fields.put("backupSet", backupSet);
        fields.put("status", change.to().label());
        fields.put("previousStatus", change.from().label());
        fields.put("recovered", change.recovered());
        fields.put("time", now.toString());
        fields.putAll(details);
        return FlatJson.object(fields) + "\n";
    }
}
