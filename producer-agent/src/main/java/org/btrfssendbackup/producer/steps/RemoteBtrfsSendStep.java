package org.btrfssendbackup.producer.steps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.btrfssendbackup.broker.EventVocabulary;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.protocol.PruneReceivedReply;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.stream.CountingHashingOutputStream;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.producer.remote.LuksKeyFile;
import org.btrfssendbackup.producer.remote.ReceiveCheck;
import org.btrfssendbackup.producer.remote.ReceiveMismatchException;
import org.btrfssendbackup.producer.remote.ReceiveOutcome;
import org.btrfssendbackup.producer.remote.ReceiveRequest;
import org.btrfssendbackup.producer.remote.ReceivedSnapshot;
import org.btrfssendbackup.producer.remote.RemoteBtrfsTransport;
import org.btrfssendbackup.producer.remote.SentStream;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.core.process.ExitCheckedInputStream;
import org.btrfssendbackup.producer.upload.ProgressOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapshotCreated → StreamSent in BACKUP_MODE=remote-btrfs, all inside one LUKS window:
 * open-luks (LUKS_KEY_FILE's bytes on its stdin only), {@code list SET}, {@code btrfs send
 * [-p parent]} straight into {@code receive SET SNAPSHOT [PARENT]} (bytes and sha256 counted on
 * the way and compared with the reply, the reply's received_uuid with the local snapshot's
 * UUID), prune-received, and close-luks in a finally, whatever failed before it.
 *
 * <p>Idempotent on redelivery: the step first lists the received snapshots. "Already received"
 * means a received-snapshot line for SNAPSHOT that is read-only with a received UUID equal to
 * the local snapshot's UUID: btrfs receive sets both only after the whole stream arrived, and
 * the UUID ties it to this very snapshot. Then nothing is sent again and StreamSent says
 * alreadyStored=true. A complete subvolume under the name with another UUID is not ours and
 * fails the step (the receiver never overwrites; the next run takes a new snapshot).
 *
 * <p>A failed prune-received is logged and does not fail the backup (the receive is confirmed;
 * the next run prunes again). A failed close-luks does fail the step: the volume may still be
 * open, which must not pass silently; the redelivery finds the snapshot received and closes again.
 */
public final class RemoteBtrfsSendStep {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteBtrfsSendStep.class);
    static final String COMPRESSION = "none";
    static final String ENCRYPTION = "luks";
    private static final int BUFFER = 1 << 20;

    /** What the handshake checks the receiver accepts before this step uses it (a receiver from before remote-btrfs does not). */
    static final List<String> COMMANDS = List.of("open-luks", "list", "receive", "prune-received", "close-luks");

    private final ProducerRuntime runtime;

    public RemoteBtrfsSendStep(ProducerRuntime runtime) {
        this.runtime = runtime;
    }

    public List<EventEnvelope> handle(EventEnvelope trigger, SnapshotCreated created) throws Exception {
        try (RunLock.Held held = StepLocks.hold(runtime.lock())) {
            runtime.requireReceiver(trigger, COMMANDS);
            RemoteBtrfsTransport remote = runtime.tools().remoteBtrfs().orElseThrow(() -> new IllegalStateException(
                    "BACKUP_MODE=remote-btrfs but this producer has no remote-btrfs transport"));
            StreamSent sent;
            Exception failure = null;
            try {
                openLuks(remote);
                sent = sendWhileOpen(remote, SnapshotName.parse(created.snapshot()), created);
                pruneReceived(remote);
            } catch (Exception e) {
                failure = e;
                throw e;
            } finally {
                closeLuks(remote, failure);
            }
            return List.of(trigger.followUp(sent, runtime.tools().host()));
        }
    }

    private void openLuks(RemoteBtrfsTransport remote) throws IOException {
        Path keyFile = runtime.config().luksKeyFile().orElseThrow(
                () -> new IllegalStateException("BACKUP_MODE=remote-btrfs needs LUKS_KEY_FILE"));
        byte[] key = LuksKeyFile.read(keyFile);
        try {
            String status = remote.openLuks(key);
            LOG.info("open-luks: {}", status);
        } finally {
            Arrays.fill(key, (byte) 0); // the transport zeroes it too; this covers a transport that failed first
        }
    }

    private StreamSent sendWhileOpen(RemoteBtrfsTransport remote, SnapshotName name, SnapshotCreated created)
            throws IOException {
        // From the event: the snapshot step read it when it took the snapshot (it may be gone locally since).
        UUID localUuid = created.btrfsUuid() != null ? UUID.fromString(created.btrfsUuid())
                : runtime.tools().btrfs().show(runtime.snapshotPath(name)).uuid();
        List<ReceivedSnapshot> received = remote.listReceived(runtime.backupSet());
        Optional<ReceivedSnapshot> already = received.stream().filter(r -> r.snapshot().equals(name)).findFirst();
        if (already.isPresent() && already.get().complete()) {
            if (!already.get().isReceivedFrom(localUuid)) {
                throw new ReceiveMismatchException("receive " + runtime.backupSet() + " " + name
                        + ": backup-srv holds a received snapshot of that name with received_uuid "
                        + already.get().receivedUuid().orElseThrow() + ", not this snapshot's UUID " + localUuid
                        + "; it is not this backup (the next run takes a new snapshot)");
            }
            LOG.info("{} is already received on backup-srv (read-only, received_uuid {}); not sending it again",
                    name, localUuid);
            // The kind and parent the snapshot step planned: what an earlier attempt actually sent is not known here.
            return new StreamSent(name.value(), created.kind(), created.parent(), BackupMode.REMOTE_BTRFS, 0,
                    null, COMPRESSION, ENCRYPTION, 0, true);
        }
        if (already.isPresent()) {
            LOG.warn("{} is on backup-srv but not completely received (read-only={}, received_uuid={}); sending it again",
                    name, already.get().readOnly(), already.get().receivedUuid().map(UUID::toString).orElse("none"));
        }
        Path path = runtime.snapshotPath(name);
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException("send " + name + ": the snapshot " + path
                    + " no longer exists; the next run takes a new one");
        }
        SendPlan plan = plan(name, created, received);
        LOG.info("{}: {}", name, plan.explanation());
        ReceiveRequest request = new ReceiveRequest(runtime.backupSet(), name, plan.parent());
        long started = System.nanoTime();
        ReceiveOutcome outcome = sendAndReceive(remote, request, path);
        ReceiveCheck.verify(request, outcome, localUuid);
        long millis = (System.nanoTime() - started) / 1_000_000;
        SentStream sent = outcome.sent();
        LOG.info("sent {} ({}) into backup-srv's btrfs: {} bytes, sha256 {}, received_uuid {}, in {} ms", name,
                request.kind(), sent.bytes(), sent.sha256(), outcome.reply().receivedUuid(), millis);
        return new StreamSent(name.value(), EventVocabulary.snapshotKind(request.kind()),
                request.parent().map(SnapshotName::value).orElse(null), BackupMode.REMOTE_BTRFS, sent.bytes(),
                sent.sha256(), COMPRESSION, ENCRYPTION, millis, outcome.reply().alreadyReceived());
    }

    /** A full when the snapshot step said one is required; else the newest snapshot both sides have. */
    private SendPlan plan(SnapshotName name, SnapshotCreated created, List<ReceivedSnapshot> received) {
        List<String> local = runtime.tools().btrfs().listSnapshots(runtime.config().snapshotDir()).stream()
                .map(p -> p.getFileName().toString()).toList();
        return ReceiveParentChooser.choose(name, created.kind() == SnapshotKind.FULL,
                "full: the snapshot step planned a full (requested, no state, or FULL_INTERVAL_DAYS)", local,
                runtime.config().snapshotPrefix(), received,
                parent -> runtime.tools().btrfs().show(runtime.snapshotPath(parent)).uuid());
    }

    private ReceiveOutcome sendAndReceive(RemoteBtrfsTransport remote, ReceiveRequest request, Path path)
            throws IOException {
        Optional<Path> parentPath = request.parent().map(runtime::snapshotPath);
        try (RunningProcess send = runtime.tools().btrfs().send(path, parentPath)) {
            return remote.receive(request, transport -> {
                Optional<ProgressOutputStream> progress = runtime.tools().progress()
                        .map(console -> new ProgressOutputStream(transport, console));
                CountingHashingOutputStream counted = new CountingHashingOutputStream(
                        progress.isPresent() ? progress.get() : transport);
                // A send that dies halfway must fail the copy, never look like a short stream.
                copy(new ExitCheckedInputStream(send), counted);
                counted.flush();
                progress.ifPresent(ProgressOutputStream::finish);
                return new SentStream(counted.bytes(), counted.sha256Hex());
            });
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
    }

    private void pruneReceived(RemoteBtrfsTransport remote) {
        try {
            PruneReceivedReply reply = remote.pruneReceived(runtime.backupSet());
            LOG.info("prune-received {}: kept {}, deleted {}", runtime.backupSet(), reply.kept(), reply.deleted());
        } catch (IOException | RuntimeException e) {
            LOG.error("prune-received {} failed (the backup itself is confirmed; the next run prunes again): {}",
                    runtime.backupSet(), e.getMessage());
        }
    }

    /** Runs whatever failed before; its own failure is added to the earlier one, or thrown when there was none. */
    private static void closeLuks(RemoteBtrfsTransport remote, Exception earlier) throws IOException {
        try {
            LOG.info("close-luks: {}", remote.closeLuks());
        } catch (IOException | RuntimeException e) {
            LOG.error("close-luks failed; the LUKS volume on backup-srv may still be open: {}", e.getMessage());
            if (earlier != null) {
                earlier.addSuppressed(e);
                return;
            }
            throw new IOException("close-luks failed; the LUKS volume on backup-srv may still be open: "
                    + e.getMessage(), e);
        }
    }
}
