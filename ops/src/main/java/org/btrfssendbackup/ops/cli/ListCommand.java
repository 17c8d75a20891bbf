package org.btrfssendbackup.ops.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.retention.RetentionPolicy;
import org.btrfssendbackup.ops.console.RestorePointExplanation;
import org.btrfssendbackup.ops.console.SetExplanations;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.ops.console.RestorePointRow;
import org.btrfssendbackup.ops.console.RestorePointTable;
import org.btrfssendbackup.ops.console.StoredRestorePoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code list}: the stored restore points per set, like {@code btrbk list}, read from the store on backup-srv. */
@Command(name = "list", description = {"The restore points per backup set on backup-srv (like `btrbk list`).",
        "One row per stored stream, oldest first: host, set, snapshot, kind (full or",
        "incremental), parent, size and the snapshot's time. Reads the store on",
        "backup-srv (BACKUP_ROOT of backup-srv's config, or --backup-root); a stream",
        "without a readable manifest is listed with kind ? and named on stderr",
        "(btrfs-backup-console verify says what it takes down).",
        "Exits 1 when the store cannot be read."})
final class ListCommand extends ConsoleCommand {

    /** The environment variable the receiver and the pruner read backup-srv's config file from. */
    static final String RECEIVE_CONFIG_VARIABLE = ConsoleEnvironment.RECEIVE_CONFIG_VARIABLE;

    @Option(names = "--backup-root", paramLabel = "DIR",
            description = "The store (default: BACKUP_ROOT of $" + RECEIVE_CONFIG_VARIABLE
                    + " or /etc/default/btrfs-backup-receive, else the seed's /mnt/sdb1/btrfs-send-backups).")
    Path backupRoot;

    @Option(names = "--set", paramLabel = "SET", description = "Only this backup set (repeatable).")
    List<String> sets = List.of();

    @Option(names = "--host", paramLabel = "HOST", description = "Only the sets of this host (repeatable).")
    List<String> hosts = List.of();

    @Option(names = "--why", description = {"Add why each point is kept: the pruner's plan now (as prune --dry-run), with",
            "KEEP_* of backup-srv's config file (LATEST, DAILY(day), WEEKLY(week), MONTHLY(month), ANCESTOR_OF(kept",
            "point that needs it), PROTECTED, BROKEN_CHAIN; `-` = the next prune deletes it; `?` = no config file",
            "here); --json adds keptBecause, damaged, unrestorable and takesDown."})
    boolean why;

    @Override
    public Integer call() {
        Path root = backupRoot != null ? backupRoot.toAbsolutePath() : configuredBackupRoot();
        StoredRestorePoints.Listing listing;
        try {
            listing = StoredRestorePoints.read(root);
        } catch (IOException | RuntimeException e) {
            err().println("list: cannot read the store " + root + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        List<RestorePointRow> rows = listing.rows().stream()
                .filter(row -> sets.isEmpty() || sets.contains(row.set()))
                .filter(row -> hosts.isEmpty() || hosts.contains(row.host()))
                .toList();
        listing.problems().stream().filter(p -> sets.isEmpty() || sets.stream().anyMatch(s -> p.startsWith(s + ": ")))
                .forEach(p -> err().println("list: " + p));
        Map<String, Map<String, RestorePointExplanation>> explained = new HashMap<>();
        if (why) {
            Optional<RetentionPolicy> policy = root().environment().storeConfig().map(ReceiverConfig::keep);
            if (policy.isEmpty()) {
                err().println("list: no backup-srv config file here (KEEP_*): why each point is kept is not known");
            }
            try {
                for (String set : rows.stream().map(RestorePointRow::set).distinct().toList()) {
                    explained.put(set, SetExplanations.read(root, BackupSetName.of(set), policy,
                            root().environment().clock().instant()));
                }
            } catch (IOException | RuntimeException e) {
                err().println("list: cannot read the store " + root + ": " + e.getMessage());
                return ExitCodes.FAILED;
            }
        }
        if (json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("backupRoot", root.toString());
            document.put("restorePoints", rows.stream().map(row -> jsonFields(row, explained)).toList());
            printJson(document);
        } else {
            RestorePointTable.lines(rows, why ? row -> keptBecause(explanation(row, explained)) : null)
                    .forEach(out()::println);
            out().flush();
        }
        return ExitCodes.OK;
    }

    private Map<String, Object> jsonFields(RestorePointRow row, Map<String, Map<String, RestorePointExplanation>> explained) {
        Map<String, Object> fields = row.jsonFields();
        if (why) {
            RestorePointExplanation e = explanation(row, explained);
            fields.put("keptBecause", e == null || !e.planned() ? null : e.reasonTokens());
            fields.put("damaged", e == null ? null : e.damaged());
            fields.put("unrestorable", e == null ? null : e.unrestorable());
            fields.put("takesDown", e == null ? List.of() : e.takesDown());
        }
        return fields;
    }

    private static RestorePointExplanation explanation(RestorePointRow row,
                                                       Map<String, Map<String, RestorePointExplanation>> explained) {
        return explained.getOrDefault(row.set(), Map.of()).get(row.snapshot());
    }

    /** The planner's reasons as its tokens; "-" when the next prune deletes the point, "?" when unknown. */
    static String keptBecause(RestorePointExplanation explanation) {
        if (explanation == null || !explanation.planned()) {
            return "?";
        }
        return explanation.deletedAtNextPrune() ? "-" : String.join(" ", explanation.reasonTokens());
    }

    /** BACKUP_ROOT of backup-srv's config file; the seed's default when there is none. */
    private Path configuredBackupRoot() {
        return root().environment().storeRoot().orElse(ReceiverConfig.DEFAULT_BACKUP_ROOT);
    }
}
