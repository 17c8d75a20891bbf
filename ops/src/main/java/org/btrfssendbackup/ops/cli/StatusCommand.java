package org.btrfssendbackup.ops.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.ops.console.PayloadSummary;
import org.btrfssendbackup.ops.console.StoreFacts;
import org.btrfssendbackup.ops.console.HubHistory;
import org.btrfssendbackup.ops.console.SetStatus;
import org.btrfssendbackup.ops.console.StatusEvaluator;
import org.btrfssendbackup.core.metrics.SetHealth;
import org.btrfssendbackup.ops.console.TimeArguments;

/** {@code status}: one verdict per backup set, for the operator and for monitoring (exit 1 unless all OK). */
@Command(name = "status", description = {"Verdict per backup set (OK, STALE, FAILING, CORRUPT) with its last events.",
        "Shows per set the last event of each type, the last success and its age, and",
        "the verdict:",
        "  OK       last BackupCompleted within --max-age and no failure since,",
        "  STALE    no BackupCompleted within --max-age (or none at all),",
        "  FAILING  a StepFailed event or a dead letter newer than the last success,",
        "  CORRUPT  a stored stream found damaged (StreamCorrupt, from the scrub or the",
        "           pruner's check) and no full backup since; the restore points it takes",
        "           down are listed.",
        "With each set: the snapshot the last success stored (kind, size, duration) and",
        "the stored streams its last prune kept. Where the store is (backup-srv:",
        "--backup-root, or BACKUP_ROOT of $BTRFS_BACKUP_RECEIVE_CONFIG or",
        "/etc/default/btrfs-backup-receive when that file exists): the restore points",
        "stored now and the free space.",
        "Exits 1 when any set is not OK, or when there is no backup set at all."})
final class StatusCommand extends ConsoleCommand {

    @Option(names = "--max-age", paramLabel = "AGE", defaultValue = "26h",
            description = "Oldest acceptable last success (default: ${DEFAULT-VALUE}; 90m, 26h, 3d, 1w).")
    String maxAge;

    @Option(names = "--set", paramLabel = "SET",
            description = "Only this backup set (repeatable); a set without any event is reported STALE.")
    List<String> sets = List.of();

    @Option(names = "--host", paramLabel = "HOST",
            description = "Only the sets of this host, judged by the events and dead letters it emitted (repeatable).")
    List<String> hosts = List.of();

    @Option(names = "--backup-root", paramLabel = "DIR",
            description = "Also read the store here: restore points per set and free space (default: backup-srv's "
                    + "BACKUP_ROOT when its config file is on this host; else events only).")
    Path backupRoot;

    @Override
    public Integer call() {
        Duration allowed = maxAge(maxAge);
        Instant now = now();
        HubHistory history = HubHistory.read(client()).ofHosts(hosts);
        List<SetStatus> statuses = StatusEvaluator.evaluate(history.events(), history.deadLetters(), sets, now, allowed)
                .stream()
                .filter(status -> sets.isEmpty() || sets.contains(status.backupSet()))
                .toList();
        StoreFacts store = storeFacts();
        boolean allOk = !statuses.isEmpty() && statuses.stream().allMatch(status -> status.verdict() == SetHealth.OK);
        if (json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("now", now);
            document.put("maxAgeSeconds", allowed.toSeconds());
            document.put("ok", allOk);
            document.put("sets", statuses.stream().map(SetStatus::jsonFields).toList());
            document.put("store", store == null ? null : store.jsonFields());
            printJson(document);
        } else {
            printHuman(statuses, now, store);
        }
        return allOk ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The store's facts when it is on this host; null otherwise (a store that cannot be read is a note on stderr). */
    private StoreFacts storeFacts() {
        Path root = backupRoot != null ? backupRoot : root().environment().storeRoot().orElse(null);
        if (root == null) {
            return null;
        }
        try {
            return StoreFacts.read(root.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            err().println("status: cannot read the store " + root + ": " + e.getMessage());
            return null;
        }
    }

    private void printHuman(List<SetStatus> statuses, Instant now, StoreFacts store) {
        if (store != null) {
            out().println(store.line());
        }
        if (statuses.isEmpty()) {
            out().println("no backup set has any event in the audit log");
        }
        for (SetStatus status : statuses) {
            out().printf("%-24s %-8s %s%n", status.backupSet(), status.verdict(), status.explanation());
            if (status.lastBackup() != null) {
                SetStatus.LastBackup last = status.lastBackup();
                out().printf("    %-18s %s (%s, %s, in %s)%n", "last backup", last.snapshot(), last.kind(),
                        PayloadSummary.bytes(last.bytes()), TimeArguments.age(Duration.ofMillis(last.durationMillis())));
            }
            if (status.damage() != null && status.damage().pending()) {
                SetStatus.Damage damage = status.damage();
                out().printf("    %-18s %s (%s), reported %s%n", "corrupt stream", damage.file(), damage.problem(),
                        damage.reportedAt());
                out().printf("    %-18s %s%n", "takes down", damage.unrestorablePoints().isEmpty()
                        ? "(not said)" : String.join(", ", damage.unrestorablePoints()));
            }
            Integer stored = store == null ? null : store.restorePoints().getOrDefault(status.backupSet(), 0);
            if (stored != null) {
                out().printf("    %-18s %d stored%n", "restore points", stored);
            } else if (status.keptAtLastPrune() != null) {
                out().printf("    %-18s %d kept by the last prune%n", "restore points", status.keptAtLastPrune());
            }
            status.lastByType().forEach((type, time) -> out().printf("    %-18s %s  (%s ago)%n", type, time,
                    TimeArguments.age(Duration.between(time, now))));
        }
        out().flush();
    }
}
