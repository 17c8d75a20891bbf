package org.btrfssendbackup.producer.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.core.tools.SubvolumeInfo;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupCompleted;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.producer.remote.ReceiveMismatchException;
import org.btrfssendbackup.producer.testing.RemoteBtrfsFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote-btrfs send step on real btrfs: prod-srv's loop btrfs sends, the backup-srv
 * stand-in receives for real into its own loop btrfs. What is checked: full then incremental,
 * the parent is the newest snapshot both sides hold, close-luks after every failure, and the
 * state file moving only after a confirmed receive.
 */
class RemoteBtrfsSendStepSystemTest {

    static final String SET = "prod-srv/rootfs";
    static final String DAY1 = "prod-srv-rootfs-20260301T020500Z";
    static final String DAY2 = "prod-srv-rootfs-20260302T020500Z";
    static final String DAY3 = "prod-srv-rootfs-20260303T020500Z";

    @TempDir
    Path dir;

    /** The snapshot step's output for a new run (a snapshot taken now by the fixture's clock). */
    static EventEnvelope snapshot(RemoteBtrfsFixture f, boolean forceFull) throws Exception {
        EventEnvelope request = EventEnvelope.create(new BackupRequested("cli", "root", forceFull), "prod-srv", SET,
                EventEnvelope.newRunId(), null);
        List<EventEnvelope> created = new SnapshotStep(f.runtime()).handle(request, (BackupRequested) request.payload());
        assertThat(created).hasSize(1);
        return created.get(0);
    }

    static EventEnvelope send(RemoteBtrfsFixture f, EventEnvelope created) throws Exception {
        List<EventEnvelope> sent = new RemoteBtrfsSendStep(f.runtime()).handle(created,
                (SnapshotCreated) created.payload());
        assertThat(sent).hasSize(1);
        return sent.get(0);
    }

    static List<EventEnvelope> complete(RemoteBtrfsFixture f, EventEnvelope sent) throws Exception {
        return new CompleteStep(f.runtime()).handle(sent, (StreamSent) sent.payload());
    }

    /** One whole run through the three steps; returns StreamSent. */
    static StreamSent run(RemoteBtrfsFixture f) throws Exception {
        EventEnvelope sent = send(f, snapshot(f, false));
        List<EventEnvelope> done = complete(f, sent);
        assertThat(done).extracting(EventEnvelope::type).containsExactly("BackupCompleted");
        assertThat(((BackupCompleted) done.get(0).payload()).mode()).isEqualTo(BackupMode.REMOTE_BTRFS);
        return (StreamSent) sent.payload();
    }

    static void nextDay(RemoteBtrfsFixture f, String content) throws Exception {
        Files.writeString(f.prod.config.sourceSubvolume().resolve("hello.txt"), content);
        f.prod.clock.advance(Duration.ofDays(1));
    }

    @Test
    void fullThenIncrementalAreReceivedForRealAndTheLuksWindowIsClosedEachTime() throws Exception {
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir)) {
            StreamSent first = run(f);

            assertThat(first.kind()).isEqualTo(SnapshotKind.FULL);
            assertThat(first.mode()).isEqualTo(BackupMode.REMOTE_BTRFS);
            assertThat(first.encryption()).isEqualTo("luks");
            assertThat(first.bytes()).isPositive();
            assertThat(first.sha256()).hasSize(64);
            assertThat(f.remote.calls()).containsExactly("open-luks", "list " + SET, "receive " + SET + " " + DAY1,
                    "prune-received " + SET, "close-luks");
            assertThat(f.remote.isOpen()).isFalse();
            CliBtrfs btrfs = new CliBtrfs(f.prod.runner);
            SubvolumeInfo received = btrfs.show(f.received(DAY1));
            assertThat(received.readOnly()).isTrue();
            assertThat(received.receivedUuid()).contains(btrfs.show(f.prod.snapshotDir().resolve(DAY1)).uuid());
            assertThat(f.prod.stateFile()).hasContent(DAY1);
            assertThat(Path.of(f.prod.stateFile() + ".last-full")).hasContent(DAY1);

            nextDay(f, "changed\n");
            StreamSent second = run(f);

            assertThat(second.kind()).isEqualTo(SnapshotKind.INCR);
            assertThat(second.parent()).isEqualTo(DAY1);
            assertThat(second.bytes()).isLessThan(first.bytes());
            assertThat(f.remote.calls().subList(5, 10)).containsExactly("open-luks", "list " + SET,
                    "receive " + SET + " " + DAY2 + " " + DAY1, "prune-received " + SET, "close-luks");
            assertThat(f.received(DAY2).resolve("hello.txt")).hasContent("changed");
            assertThat(f.received(DAY1).resolve("hello.txt")).hasContent("hello");
            assertThat(f.prod.stateFile()).hasContent(DAY2);
            assertThat(Path.of(f.prod.stateFile() + ".last-full")).hasContent(DAY1);
        }
    }

    @Test
    void theParentIsTheNewestCommonSnapshotEvenWhenBackupSrvLostTheNewest() throws Exception {
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir)) {
            run(f);
            nextDay(f, "two\n");
            run(f);
            f.remote.forget(SET, DAY2); // backup-srv lost STATE_FILE's snapshot

            nextDay(f, "three\n");
            EventEnvelope created = snapshot(f, false);
            assertThat(((SnapshotCreated) created.payload()).parent()).as("the snapshot step's expectation")
                    .isEqualTo(DAY2);
            StreamSent third = (StreamSent) send(f, created).payload();

            assertThat(third.kind()).isEqualTo(SnapshotKind.INCR);
            assertThat(third.parent()).isEqualTo(DAY1);
            assertThat(f.received(DAY3).resolve("hello.txt")).hasContent("three");
        }
    }

    @Test
    void withNoCommonSnapshotLeftTheSendIsFull() throws Exception {
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir)) {
            run(f);
            f.remote.forget(SET, DAY1);

            nextDay(f, "two\n");
            StreamSent second = run(f);

            assertThat(second.kind()).isEqualTo(SnapshotKind.FULL);
            assertThat(second.parent()).isNull();
            assertThat(f.received(DAY2).resolve("hello.txt")).hasContent("two");
            assertThat(f.prod.stateFile()).hasContent(DAY2);
        }
    }

    @Test
    void forceFullSendsAFullEvenWithACommonParent() throws Exception {
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir)) {
            run(f);
            nextDay(f, "two\n");
            StreamSent forced = (StreamSent) send(f, snapshot(f, true)).payload();

            assertThat(forced.kind()).isEqualTo(SnapshotKind.FULL);
            assertThat(f.remote.calls()).contains("receive " + SET + " " + DAY2);
        }
    }

    @Test
    void aCutStreamLeavesNoReceivedSnapshotClosesLuksAndKeepsTheState() throws Exception {
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir)) {
            run(f);
            nextDay(f, "two\n");
            f.remote.cutOffAfter(100);
            EventEnvelope created = snapshot(f, false);

            assertThatThrownBy(() -> send(f, created)).hasMessageContaining("cut off");

            assertThat(f.remote.calls()).endsWith("receive " + SET + " " + DAY2 + " " + DAY1, "close-luks");
            assertThat(f.remote.isOpen()).isFalse();
            assertThat(f.received(DAY2)).doesNotExist();
            assertThat(f.prod.stateFile()).hasContent(DAY1);
        }
    }

    @Test
    void aMismatchedReplyFailsAndClosesAndTheRedeliveryFindsItReceivedWithoutSendingAgain() throws Exception {
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir)) {
            f.remote.replyWithWrongSha(true);
            EventEnvelope created = snapshot(f, false);

            assertThatThrownBy(() -> send(f, created)).isInstanceOf(ReceiveMismatchException.class)
                    .hasMessageContaining("sha256 sent");
            assertThat(f.remote.calls()).last().isEqualTo("close-luks");
            assertThat(f.prod.stateFile()).doesNotExist();

            // Redelivery: the receiver really has it (read-only, received UUID = ours): no second stream.
            EventEnvelope sent = send(f, created);
            StreamSent again = (StreamSent) sent.payload();
            assertThat(again.alreadyStored()).isTrue();
            assertThat(f.remote.calls()).filteredOn(c -> c.startsWith("receive ")).hasSize(1);
            assertThat(f.remote.calls()).last().isEqualTo("close-luks");
            complete(f, sent);
            assertThat(f.prod.stateFile()).hasContent(DAY1);
        }
    }

    @Test
    void aReplyNamingAnotherReceivedUuidIsRefused() throws Exception {
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir)) {
            f.remote.replyWithWrongUuid();

            assertThatThrownBy(() -> send(f, snapshot(f, false))).isInstanceOf(ReceiveMismatchException.class)
                    .hasMessageContaining("received_uuid");
            assertThat(f.remote.calls()).last().isEqualTo("close-luks");
            assertThat(f.prod.stateFile()).doesNotExist();
        }
    }

    @Test
    void aWrongKeyIsRefusedNothingIsSentAndCloseLuksStillRuns() throws Exception {
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir)) {
            Files.writeString(f.keyFile, "not the key\n");
            EventEnvelope created = snapshot(f, false);

            assertThatThrownBy(() -> send(f, created)).hasMessageContaining("wrong LUKS key");
            assertThat(f.remote.calls()).containsExactly("open-luks", "close-luks");
            assertThat(f.prod.stateFile()).doesNotExist();
        }
    }

    @Test
    void aKeyFileReadableByOthersIsRefusedBeforeAnythingIsOpened() throws Exception {
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir)) {
            Files.setPosixFilePermissions(f.keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            EventEnvelope created = snapshot(f, false);

            assertThatThrownBy(() -> send(f, created)).hasMessageContaining("refusing LUKS key file")
                    .hasMessageNotContaining(RemoteBtrfsFixture.LUKS_KEY.trim());
            assertThat(f.remote.calls()).containsExactly("close-luks");
        }
    }

    @Test
    void aFailedPruneDoesNotFailTheBackupButAFailedCloseDoes() throws Exception {
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir)) {
            f.remote.failPrune();
            run(f);
            assertThat(f.prod.stateFile()).hasContent(DAY1);

            nextDay(f, "two\n");
            f.remote.failClose(true);
            EventEnvelope created = snapshot(f, false);
            assertThatThrownBy(() -> send(f, created)).hasMessageContaining("close-luks failed")
                    .hasMessageContaining("may still be open");
            assertThat(f.prod.stateFile()).hasContent(DAY1);

            f.remote.failClose(false);
            StreamSent redelivered = (StreamSent) send(f, created).payload();
            assertThat(redelivered.alreadyStored()).isTrue();
            assertThat(f.remote.isOpen()).isFalse();
        }
    }

    @Test
    void localRetentionKeepsTheNewestCommonSnapshot() throws Exception {
        try (RemoteBtrfsFixture f = RemoteBtrfsFixture.create(dir, "LOCAL_KEEP_DAILY=0", "LOCAL_KEEP_WEEKLY=0",
                "LOCAL_KEEP_MONTHLY=0")) {
            run(f);
            nextDay(f, "two\n");
            run(f);

            assertThat(f.prod.snapshotDir().resolve(DAY1)).doesNotExist();
            assertThat(f.prod.snapshotDir().resolve(DAY2)).isDirectory();
            nextDay(f, "three\n");
            assertThat(run(f).parent()).isEqualTo(DAY2);
            assertThat(Optional.of(f.received(DAY3).resolve("hello.txt"))).get().matches(Files::isRegularFile);
        }
    }
}
