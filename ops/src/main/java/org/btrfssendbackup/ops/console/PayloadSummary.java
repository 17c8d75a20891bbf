package org.btrfssendbackup.ops.console;

import java.util.Locale;

import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.CommandRefused;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.LuksClosed;
import org.btrfssendbackup.messages.event.LuksOpened;
import org.btrfssendbackup.messages.event.PruneCompleted;
import org.btrfssendbackup.messages.event.PruneRequested;
import org.btrfssendbackup.messages.event.PruneTarget;
import org.btrfssendbackup.messages.event.RunAborted;
import org.btrfssendbackup.messages.event.TransferProgress;
import org.btrfssendbackup.messages.event.ScrubCompleted;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.event.ServicesQuiesced;
import org.btrfssendbackup.messages.event.ServicesResumed;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.SnapshotPruned;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.messages.event.StreamCorrupt;
import org.btrfssendbackup.messages.event.StreamPruned;
import org.btrfssendbackup.messages.event.StreamReceived;
import org.btrfssendbackup.messages.event.StreamSent;

/**
 * One short line per payload: what an operator scanning a timeline needs (snapshot, kind,
 * size, duration, reason), never the whole record. The JSON output carries the rest.
 */
public final class PayloadSummary {

    private PayloadSummary() {
    }

    public static String of(EventPayload payload) {
        if (payload instanceof BackupRequested p) {
            return "trigger " + p.trigger() + " by " + p.requestedBy() + (p.forceFull() ? ", full forced" : "");
        } else if (payload instanceof ServicesQuiesced p) {
            return "stopped " + String.join(", ", p.services());
        } else if (payload instanceof ServicesResumed p) {
            return "started " + String.join(", ", p.services())
                    + (p.failedToStart().isEmpty() ? "" : "; FAILED to start " + String.join(", ", p.failedToStart()));
        } else if (payload instanceof ServiceRestartFailed p) {
            return "NOT RUNNING after the snapshot: " + String.join(", ",
                    p.units().stream().map(u -> u + " (" + p.states().get(u) + ")").toList());
        } else if (payload instanceof SnapshotCreated p) {
            return p.snapshot() + " " + kind(p.kind(), p.parent()) + " in " + duration(p.durationMillis());
        } else if (payload instanceof StreamSent p) {
            return p.snapshot() + " " + kind(p.kind(), p.parent()) + ", " + bytes(p.bytes()) + " in "
                    + duration(p.durationMillis()) + (p.alreadyStored() ? ", already stored" : "");
        } else if (payload instanceof StreamReceived p) {
            return p.snapshot() + " " + kind(p.kind(), p.parent()) + ", " + bytes(p.bytes()) + " in "
                    + duration(p.durationMillis()) + (p.alreadyStored() ? ", already stored" : "");
        } else if (payload instanceof LuksOpened p) {
            return p.device() + " on " + p.mountPoint() + (p.alreadyOpen() ? " (was already open)" : "");
        } else if (payload instanceof LuksClosed p) {
            return p.device() + " from " + p.mountPoint() + (p.wasOpen() ? "" : " (was not open)");
        } else if (payload instanceof PruneRequested p) {
            return p.reason() + " by " + p.requestedBy() + (p.dryRun() ? ", dry run" : "");
        } else if (payload instanceof StreamPruned p) {
            return p.file() + ", " + bytes(p.bytes()) + (p.dryRun() ? ", dry run" : "");
        } else if (payload instanceof SnapshotPruned p) {
            return p.snapshot() + " (" + target(p.target()) + ")" + (p.dryRun() ? ", dry run" : "");
        } else if (payload instanceof PruneCompleted p) {
            return target(p.target()) + ": kept " + p.kept() + ", deleted " + p.deleted()
                    + ", freed " + bytes(p.bytesFreed()) + (p.dryRun() ? ", dry run" : "");
        } else if (payload instanceof BackupCompleted p) {
            return p.snapshot() + " " + kind(p.kind(), p.parent()) + ", " + bytes(p.bytes()) + " in "
                    + duration(p.durationMillis());
        } else if (payload instanceof StepFailed p) {
            return failure(p);
        } else if (payload instanceof CommandRefused p) {
            return "refused \"" + p.command() + "\" from " + p.remoteAddress() + ": " + p.reason();
        } else if (payload instanceof RunAborted p) {
            return "run " + p.abortedRunId() + " (started " + p.startedAt() + ", pid " + p.pid() + ") died without an outcome";
        } else if (payload instanceof StreamCorrupt p) {
            return "DAMAGED " + p.file() + ": " + p.problem() + "; " + p.unrestorablePoints().size()
                    + " restore points unrestorable";
        } else if (payload instanceof TransferProgress p) {
            return p.snapshot() + " " + p.kind().name().toLowerCase(Locale.ROOT) + ": sent " + bytes(p.bytes())
                    + (p.expectedBytes() == null ? "" : " of ~" + bytes(p.expectedBytes())) + " in "
                    + duration(p.elapsedMillis());
        } else if (payload instanceof ScrubCompleted p) {
            return "checked " + p.streamsChecked() + " streams, " + bytes(p.bytesRead()) + ", " + p.corrupt() + " damaged, "
                    + p.dueRemaining() + " still due, in " + duration(p.durationMillis());
        }
        // EventPayload is sealed and every type is handled above; a new type still gets a line.
        return payload.toString();
    }

    /** "producer-agent/send attempt 2 on StreamSent: IOException: connection reset": the dlq list reason too. */
    public static String failure(StepFailed p) {
        String cause = p.causeClass().substring(p.causeClass().lastIndexOf('.') + 1);
        return p.step() + " attempt " + p.attempt() + " on " + p.failedEventType() + ": " + cause
                + (p.causeMessage() == null ? "" : ": " + p.causeMessage());
    }

    /** As on the wire: "local-snapshots". */
    private static String target(PruneTarget target) {
        return target.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String kind(SnapshotKind kind, String parent) {
        return kind == SnapshotKind.FULL ? "full" : "incr from " + parent;
    }

    /** Binary units with one decimal, as df -h and btrbk print them: 512 B, 1.5 KiB, 3.2 GiB (every size the console shows). */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** "850 ms", "12.3 s", "4m05s", "2h03m". */
    public static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
