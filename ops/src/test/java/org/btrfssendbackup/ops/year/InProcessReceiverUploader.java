package org.btrfssendbackup.ops.year;

import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.ReceiverExit;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.protocol.PutStreamReply;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.protocol.VersionReply;
import org.btrfssendbackup.core.stream.EncodedStream;
import org.btrfssendbackup.producer.upload.ReceiverJson;
import org.btrfssendbackup.producer.upload.StreamUploader;
import org.btrfssendbackup.producer.upload.UploadOutcome;
import org.btrfssendbackup.producer.upload.StreamWriter;
import org.btrfssendbackup.receiver.Receiver;

/**
 * The producer's transport without ssh: each command line goes to the REAL receiver logic in
 * this process (what the forced command would run on backup-srv), and its stdout is parsed by
 * the producer's own reply parser. Only ssh itself is left out, to keep 300+ runs fast.
 *
 * <p>The encoded stream is buffered in memory before the receiver reads it: the year's streams
 * are small, and a buffer avoids a second thread and a pipe whose failure modes would be the
 * test's, not the product's.
 */
final class InProcessReceiverUploader implements StreamUploader {

    private final Receiver receiver;
    private int puts;

    InProcessReceiverUploader(Receiver receiver) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
    }

    int puts() {
        return puts;
    }

    @Override
    public List<ListReplyLine.Stream> list(BackupSetName set) throws IOException {
        return ReceiverJson.listing(call(new ReceiverCommand.ListSet(set).format(), InputStream.nullInputStream()));
    }

    @Override
    public UploadOutcome putStream(ReceiverCommand.PutStream request, StreamWriter writer) throws IOException {
        puts++;
        ByteArrayOutputStream upload = new ByteArrayOutputStream();
        EncodedStream sent = writer.writeTo(upload);
        String reply = call(request.format(), new ByteArrayInputStream(upload.toByteArray()));
        return new UploadOutcome(sent, PutStreamReply.parse(reply, ReceiverJson.MAPPER));
    }

    @Override
    public Optional<VersionReply> version() throws IOException {
        return Optional.of(VersionReply.parse(call(new ReceiverCommand.Version().format(), InputStream.nullInputStream()),
                ReceiverJson.MAPPER));
    }

    /** Runs one receiver command; a non-zero exit is an IOException with the receiver's stderr line, as over ssh. */
    private String call(String commandLine, InputStream stdin) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = receiver.run(commandLine, stdin, out, new PrintStream(err, true, StandardCharsets.UTF_8));
        if (status != ReceiverExit.OK) {
            throw new IOException("receiver '" + commandLine + "' exited " + status + ": "
                    + err.toString(StandardCharsets.UTF_8).trim());
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
