package org.btrfssendbackup.producer.steps;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.core.process.RunningProcess;
import org.btrfssendbackup.core.stream.Compression;
import org.btrfssendbackup.core.stream.EncodedStream;
import org.btrfssendbackup.core.stream.StreamEncoder;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.event.BackupMode;
import org.btrfssendbackup.messages.event.SnapshotCreated;
import org.btrfssendbackup.messages.event.SnapshotKind;
import org.btrfssendbackup.messages.event.StreamSent;
import org.btrfssendbackup.producer.state.PendingRun;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.core.process.ExitCheckedInputStream;
import org.btrfssendbackup.producer.upload.ProgressOutputStream;
import org.btrfssendbackup.producer.upload.PutStreamRequest;
import org.btrfssendbackup.producer.upload.ReplyCheck;
import org.btrfssendbackup.producer.upload.StoredStream;
import org.btrfssendbackup.producer.upload.UploadMismatchException;
import org.btrfssendbackup.producer.upload.UploadOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapshotCreated → StreamSent: {@code btrfs send [-p parent]} → zstd → OpenPGP → put-stream,
 * then the receiver's bytes and sha256 must equal what was sent.
 *
 * <p>Idempotent on redelivery: encryption is randomized, so a re-sent stream never matches the
 * stored one byte for byte and the receiver would refuse it under the same name. So the step
 * first asks {@code list SET}; a snapshot already stored there counts as sent (its manifest's
 * size and sha256 go into StreamSent with alreadyStored=true).
 */
public final class SendStep {

    private static final Logger LOG = LoggerFactory.getLogger(SendStep.class);
    static final String ENCRYPTION = "openpgp-aes256";

    private final ProducerRuntime runtime;

    public SendStep(ProducerRuntime runtime) {
        this.runtime = runtime;
    }

    public List<EventEnvelope> handle(EventEnvelope trigger, SnapshotCreated created) throws Exception {
        try (RunLock.Held held = StepLocks.hold(runtime.lock())) {
            SnapshotName name = SnapshotName.parse(created.snapshot());
            List<StoredStream> stored = runtime.tools().uploader().list(runtime.backupSet());
            Optional<StoredStream> already = stored.stream().filter(s -> s.snapshot().equals(name)).findFirst();
            if (already.isPresent()) {
                checkStoredIsWhatWasSent(already.get());
                LOG.info("{} is already stored on the receiver; not sending it again", name);
                return List.of(trigger.followUp(alreadySent(already.get()), runtime.tools().host()));
            }
            Path path = runtime.snapshotPath(name);
            if (!Files.isDirectory(path)) {
                throw new IllegalStateException("send " + name + ": the snapshot " + path
                        + " no longer exists; the next run takes a new one");
            }
            PutStreamRequest request = request(name, created, stored);
            long started = System.nanoTime();
            UploadOutcome outcome = upload(request, path);
            recordSent(name, outcome.sent());
            ReplyCheck.verify(request, outcome);
            long millis = (System.nanoTime() - started) / 1_000_000;
            EncodedStream sent = outcome.sent();
            LOG.info("sent {} ({}, {} bytes stored, sha256 {}) in {} ms", name, request.kind(), sent.storedBytes(),
                    sent.sha256(), millis);
            return List.of(trigger.followUp(new StreamSent(name.value(), kindOf(request.kind()),
                    request.parent().map(SnapshotName::value).orElse(null), BackupMode.ENCRYPTED_STREAM,
                    sent.storedBytes(), sent.sha256(), compressionLabel(request.compression()), ENCRYPTION, millis,
                    "already-stored".equals(outcome.reply().status())), runtime.tools().host()));
        }
    }

    /**
     * The snapshot step planned the kind; re-checked here because the parent could have gone
     * since: deleted locally (btrfs send -p needs it) or not stored on the receiver (an
     * incremental without its parent could never be restored). Either way: send a full.
     */
    private PutStreamRequest request(SnapshotName name, SnapshotCreated created, List<StoredStream> stored) {
        Optional<SnapshotName> parent = Optional.ofNullable(created.parent()).map(SnapshotName::parse);
        if (parent.isPresent()) {
            SnapshotName p = parent.get();
            if (!Files.isDirectory(runtime.snapshotPath(p))) {
                LOG.warn("{}: parent {} no longer exists locally; sending a full", name, p);
                parent = Optional.empty();
            } else if (stored.stream().noneMatch(s -> s.snapshot().equals(p))) {
                LOG.warn("{}: parent {} is not stored on the receiver; sending a full", name, p);
                parent = Optional.empty();
            }
        }
        return new PutStreamRequest(runtime.backupSet(), name, parent.isPresent() ? StreamKind.INCR : StreamKind.FULL,
                parent, runtime.config().compression());
    }

    private UploadOutcome upload(PutStreamRequest request, Path path) throws IOException {
        Optional<Path> parentPath = request.parent().map(runtime::snapshotPath);
        try (Passphrase passphrase = runtime.tools().passphrase().open();
             RunningProcess send = runtime.tools().btrfs().send(path, parentPath)) {
            StreamEncoder encoder = new StreamEncoder(passphrase, request.compression());
            return runtime.tools().uploader().putStream(request, transport -> {
                Optional<ProgressOutputStream> progress = runtime.tools().progress()
                        .map(console -> new ProgressOutputStream(transport, console));
                OutputStream target = progress.isPresent() ? progress.get() : transport;
                EncodedStream encoded = encoder.encode(new ExitCheckedInputStream(send), target);
                progress.ifPresent(ProgressOutputStream::finish);
                return encoded;
            });
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

    /**
     * A stored snapshot counts as sent only if it is what this producer sent, when that is known:
     * the receiver never overwrites, so a stored copy that differs can never be completed (the
     * next run takes a new snapshot). Unknown (a crash before the upload returned): trusted.
     */
    private void checkStoredIsWhatWasSent(StoredStream stored) throws IOException {
        Optional<String> sent = runtime.pendingRun().read().filter(e -> e.snapshot().equals(stored.snapshot()))
                .flatMap(PendingRun.Entry::sentSha256);
        if (sent.isPresent() && !sent.equals(stored.sha256())) {
            throw new UploadMismatchException("send " + stored.snapshot() + ": the receiver stores a stream with sha256 "
                    + stored.sha256().orElse("(none)") + " but this producer sent " + sent.get()
                    + "; the stored copy is not the backup (the next run takes a new snapshot)");
        }
    }

    private StreamSent alreadySent(StoredStream s) {
        String sha = s.sha256().orElseThrow(() -> new IllegalStateException("the receiver's manifest of "
                + s.snapshot() + " has no sha256"));
        return new StreamSent(s.snapshot().value(), kindOf(s.kind()), s.parent().map(SnapshotName::value).orElse(null),
                BackupMode.ENCRYPTED_STREAM, s.bytes().orElse(0), sha,
                compressionLabel(runtime.config().compression()), ENCRYPTION, 0, true);
    }

    static SnapshotKind kindOf(StreamKind kind) {
        return kind == StreamKind.FULL ? SnapshotKind.FULL : SnapshotKind.INCR;
    }

    static String compressionLabel(Compression compression) {
        return compression == Compression.ZSTD ? "zstd-" + Compression.ZSTD_LEVEL : "none";
    }
}
