package org.btrfssendbackup.messages.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each constructor refuses bad values with a message that names the record and field. */
class PayloadValidationTest {

    private static final String SNAP = "rootfs-20240501T020003Z";
    private static final String PARENT = "rootfs-20240430T020002Z";
    private static final String SHA = "0".repeat(64);
    private static final Instant T = Instant.parse("2024-05-01T02:00:00Z");

    static Stream<Arguments> invalidPayloads() {
        return Stream.of(
                bad("BackupRequested.trigger", () -> new BackupRequested(" ", "me", false)),
                bad("ServicesQuiesced.services", () -> new ServicesQuiesced(List.of(), T)),
                bad("ServicesQuiesced.services", () -> new ServicesQuiesced(List.of("bad unit; rm -rf"), T)),
                bad("ServicesResumed.resumedAt", () -> new ServicesResumed(List.of("a.service"), T, T.minusSeconds(1), List.of())),
                bad("ServicesResumed.failedToStart", () -> new ServicesResumed(List.of("a.service"), T, T, List.of("b.service"))),
                bad("ServiceRestartFailed.units", () -> ServiceRestartFailed.of(List.of(), Map.of(), null, T)),
                bad("ServiceRestartFailed.units", () -> ServiceRestartFailed.of(List.of("a b"), Map.of("a b", "failed"), null, T)),
                bad("ServiceRestartFailed.states", () -> ServiceRestartFailed.of(List.of("a.service"), Map.of(), null, T)),
                bad("ServiceRestartFailed.states", () -> ServiceRestartFailed.of(List.of("a.service"),
                        Map.of("a.service", "failed", "b.service", "failed"), null, T)),
                bad("ServiceRestartFailed.downSince", () -> ServiceRestartFailed.of(List.of("a.service"),
                        Map.of("a.service", "failed"), "x", null)),
                bad("SnapshotCreated.snapshot", () -> new SnapshotCreated("rootfs-today", "/", "/s", SnapshotKind.FULL, null, null, 0)),
                bad("SnapshotCreated.path", () -> new SnapshotCreated(SNAP, "/", "relative", SnapshotKind.FULL, null, null, 0)),
                bad("SnapshotCreated.parent", () -> new SnapshotCreated(SNAP, "/", "/s", SnapshotKind.INCR, null, null, 0)),
                bad("SnapshotCreated.parent", () -> new SnapshotCreated(SNAP, "/", "/s", SnapshotKind.FULL, PARENT, null, 0)),
                bad("StreamSent.sha256", () -> new StreamSent(SNAP, SnapshotKind.FULL, null, BackupMode.ENCRYPTED_STREAM, 1, null, "none", "gpg", 1, false)),
                bad("StreamSent.sha256", () -> new StreamSent(SNAP, SnapshotKind.FULL, null, BackupMode.ENCRYPTED_STREAM, 1, "ABC", "none", "gpg", 1, false)),
                bad("StreamSent.bytes", () -> new StreamSent(SNAP, SnapshotKind.FULL, null, BackupMode.REMOTE_BTRFS, -1, null, "none", "luks", 1, false)),
                bad("StreamReceived.storedFile", () -> new StreamReceived(SNAP, SnapshotKind.FULL, null, BackupMode.ENCRYPTED_STREAM, "../x", 1, SHA, 1, false, null)),
                bad("LuksOpened.device", () -> new LuksOpened("sdb", "crypt", "/mnt", false)),
                bad("StreamPruned.file", () -> new StreamPruned(SNAP, "/abs/file", SnapshotKind.FULL, 1, false)),
                bad("SnapshotPruned.target", () -> new SnapshotPruned(SNAP, PruneTarget.STREAMS, "/s", false)),
                bad("PruneCompleted.keptReasons", () -> new PruneCompleted(PruneTarget.STREAMS, 2, 0, 0,
                        new java.util.TreeMap<>(Map.of(SNAP, "latest")), false, 0)),
                bad("BackupCompleted.startedAt", () -> new BackupCompleted(SNAP, SnapshotKind.FULL, null, BackupMode.REMOTE_BTRFS, 1, null, null, 1)),
                bad("StepFailed.attempt", () -> new StepFailed("s", 0, UUID.randomUUID(), "StreamSent", "X", null, false)),
                bad("CommandRefused.command", () -> new CommandRefused("rm -rf /", "unknown command", null)),
                bad("CommandRefused.reason", () -> new CommandRefused("rm", "two\nlines", null)),
                bad("TransferProgress.snapshot", () -> new TransferProgress("rootfs-today", SnapshotKind.FULL, 1, null, 1)),
                bad("TransferProgress.kind", () -> new TransferProgress(SNAP, null, 1, null, 1)),
                bad("TransferProgress.bytes", () -> new TransferProgress(SNAP, SnapshotKind.FULL, -1, null, 1)),
                bad("TransferProgress.expectedBytes", () -> new TransferProgress(SNAP, SnapshotKind.INCR, 1, -1L, 1)),
                bad("TransferProgress.elapsedMillis", () -> new TransferProgress(SNAP, SnapshotKind.INCR, 1, null, -1)));
    }

    private static Arguments bad(String field, Executable construction) {
        return Arguments.of(field, construction);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPayloads")
    void invalidValuesAreRefusedNamingTheField(String field, Executable construction) {
        assertThatThrownBy(construction::execute)
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + " ");
    }

    @Test
    void collectionsAreCopiedSoRecordsStayImmutable() {
        List<String> services = new java.util.ArrayList<>(List.of("a.service"));
        ServicesQuiesced quiesced = new ServicesQuiesced(services, T);
        services.add("b.service");

        assertThat(quiesced.services()).containsExactly("a.service");
        assertThatThrownBy(() -> quiesced.services().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void longCauseMessagesAreTruncatedNotRefused() {
        StepFailed failed = new StepFailed("s", 1, UUID.randomUUID(), "StreamSent", "X", "x".repeat(10_000), true);

        assertThat(failed.causeMessage()).hasSize(Require.MAX_TEXT).endsWith("...");
    }

    @Test
    void commandWordIsTheSanitisedFirstWordOnly() {
        assertThat(CommandRefused.commandWordOf("put-stream a/b snap full")).isEqualTo("put-stream");
        assertThat(CommandRefused.commandWordOf("rm\u0000\u00e9 -rf /")).isEqualTo("rm??");
        assertThat(CommandRefused.commandWordOf("")).isEqualTo("(empty)");
        assertThat(CommandRefused.commandWordOf("x".repeat(500))).hasSize(64);
    }

    @Test
    void servicesDownWindowIsTheTimeBetweenStopAndResume() {
        assertThat(new ServicesResumed(List.of("a.service"), T, T.plusSeconds(7), List.of()).downWindow())
                .hasSeconds(7);
    }

    @Test
    void hostWideEventsAreExactlyLuksCommandRefusedStepFailedScrubCompletedAndBackupRequested() {
        assertThat(org.btrfssendbackup.messages.EventSamples.all().stream()
                .filter(e -> !e.payload().requiresBackupSet()).map(e -> e.type()))
                .containsExactlyInAnyOrder("LuksOpened", "LuksClosed", "StepFailed", "CommandRefused", "ScrubCompleted",
                        "BackupRequested");
    }

    @Test
    void aCorruptStreamNamesItselfAmongTheRestorePointsItTakesDown() {
        assertThatThrownBy(() -> new StreamCorrupt("rootfs-20240301T020001Z", "s/rootfs-20240301T020001Z.full.btrfs.gpg",
                "sha256 differs", null, null, List.of("rootfs-20240302T020001Z")))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("unrestorablePoints");
        assertThatThrownBy(() -> new ScrubCompleted(1, 0, 2, 0, 0))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("corrupt");
    }
}
