package org.btrfssendbackup.messages;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.CommandRefused;
import org.btrfssendbackup.messages.event.EventPayload;
import org.btrfssendbackup.messages.event.LuksClosed;
import org.btrfssendbackup.messages.event.LuksOpened;
import org.btrfssendbackup.messages.event.PruneCompleted;
import org.btrfssendbackup.messages.event.PruneRequested;
import org.btrfssendbackup.messages.event.PruneTarget;
import org.btrfssendbackup.messages.event.ServiceRestartFailed;
import org.btrfssendbackup.messages.event.ServicesQuiesced;
import org.btrfssendbackup.messages.event.ServicesResumed;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.SnapshotPruned;
import org.btrfssendbackup.messages.event.RunAborted;
import org.btrfssendbackup.messages.event.TransferProgress;
import org.btrfssendbackup.messages.event.StepFailed;
import org.btrfssendbackup.messages.event.ScrubCompleted;
import org.btrfssendbackup.messages.event.StreamCorrupt;
import org.btrfssendbackup.messages.event.StreamPruned;
import org.btrfssendbackup.messages.event.StreamReceived;
import org.btrfssendbackup.messages.event.StreamSent;

/**
 * One canonical, fixed (no random ids, no clock) sample of every event type: the content of
 * the golden files, and handy test data for other modules (exported in the test-jar).
 */
public final class EventSamples {

    public static final String HOST = "prod-srv";
    public static final String BACKUP_HOST = "backup-srv";
    public static final String SET = "prod-srv/rootfs";
    public static final String RUN_ID = "3f0c2a8e-5b7d-4c1e-9a6f-0d2b4e6a8c10";
    public static final Instant T0 = Instant.parse("2024-05-01T02:00:00Z");
    public static final String SNAPSHOT = "rootfs-20240501T020003Z";
    public static final String PARENT = "rootfs-20240430T020002Z";
    public static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private EventSamples() {
    }

    /** A fixed id per sample number, so golden files are stable. */
    public static UUID id(int n) {
        return UUID.fromString(String.format("00000000-0000-4000-8000-%012d", n));
    }

    public static EventEnvelope envelope(int n, EventPayload payload, String host, String set, String runId, UUID causation) {
        return new EventEnvelope(id(n), org.btrfssendbackup.messages.event.EventTypes.nameOf(payload),
                EventEnvelope.SCHEMA_VERSION, T0.plusSeconds(n), host, set, runId, causation, payload);
    }

    /** Every type once, in the order a remote-btrfs + encrypted-stream night would show them. */
    public static List<EventEnvelope> all() {
        return List.of(
                envelope(1, new BackupRequested("timer", "btrfs-send-backup.timer", false), HOST, SET, RUN_ID, null),
                envelope(2, new ServicesQuiesced(List.of("postgresql.service", "nginx.service"), T0.plusSeconds(2)),
                        HOST, SET, RUN_ID, id(1)),
                envelope(3, new SnapshotCreated(SNAPSHOT, "/", "/.snapshots/" + SNAPSHOT, SnapshotKind.INCR, PARENT,
                        "1b4e28ba-2fa1-11d2-883f-0016d3cca427", 412), HOST, SET, RUN_ID, id(2)),
                envelope(4, new ServicesResumed(List.of("postgresql.service", "nginx.service"), T0.plusSeconds(2),
                        T0.plusSeconds(4), List.of()), HOST, SET, RUN_ID, id(3)),
                envelope(5, new StreamReceived(SNAPSHOT, SnapshotKind.INCR, PARENT, BackupMode.ENCRYPTED_STREAM,
                        SET + "/" + SNAPSHOT + ".incr.btrfs.gpg", 734_003_200L, SHA256, 4_180, false, "192.0.2.10"),
                        BACKUP_HOST, SET, RUN_ID, id(3)),
                envelope(6, new StreamSent(SNAPSHOT, SnapshotKind.INCR, PARENT, BackupMode.ENCRYPTED_STREAM, 734_003_200L,
                        SHA256, "zstd-3", "openpgp-aes256", 4_250, false), HOST, SET, RUN_ID, id(3)),
                envelope(7, new LuksOpened("/dev/disk/by-uuid/5c1d0a44-backup", "backup-crypt", "/srv/received", false),
                        BACKUP_HOST, null, null, null),
                envelope(8, new LuksClosed("/dev/disk/by-uuid/5c1d0a44-backup", "backup-crypt", "/srv/received", true),
                        BACKUP_HOST, null, null, id(7)),
                envelope(9, new PruneRequested("after-backup", "producer-agent", false), HOST, SET, RUN_ID, id(6)),
                envelope(10, new StreamPruned("rootfs-20240301T020001Z", SET + "/rootfs-20240301T020001Z.incr.btrfs.gpg",
                        SnapshotKind.INCR, 52_428_800L, false), BACKUP_HOST, SET, RUN_ID, id(9)),
                envelope(11, new SnapshotPruned("rootfs-20240420T020002Z", PruneTarget.LOCAL_SNAPSHOTS,
                        "/.snapshots/rootfs-20240420T020002Z", false), HOST, SET, RUN_ID, id(6)),
                envelope(12, PruneCompleted.of(PruneTarget.STREAMS, 1, 52_428_800L, Map.of(
                                SNAPSHOT, "latest",
                                PARENT, "daily 2024-04-30",
                                "rootfs-20240401T020001Z", "monthly 2024-04; full ancestor of kept increments"),
                        false, 95), BACKUP_HOST, SET, RUN_ID, id(9)),
                envelope(13, new BackupCompleted(SNAPSHOT, SnapshotKind.INCR, PARENT, BackupMode.ENCRYPTED_STREAM,
                        734_003_200L, SHA256, T0.plusSeconds(1), 12_000), HOST, SET, RUN_ID, id(6)),
                envelope(14, new StepFailed("producer-agent/send", 2, id(3), "SnapshotCreated",
                        "org.btrfssendbackup.core.process.ProcessFailedException",
                        "ssh backup-srv put-stream exited 255: Connection refused", true, false, 3), HOST, SET, RUN_ID, id(3)),
                envelope(15, new CommandRefused("rm", "unknown command", "192.0.2.66"), BACKUP_HOST, null, null, null),
                envelope(16, new StreamCorrupt("rootfs-20240301T020001Z", SET + "/rootfs-20240301T020001Z.full.btrfs.gpg",
                        "sha256 of the stored file differs from the manifest", SHA256,
                        "0000000000000000000000000000000000000000000000000000000000000000",
                        List.of("rootfs-20240301T020001Z", "rootfs-20240302T020001Z")), BACKUP_HOST, SET, null, null),
                envelope(17, new ScrubCompleted(12, 4_294_967_296L, 1, 3, 61_000), BACKUP_HOST, null, null, null),
                envelope(18, ServiceRestartFailed.of(List.of("postgresql.service"), Map.of("postgresql.service", "failed"),
                        "start services postgresql.service nginx.service failed: exit status 1 running `systemctl start"
                                + " postgresql.service nginx.service`: Job for postgresql.service failed because the"
                                + " control process exited with error code.", T0.plusSeconds(2)),
                        HOST, SET, RUN_ID, id(3)),
                envelope(19, new RunAborted("2b9d4c1e-7a3f-4e5b-8c6d-1f0a2e3b4c5d", T0.minusSeconds(86_400), 4242,
                        "/var/lib/btrfs-send-backup/state.running"), HOST, SET, RUN_ID, null),
                envelope(20, new TransferProgress("rootfs-20240501T020001Z", SnapshotKind.FULL, 1_200_000_000L,
                        3_400_000_000L, 10_000), HOST, SET, RUN_ID, id(4)));
    }
}
