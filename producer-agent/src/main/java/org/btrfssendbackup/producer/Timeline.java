package org.btrfssendbackup.producer;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.PruneRequested;
import org.btrfssendbackup.messages.event.ServicesQuiesced;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.event.ServicesResumed;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.SnapshotPruned;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.messages.event.TransferProgress;

/** One human line per event of a run, as the one-shot run prints them. */
public final class Timeline {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private Timeline() {
    }

    public static String line(EventEnvelope event) {
        return TIME.format(event.occurredAt()) + "  " + String.format("%-17s", event.type()) + " " + details(event.payload());
    }

    static String details(EventPayload payload) {
        if (payload instanceof BackupRequested r) {
            return "by " + r.requestedBy() + " (" + r.trigger() + (r.forceFull() ? ", full forced" : "") + ")";
        }
        if (payload instanceof ServicesQuiesced q) {
            return "stopped " + String.join(" ", q.services());
        }
        if (payload instanceof ServicesResumed r) {
            return "started " + String.join(" ", r.services()) + " after " + r.downWindow().toMillis() + " ms"
                    + (r.failedToStart().isEmpty() ? "" : "; NOT RUNNING: " + String.join(" ", r.failedToStart()));
        }
        if (payload instanceof ServiceRestartFailed f) {
            return "NOT RUNNING after the snapshot: " + states(f) + "; start by hand: systemctl start "
                    + String.join(" ", f.units());
        }
        if (payload instanceof SnapshotCreated c) {
            return c.snapshot() + " (" + c.kind().name().toLowerCase() + (c.parent() == null ? "" : " on " + c.parent()) + ")";
        }
        if (payload instanceof StreamSent s) {
            String already = s.mode() == BackupMode.REMOTE_BTRFS ? " (already received)" : " (already stored)";
            if (s.sha256() == null) {
                return s.snapshot() + (s.alreadyStored() ? already : " " + s.bytes() + " bytes");
            }
            return s.snapshot() + " " + s.bytes() + " bytes sha256 " + s.sha256()
                    + (s.alreadyStored() ? already : " in " + s.durationMillis() + " ms");
        }
        if (payload instanceof SnapshotPruned p) {
            return "deleted local snapshot " + p.snapshot();
        }
        if (payload instanceof PruneRequested p) {
            return "asked backup-srv to prune (" + p.reason() + ")";
        }
        if (payload instanceof BackupCompleted c) {
            return c.snapshot() + " " + c.kind().name().toLowerCase() + " in " + c.durationMillis() + " ms";
        }
        if (payload instanceof TransferProgress p) {
            return p.snapshot() + " " + p.bytes() + (p.expectedBytes() == null ? "" : " of ~" + p.expectedBytes())
                    + " bytes after " + p.elapsedMillis() / 1000 + " s";
        }
        if (payload instanceof StepFailed f) {
            return f.failedEventType() + " attempt " + f.attempt() + ": " + f.causeMessage();
        }
        return payload.toString();
    }

    /** "mysql (failed), redis (inactive)" */
    static String states(ServiceRestartFailed f) {
        return String.join(", ", f.units().stream().map(u -> u + " (" + f.states().get(u) + ")").toList());
    }
}
