package org.btrfssendbackup.pruner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.btrfssendbackup.core.files.AtomicReplace;
import org.btrfssendbackup.core.integrity.CheckRecord;
import org.btrfssendbackup.core.integrity.CheckRecords;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.StoreLayout;
import org.btrfssendbackup.core.layout.StoredSets;
import org.btrfssendbackup.core.metrics.AlertCommand;
import org.btrfssendbackup.core.metrics.SetHealth;
import org.btrfssendbackup.core.metrics.VerdictChange;
import org.btrfssendbackup.core.retention.ChainIntegrity;

/**
 * ALERT_COMMAND on backup-srv, the host that knows a stored stream is damaged: after each scrub
 * the pruner tells the operator when a set turns CORRUPT and when it recovers, with the same
 * command semantics, environment and stdin as the producer's hook ({@link AlertCommand}).
 *
 * <p>A set is CORRUPT while one of its stored streams failed its last integrity check (the
 * records under BACKUP_ROOT/.integrity that the pruner plans on); it is OK again once none does
 * (the operator deleted the damaged streams, or a later check found the file intact). The verdict
 * last told is kept per set in {@code BACKUP_ROOT/.integrity/SET/alert.told}, so a scrub that
 * finds the same damage again says nothing; a command that fails is a warning and is tried again
 * after the next scrub (the verdict is then not recorded as told).
 */
public final class CorruptAlert {

    static final String TOLD_FILE = "alert.told";

    private final StoreLayout layout;
    private final AlertCommand command;
    private final String host;
    private final Clock clock;
    private final Consumer<String> warning;

    public CorruptAlert(StoreLayout layout, AlertCommand command, String host, Clock clock, Consumer<String> warning) {
        this.layout = layout;
        this.command = command;
        this.host = host;
        this.clock = clock;
        this.warning = warning;
    }

    /**
     * @param only one set, or empty for every set under BACKUP_ROOT
     * @return the changes told, set by set
     */
    public List<VerdictChange> check(Optional<BackupSetName> only) {
        if (!command.isConfigured()) {
            return List.of();
        }
        List<BackupSetName> sets;
        try {
            sets = only.isPresent() ? List.of(only.get()) : StoredSets.under(layout);
        } catch (IOException e) {
            warning.accept("ALERT_COMMAND: cannot list the sets under " + layout.backupRoot() + ": " + e.getMessage()
                    + " (tried again after the next scrub)");
            return List.of();
        }
        List<VerdictChange> told = new ArrayList<>();
        for (BackupSetName set : sets) {
            check(set).ifPresent(told::add);
        }
        return told;
    }

    private Optional<VerdictChange> check(BackupSetName set) {
        Instant now = clock.instant();
        Path file = toldFile(set);
        try {
            StoredSet stored = StoredSetScanner.scan(layout, set, now);
            Map<String, CheckRecord> failed = failedChecks(stored);
            SetHealth health = verdict(failed);
            Optional<VerdictChange> change = VerdictChange.between(readTold(file), health);
            if (change.isEmpty()) {
                return change;
            }
            command.run(host, set.value(), change.get(), now, details(stored, failed));
            writeTold(file, health);
            return change;
        } catch (IOException | RuntimeException e) {
            warning.accept("ALERT_COMMAND for backup set " + set + ": " + e.getMessage()
                    + " (tried again after the next scrub)");
            return Optional.empty();
        }
    }

    /** CORRUPT while a stored stream failed its last check; otherwise OK (backup-srv knows nothing of runs). */
    static SetHealth verdict(Map<String, CheckRecord> failedChecks) {
        return failedChecks.isEmpty() ? SetHealth.OK : SetHealth.CORRUPT;
    }

    /** The set's streams whose last check failed, by snapshot name, oldest first. */
    static Map<String, CheckRecord> failedChecks(StoredSet stored) {
        Map<String, CheckRecord> failed = new LinkedHashMap<>();
        for (StoredStream stream : stored.streams()) {
            stream.lastCheck().filter(check -> !check.passed()).ifPresent(check -> failed.put(stream.name(), check));
        }
        return failed;
    }

    /** backup-srv's fields on the command's stdin: the damaged streams and the restore points they take down. */
    private static Map<String, Object> details(StoredSet stored, Map<String, CheckRecord> failed) {
        List<Map<String, Object>> corrupt = new ArrayList<>();
        failed.forEach((name, check) -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("file", check.streamFile());
            item.put("problem", check.problem().orElse(""));
            item.put("checkedAt", check.checkedAt().toString());
            corrupt.add(item);
        });
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("corruptStreams", corrupt);
        fields.put("unrestorable", List.copyOf(ChainIntegrity.unrestorable(
                stored.streams().stream().map(StoredStream::point).toList(), stored.damaged()).keySet()));
        return fields;
    }

    Path toldFile(BackupSetName set) {
        return layout.backupRoot().resolve(CheckRecords.DIRECTORY).resolve(set.value()).resolve(TOLD_FILE);
    }

    /** The verdict last told, null when never (taken as OK). */
    private static SetHealth readTold(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("notified=")) {
            throw new IOException("unreadable " + file + ": expected notified=ok|corrupt, got '" + text + "'");
        }
        try {
            return SetHealth.valueOf(text.substring("notified=".length()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable " + file + ": unknown verdict in '" + text + "'", e);
        }
    }

    /** Atomically, so a crash leaves the old verdict or the new one, never half a file. */
    private static void writeTold(Path file, SetHealth health) throws IOException {
        AtomicReplace.write(file, ("notified=" + health.label() + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
