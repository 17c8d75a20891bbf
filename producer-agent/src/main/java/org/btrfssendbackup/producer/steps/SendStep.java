package org.btrfssendbackup.producer.steps;

import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.broker.EventVocabulary;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.manifest.Compression;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.protocol.PutStreamReply;
import org.btrfssendbackup.core.stream.CompressionCodec;
import org.btrfssendbackup.core.stream.EncodedStream;
import org.btrfssendbackup.core.stream.StreamEncoder;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.messages.jms.PermanentStepException;
import org.btrfssendbackup.producer.state.PendingRun;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.core.process.ExitCheckedInputStream;
import org.btrfssendbackup.producer.upload.FreeSpaceCheck;
import org.btrfssendbackup.producer.upload.ProgressEvents;
import org.btrfssendbackup.producer.upload.ProgressOutputStream;
import org.btrfssendbackup.producer.upload.ReplyCheck;
import org.btrfssendbackup.producer.upload.UploadMismatchException;
import org.btrfssendbackup.producer.upload.UploadOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapshotCreated → StreamSent: {@code btrfs send [-p parent]} → zstd → OpenPGP → put-stream,
 * then the receiver's bytes and sha256 must equal what was sent.
 *
 * <p>Idempotent on redelivery: encryption is randomized, so a re-sent stream never matches the
 * stored one byte for byte and the receiver would refuse it under the same name. A snapshot
 * already stored counts as sent (its manifest's size and sha256 go into StreamSent with
 * alreadyStored=true). The step learns what is stored from {@code list SET}, but only when it
 * needs to: before re-sending a snapshot this producer already uploaded once (STATE_FILE.pending
 * has its sha256), and after a put-stream failed. A first attempt goes straight to put-stream,
 * because the receiver itself refuses what the listing would have caught (a missing parent, a
 * snapshot it already stores) before it stores anything; the listing after the failure then
 * turns those refusals into a full send or an already-stored confirmation. That saves one SSH
 * connection and one receiver start on every run (about half a second of the run here).
 */
public final class SendStep {

    private static final Logger LOG = LoggerFactory.getLogger(SendStep.class);
    static final String ENCRYPTION = "openpgp-aes256";
    /** What the handshake checks the receiver accepts before this step uses it. */
    static final List<String> COMMANDS = List.of("put-stream", "list");

    private final ProducerRuntime runtime;

    public SendStep(ProducerRuntime runtime) {
        this.runtime = runtime;
    }

    public List<EventEnvelope> handle(EventEnvelope trigger, SnapshotCreated created) throws Exception {
        try (RunLock.Held held = StepLocks.hold(runtime.lock())) {
            runtime.requireReceiver(trigger, COMMANDS);
            SnapshotName name = SnapshotName.parse(created.snapshot());
            Path path = runtime.snapshotPath(name);
            if (SendChoice.listBeforeSending(sentSha256(name))) {
                return sendAfterListing(trigger, created, name, path, runtime.tools().uploader().list(runtime.backupSet()));
            }
            checkSnapshotExists(name, path);
            ReceiverCommand.PutStream request = request(name, plan(name, created, Optional.empty()));
            long started = System.nanoTime();
            UploadOutcome outcome;
            try {
                outcome = upload(trigger, request, path);
            } catch (PermanentStepException permanent) {
                throw permanent; // e.g. backup-srv's disk is full: no listing, no re-send can help
            } catch (IOException | RuntimeException failed) {
                return explainFailedSend(trigger, created, name, path, request, failed);
            }
            // a reply that does not match is not explained away: it fails this attempt
            return confirm(trigger, request, outcome, started);
        }
    }

    /**
     * After a failed first put-stream: the listing tells a refusal that has a remedy (the parent
     * is not stored: send a full; the snapshot is stored: confirm it) from any other failure,
     * which stands (the broker redelivers).
     */
    private List<EventEnvelope> explainFailedSend(EventEnvelope trigger, SnapshotCreated created, SnapshotName name,
                                                  Path path, ReceiverCommand.PutStream request, Exception failed)
            throws Exception {
        List<ListReplyLine.Stream> stored;
        try {
            stored = runtime.tools().uploader().list(runtime.backupSet());
        } catch (IOException | RuntimeException listFailed) {
            failed.addSuppressed(listFailed);
            throw failed;
        }
        if (!SendChoice.listingExplainsFailure(name, request.parent(), stored)) {
            throw failed;
        }
        LOG.info("put-stream of {} failed ({}); the receiver's listing explains it", name, failed.getMessage());
        return sendAfterListing(trigger, created, name, path, stored);
    }

    private List<EventEnvelope> sendAfterListing(EventEnvelope trigger, SnapshotCreated created, SnapshotName name,
                                                 Path path, List<ListReplyLine.Stream> stored) throws Exception {
        Optional<SnapshotName> planned = plannedParent(created);
        SendChoice.AfterListing next = SendChoice.afterListing(name, sentSha256(name), planned,
                parentExistsLocally(planned), stored);
        if (next instanceof SendChoice.StoredDiffers differs) {
            throw new UploadMismatchException(differs.problem());
        }
        if (next instanceof SendChoice.AlreadyStored already) {
            LOG.info("{} is already stored on the receiver; not sending it again", name);
            return List.of(trigger.followUp(alreadySent(already.stored()), runtime.tools().host()));
        }
        checkSnapshotExists(name, path);
        ReceiverCommand.PutStream request = request(name, ((SendChoice.Send) next).plan());
        checkFreeSpace(request, stored);
        return send(trigger, request, path);
    }

    /**
     * With a listing at hand, an upload that clearly will not fit fails before it is sent
     * (permanent: the disk does not empty itself), when there is a size to compare with
     * ({@link FreeSpaceCheck}). The free-space figure is the one of this run's handshake: no
     * second {@code version} call.
     */
    private void checkFreeSpace(ReceiverCommand.PutStream request, List<ListReplyLine.Stream> stored) throws IOException {
        OptionalLong expected = FreeSpaceCheck.expectedBytes(request.kind(), stored);
        if (expected.isEmpty()) {
            return;
        }
        Optional<String> problem = FreeSpaceCheck.problem(expected, runtime.handshake().freeBytes());
        if (problem.isPresent()) {
            throw new PermanentStepException("send " + request.snapshot() + " (" + request.kind().token() + ") to "
                    + runtime.config().sshTarget() + ": " + problem.get());
        }
    }

    private static void checkSnapshotExists(SnapshotName name, Path path) {
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException("send " + name + ": the snapshot " + path
                    + " no longer exists; the next run takes a new one");
        }
    }

    private List<EventEnvelope> send(EventEnvelope trigger, ReceiverCommand.PutStream request, Path path) throws IOException {
        long started = System.nanoTime();
        return confirm(trigger, request, upload(trigger, request, path), started);
    }

    /** Records what was sent, checks the receiver's reply against it, and says StreamSent. */
    private List<EventEnvelope> confirm(EventEnvelope trigger, ReceiverCommand.PutStream request, UploadOutcome outcome,
                                        long started) throws IOException {
        SnapshotName name = request.snapshot();
        recordSent(name, outcome.sent());
        ReplyCheck.verify(request, outcome);
        long millis = (System.nanoTime() - started) / 1_000_000;
        EncodedStream sent = outcome.sent();
        LOG.info("sent {} ({}, {} bytes stored, sha256 {}) in {} ms", name, request.kind(), sent.storedBytes(),
                sent.sha256(), millis);
        return List.of(trigger.followUp(new StreamSent(name.value(), EventVocabulary.snapshotKind(request.kind()),
                request.parent().map(SnapshotName::value).orElse(null), BackupMode.ENCRYPTED_STREAM,
                sent.storedBytes(), sent.sha256(), compressionLabel(request.compression()), ENCRYPTION, millis,
                outcome.reply().status() == PutStreamReply.Status.ALREADY_STORED), runtime.tools().host()));
    }

    /** What to send ({@link SendChoice#plan}), with the local facts it needs. */
    private SendChoice.Plan plan(SnapshotName name, SnapshotCreated created, Optional<List<ListReplyLine.Stream>> stored) {
        Optional<SnapshotName> planned = plannedParent(created);
        return SendChoice.plan(name, planned, parentExistsLocally(planned), stored);
    }

    private static Optional<SnapshotName> plannedParent(SnapshotCreated created) {
        return Optional.ofNullable(created.parent()).map(SnapshotName::parse);
    }

    private boolean parentExistsLocally(Optional<SnapshotName> planned) {
        return planned.map(p -> Files.isDirectory(runtime.snapshotPath(p))).orElse(false);
    }

    /** The request for a plan; a plan that changed the snapshot step's kind says why (logged). */
    private ReceiverCommand.PutStream request(SnapshotName name, SendChoice.Plan plan) {
        plan.reason().ifPresent(LOG::warn);
        // a producer always names the compression it applies: UNKNOWN would drop it from the command
        return new ReceiverCommand.PutStream(runtime.backupSet(), name, plan.kind(), plan.parent(),
                CompressionCodec.applicable(runtime.config().compression()));
    }

    private UploadOutcome upload(EventEnvelope trigger, ReceiverCommand.PutStream request, Path path) throws IOException {
        Optional<Path> parentPath = request.parent().map(runtime::snapshotPath);
        OptionalLong expected = runtime.tools().progress().isPresent() ? expectedBytes(request) : OptionalLong.empty();
        try (Passphrase passphrase = runtime.tools().passphrase().open();
             RunningProcess send = runtime.tools().btrfs().send(path, parentPath)) {
            StreamEncoder encoder = new StreamEncoder(passphrase, request.compression());
            return runtime.tools().uploader().putStream(request, wire -> {
                // Progress events for the web console, at most one per ten seconds of a long transfer.
                OutputStream transport = new ProgressEvents(wire, request.snapshot().value(),
                        EventVocabulary.snapshotKind(request.kind()),
                        () -> expected.isPresent() ? expected : expectedBytes(request),
                        fact -> runtime.emitNow(trigger, fact));
                Optional<ProgressOutputStream> progress = runtime.tools().progress()
                        .map(console -> new ProgressOutputStream(transport, console, expected));
                OutputStream target = progress.isPresent() ? progress.get() : transport;
                EncodedStream encoded = encoder.encode(new ExitCheckedInputStream(send), target);
                progress.ifPresent(ProgressOutputStream::finish);
                return encoded;
            });
        }
    }

    /**
     * The total the terminal's progress line expects: the size of the last stored stream of this
     * kind (one {@code list} more, only in a run that shows progress); none when it cannot be had.
     */
    private OptionalLong expectedBytes(ReceiverCommand.PutStream request) {
        try {
            return FreeSpaceCheck.expectedBytes(request.kind(), runtime.tools().uploader().list(runtime.backupSet()));
        } catch (IOException | RuntimeException e) {
            LOG.debug("no size estimate for the progress line: {}", e.getMessage());
            return OptionalLong.empty();
        }
    }

    /** Remembered before the reply is checked, so that a redelivery can judge what the receiver kept. */
    private void recordSent(SnapshotName name, EncodedStream sent) throws IOException {
        PendingRun pending = runtime.pendingRun();
        Optional<PendingRun.Entry> entry = pending.read().filter(e -> e.snapshot().equals(name));
        if (entry.isPresent()) {
            pending.write(entry.get().withSentSha256(sent.sha256()));
        }
    }

    /** sha256 of the stream this producer already uploaded for {@code name} (STATE_FILE.pending), if any. */
    private Optional<String> sentSha256(SnapshotName name) throws IOException {
        return runtime.pendingRun().read().filter(e -> e.snapshot().equals(name)).flatMap(PendingRun.Entry::sentSha256);
    }

    private StreamSent alreadySent(ListReplyLine.Stream s) {
        String sha = s.sha256().orElseThrow(() -> new IllegalStateException("the receiver's manifest of "
                + s.snapshot() + " has no sha256"));
        return new StreamSent(s.snapshot().value(), EventVocabulary.snapshotKind(s.kind()),
                s.parent().map(SnapshotName::value).orElse(null),
                BackupMode.ENCRYPTED_STREAM, s.bytes().orElse(0), sha,
                compressionLabel(runtime.config().compression()), ENCRYPTION, 0, true);
    }

    static String compressionLabel(Compression compression) {
        return compression == Compression.ZSTD ? "zstd-" + CompressionCodec.ZSTD_LEVEL : "none";
    }
}
