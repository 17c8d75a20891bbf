package org.btrfssendbackup.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.manifest.Manifest;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamReceived;
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
                new PutStreamResult(PutStreamResult.Status.ALREADY_STORED, m, 1234, SHA), Duration.ofMillis(1500),
                Optional.of("192.0.2.7"));
        assertThat(payload).isEqualTo(new StreamReceived("rootfs-20260131T020500Z", SnapshotKind.INCR,
                "rootfs-20260130T020500Z", BackupMode.ENCRYPTED_STREAM,
                "prod-srv/rootfs/rootfs-20260131T020500Z.incr.btrfs.gpg", 1234, SHA, 1500, true, "192.0.2.7"));
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
