package org.btrfssendbackup.ops.demo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.ops.console.EventFormatter;
import org.btrfssendbackup.ops.console.EventLine;
import org.btrfssendbackup.ops.restore.RestoreResult;
import org.btrfssendbackup.ops.tree.TreeComparison;
import org.btrfssendbackup.ops.tree.TreeDifference;
import org.btrfssendbackup.producer.agent.RunOutcome;

/**
 * The main job, one real backup cycle all-in-one, narrated step by step: set up prod-srv and
 * backup-srv ({@link BackupRig}), a full backup, a change to the data, an incremental backup,
 * a restore of the newest snapshot over the producer's restricted SSH key, a comparison of the
 * restored tree with the newest snapshot on prod-srv, the stored files and the event timeline
 * from the broker's audit log. Everything is taken down at the end, whatever happened.
 *
 * <p>{@code BackupCycleDemo} runs it for people; {@code BackupCycleTest} runs it and asserts on
 * its {@link Result}.
 */
public final class BackupCycle {

    /** A backup run on an idle machine takes seconds; this only bounds a hang. */
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    /** The receiver's StreamReceived and the pruner's PruneCompleted arrive after BackupCompleted. */
    static final Duration FOLLOW_UP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What the cycle did.
     *
     * @param backups          the two runs' BackupCompleted, full first
     * @param restoredSnapshot the snapshot the restore produced
     * @param differences      of the restored tree from the snapshot on prod-srv; empty = identical
     * @param storedFiles      BACKUP_ROOT/SET after the cycle
     * @param timeline         the audit log, in publication order
     */
    public record Result(List<BackupCompleted> backups, String restoredSnapshot, List<TreeDifference> differences,
                         List<BackupRig.StoredFile> storedFiles, List<EventLine> timeline, Duration wallTime) {
        public Result {
            backups = List.copyOf(backups);
            Objects.requireNonNull(restoredSnapshot, "restoredSnapshot");
            differences = List.copyOf(differences);
            storedFiles = List.copyOf(storedFiles);
            timeline = List.copyOf(timeline);
        }

        public boolean restoredIdentical() {
            return differences.isEmpty();
        }

        public List<String> timelineTypes() {
            return timeline.stream().map(EventLine::type).toList();
        }
    }

    private final BackupRig.Options options;
    private volatile BackupRig rig;
    private volatile boolean aborted;

    public BackupCycle(BackupRig.Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Runs the cycle, narrating on {@code out}.
     *
     * @throws CycleFailedException when a step fails (a backup run, the restore ...); the rig is down then too
     */
    public Result run(PrintStream out) throws Exception {
        long started = System.nanoTime();
        BackupRig current = new BackupRig(options, out);
        rig = current;
        try {
            step(out, 1, "setting up prod-srv and backup-srv on loop devices, all-in-one");
            current.start();

            step(out, 2, "full backup: snapshot @rootfs, btrfs send | zstd | OpenPGP | ssh put-stream");
            List<BackupCompleted> backups = new ArrayList<>();
            backups.add(backup(current, out));

            step(out, 3, "changing the data on prod-srv");
            for (String change : DemoTree.change(current.sourceSubvolume(), 1)) {
                out.println("    " + change);
            }

            step(out, 4, "incremental backup: btrfs send -p PARENT, only the changes travel");
            backups.add(backup(current, out));
            // the receiver publishes StreamReceived after its reply, the pruner answers
            // PruneRequested on its own queue: both may arrive after BackupCompleted
            current.awaitEvents("StreamReceived", 2, FOLLOW_UP_TIMEOUT);
            current.awaitEvents("PruneCompleted", 2, FOLLOW_UP_TIMEOUT);

            step(out, 5, "restoring the newest snapshot from backup-srv over the same restricted SSH key");
            Path target = current.backupScratch("restore");
            RestoreResult restored = current.restoreOverSsh(Optional.empty(), target);
            restored.links().forEach(link -> out.println("    " + link.status().name().toLowerCase(Locale.ROOT) + " "
                    + link.file() + " (" + link.storedBytes() + " bytes)"));
            out.println("    restored " + restored.snapshot() + " into " + restored.restoredPath());

            step(out, 6, "comparing the restored tree with the snapshot on prod-srv");
            Path source = current.snapshotPath(restored.snapshot());
            List<TreeDifference> differences = new TreeComparison(current.runner()).compare(source,
                    restored.restoredPath());
            out.println("    content, modes, owners, xattrs, hard links, sparseness and symlinks of every entry:");
            if (differences.isEmpty()) {
                out.println("    restored tree is identical to the source");
            } else {
                out.println("    restored tree DIFFERS from the source in " + differences.size() + " way(s):");
                differences.forEach(d -> out.println("      " + d));
            }

            step(out, 7, "what backup-srv stores in " + current.setDirectory());
            List<BackupRig.StoredFile> stored = current.storedFiles();
            stored.forEach(f -> out.println(String.format(Locale.ROOT, "    %s %,12d  %s", f.mode(), f.size(), f.name())));

            step(out, 8, "event timeline from the broker's audit log (read as the operator)");
            List<EventLine> timeline = current.auditTimeline();
            timeline.forEach(e -> out.println("    " + EventFormatter.human(e)));

            Duration wall = Duration.ofNanos(System.nanoTime() - started);
            return new Result(backups, restored.snapshot(), differences, stored, timeline, wall);
        } finally {
            step(out, 9, "cleaning up: agents, broker, sshd, loop devices, work directory");
            current.close();
            out.println("    done");
        }
    }

    /** Takes everything down now (Ctrl-C); the running step then fails and {@link #run} returns. */
    public void abort() {
        aborted = true;
        BackupRig current = rig;
        if (current != null) {
            current.close();
        }
    }

    /** Whether {@link #abort()} was called (the failure that follows is its consequence). */
    public boolean aborted() {
        return aborted;
    }

    private static BackupCompleted backup(BackupRig rig, PrintStream out) throws Exception {
        RunOutcome outcome = rig.backup(event -> out.println("    " + EventFormatter.human(EventLine.of(event))),
                RUN_TIMEOUT);
        if (!outcome.succeeded()) {
            throw new CycleFailedException("backup run failed: " + outcome.failure().orElse("?"));
        }
        BackupCompleted done = outcome.completed().orElseThrow();
        out.println(String.format(Locale.ROOT, "    stored and confirmed: %s (%s%s), %,d bytes, sha256 %s..., %d ms",
                done.snapshot(), done.kind().name().toLowerCase(Locale.ROOT),
                done.parent() == null ? "" : " on " + done.parent(), done.bytes(), done.sha256().substring(0, 12),
                done.durationMillis()));
        return done;
    }

    private static void step(PrintStream out, int number, String what) {
        out.println();
        out.println("==> " + number + ". " + what);
    }

    /** A step of the cycle failed; the message says which and why. */
    public static final class CycleFailedException extends Exception {
        public CycleFailedException(String message) {
            super(message);
        }
    }
}
