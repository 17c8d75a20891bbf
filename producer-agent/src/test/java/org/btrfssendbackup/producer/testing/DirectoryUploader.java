package org.btrfssendbackup.producer.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.stream.EncodedStream;
import org.btrfssendbackup.producer.upload.PutStreamRequest;
import org.btrfssendbackup.producer.upload.ReceiverReply;
import org.btrfssendbackup.producer.upload.StoredStream;
import org.btrfssendbackup.producer.upload.StreamUploader;
import org.btrfssendbackup.producer.upload.UploadOutcome;

/**
 * Test stand-in for the SSH transport: stores each put-stream as DIR/SET/SNAPSHOT.KIND.btrfs.gpg
 * (the receiver's names, written to a temporary name first) and lists what it stored. It can
 * cut an upload off after some bytes, or lie about the sha256 in its reply.
 */
public final class DirectoryUploader implements StreamUploader {

    private final Path root;
    private final List<StoredStream> stored = new ArrayList<>();
    private long cutOffAfterBytes = -1;
    private boolean wrongSha;
    private boolean corrupt;
    private int puts;

    public DirectoryUploader(Path root) {
        this.root = root;
    }

    /** Every later upload fails like a dropped connection after this many bytes. */
    public synchronized DirectoryUploader cutOffAfter(long bytes) {
        cutOffAfterBytes = bytes;
        return this;
    }

    /** Every later reply names a sha256 that is not the one received. */
    public synchronized DirectoryUploader replyWithWrongSha() {
        wrongSha = true;
        return this;
    }

    /** Every later upload arrives damaged: what is stored (listing and reply) is not what was sent. */
    public synchronized DirectoryUploader corruptInTransit() {
        corrupt = true;
        return this;
    }

    public synchronized int puts() {
        return puts;
    }

    public Path file(PutStreamRequest r) {
        return root.resolve(r.set().value()).resolve(r.snapshot().value() + "." + r.kind().token() + ".btrfs.gpg");
    }

    @Override
    public synchronized List<StoredStream> list(BackupSetName set) {
        return List.copyOf(stored);
    }

    @Override
    public synchronized UploadOutcome putStream(PutStreamRequest request, org.btrfssendbackup.producer.upload.StreamWriter writer)
            throws IOException {
        puts++;
        Path target = file(request);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".partial");
        EncodedStream sent;
        try (OutputStream out = new CuttingStream(Files.newOutputStream(temp), cutOffAfterBytes)) {
            sent = writer.writeTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target);
        String storedSha = corrupt ? "f".repeat(64) : sent.sha256();
        String sha = wrongSha ? "0".repeat(64) : storedSha;
        stored.add(new StoredStream(request.snapshot(), request.kind(), request.parent(),
                OptionalLong.of(sent.storedBytes()), Optional.of(storedSha)));
        return new UploadOutcome(sent, new ReceiverReply("stored", request.snapshot().value(), sent.storedBytes(), sha));
    }

    /** Fails like a broken connection once the limit is passed. */
    private static final class CuttingStream extends FilterOutputStream {
        private final long limit;
        private long written;

        CuttingStream(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (limit >= 0 && written + len > limit) {
                throw new IOException("connection cut off after " + written + " bytes (test)");
            }
            out.write(b, off, len);
            written += len;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}
