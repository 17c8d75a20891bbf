package org.btrfssendbackup.receiver.events;

import org.btrfssendbackup.core.protocol.ReceiveReply;
import org.btrfssendbackup.core.protocol.PutStreamReply;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.btrfssendbackup.core.config.LuksSettings;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.messages.EventJson;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.LuksClosed;
import org.btrfssendbackup.messages.event.LuksOpened;
import org.btrfssendbackup.messages.event.PruneCompleted;
import org.btrfssendbackup.messages.event.PruneTarget;
import org.btrfssendbackup.messages.event.SnapshotPruned;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamReceived;
import org.btrfssendbackup.receiver.btrfs.PruneReceivedResult;
import org.btrfssendbackup.receiver.putstream.PutStreamResult;
import org.btrfssendbackup.receiver.btrfs.ReceiveResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReceiverEventPayloadsTest {

    static final String SHA = "ab".repeat(32);

    @Test
    void anIncrementalStreamBecomesAStreamReceivedWithItsParentAndPathBelowBackupRoot() {
        Manifest m = Manifest.stored(BackupSetName.of("prod-srv/rootfs"), SnapshotName.parse("rootfs-20260131T020500Z"),
                StreamKind.INCR, Optional.of(SnapshotName.parse("rootfs-20260130T020500Z")), 1234, SHA,
                Compression.NONE, Instant.parse("2026-01-31T02:06:00Z"));
        StreamReceived payload = ReceiverEventPayloads.streamReceived(
                new PutStreamResult(PutStreamReply.Status.ALREADY_STORED, m, 1234, SHA), Duration.ofMillis(1500),
                Optional.of("192.0.2.7"));
        assertThat(payload).isEqualTo(new StreamReceived("rootfs-20260131T020500Z", SnapshotKind.INCR,
                "rootfs-20260130T020500Z", BackupMode.ENCRYPTED_STREAM,
                "prod-srv/rootfs/rootfs-20260131T020500Z.incr.btrfs.gpg", 1234, SHA, 1500, true, "192.0.2.7"));
    }

    @Test
    void aReceiveBecomesAStreamReceivedInRemoteBtrfsModeWithoutAStoredFile() {
        ReceiveResult result = new ReceiveResult(ReceiveReply.Status.RECEIVED, BackupSetName.of("prod-srv/rootfs"),
                SnapshotName.parse("rootfs-20260131T020500Z"), Optional.of(SnapshotName.parse("rootfs-20260130T020500Z")),
                4321, SHA, UUID.fromString("46ca88c8-526a-d74c-8dc8-209ac347d12c"));

        StreamReceived payload = ReceiverEventPayloads.snapshotReceived(result, Duration.ofMillis(900), Optional.empty());

        assertThat(payload).isEqualTo(new StreamReceived("rootfs-20260131T020500Z", SnapshotKind.INCR,
                "rootfs-20260130T020500Z", BackupMode.REMOTE_BTRFS, null, 4321, SHA, 900, false, null));
        ReceiveResult full = new ReceiveResult(ReceiveReply.Status.ALREADY_RECEIVED, result.set(), result.snapshot(),
                Optional.empty(), 1, SHA, result.receivedUuid());
        StreamReceived again = ReceiverEventPayloads.snapshotReceived(full, Duration.ofMillis(-1), Optional.empty());
        assertThat(again.kind()).isEqualTo(SnapshotKind.FULL);
        assertThat(again.alreadyStored()).isTrue();
        assertThat(again.durationMillis()).isZero();
    }

    @Test
    void luksAndPruneEventsCarryTheSettingsAndReasonsButNoKey() throws Exception {
        LuksSettings luks = new LuksSettings(Path.of("/dev/sdb1"), "btrfs_backup", Path.of("/mnt/btrfs-backup"),
                Path.of("/mnt/btrfs-backup/received"));

        assertThat(ReceiverEventPayloads.luksOpened(luks, true))
                .isEqualTo(new LuksOpened("/dev/sdb1", "btrfs_backup", "/mnt/btrfs-backup", true));
        assertThat(ReceiverEventPayloads.luksClosed(luks, false))
                .isEqualTo(new LuksClosed("/dev/sdb1", "btrfs_backup", "/mnt/btrfs-backup", false));
        assertThat(ReceiverEventPayloads.receivedSnapshotPruned(SnapshotName.parse("a-20260105T020000Z"),
                Path.of("/mnt/btrfs-backup/received/p/a-20260105T020000Z")))
                .isEqualTo(new SnapshotPruned("a-20260105T020000Z", PruneTarget.RECEIVED_SNAPSHOTS,
                        "/mnt/btrfs-backup/received/p/a-20260105T020000Z", false));
        PruneCompleted completed = ReceiverEventPayloads.pruneReceivedCompleted(new PruneReceivedResult(
                BackupSetName.of("p"), new java.util.TreeMap<>(Map.of("a-20260131T020000Z", "LATEST DAILY(2026-01-31)")),
                List.of("a-20260105T020000Z"), List.of("README")), Duration.ofMillis(70));
        assertThat(completed.target()).isEqualTo(PruneTarget.RECEIVED_SNAPSHOTS);
        assertThat(completed.kept()).isEqualTo(1);
        assertThat(completed.deleted()).isEqualTo(1);
        assertThat(completed.keptReasons()).containsEntry("a-20260131T020000Z", "LATEST DAILY(2026-01-31)");
        // and each encodes as JSON the event codec reads back
        assertThat(EventJson.mapper().readValue(EventJson.mapper().writeValueAsString(completed), PruneCompleted.class))
                .isEqualTo(completed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "192.0.2.7 52044 22 | 192.0.2.7",
            "2001:db8::1 52044 22 | 2001:db8::1",
            "  10.0.0.1   1 22 | 10.0.0.1",
            "- | -",
            "'' | -",
            "$(id) 1 22 | -",
            "evil.example 1 22 | -"})
    void theRemoteAddressIsSshClientsFirstFieldWhenItIsAnAddress(String sshClient, String expected) {
        assertThat(SshClientAddress.of(sshClient)).isEqualTo(Optional.ofNullable(expected));
    }
}
