package org.btrfssendbackup.producer.upload;

import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.ReceiverExit;
import org.btrfssendbackup.core.protocol.PutStreamReply;
import org.btrfssendbackup.core.protocol.VersionReply;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import org.btrfssendbackup.core.protocol.ReceiverOverSsh;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.stream.EncodedStream;
import org.btrfssendbackup.core.tools.SshArgs;

/**
 * The receiver over OpenSSH: {@code ssh -o BatchMode=yes [-p PORT] [-i KEY] TARGET 'COMMAND'}
 * through the process runner, the encoded stream on ssh's stdin. The forced command on
 * backup-srv sees COMMAND as SSH_ORIGINAL_COMMAND.
 */
public final class SshStreamUploader implements StreamUploader {

    /** A listing is small and quick; a hung connection must not hold the run forever. */
    static final Duration LIST_TIMEOUT = Duration.ofMinutes(2);

    private final ReceiverOverSsh receiver;
    private final Duration stallTimeout;

    /**
     * @param stallTimeout BACKUP_SSH_STALL_TIMEOUT: longest a write into ssh may block, and longest
     *                     wait for the reply after the last byte (the receiver's final fsync and
     *                     rename take seconds, not minutes)
     */
    public SshStreamUploader(ProcessRunner runner, SshArgs ssh, Duration stallTimeout) {
        this.receiver = new ReceiverOverSsh(ssh, runner);
        this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
    }

    @Override
    public List<ListReplyLine.Stream> list(BackupSetName set) throws IOException {
        return ReceiverJson.listing(receiver.call(new ReceiverCommand.ListSet(set), LIST_TIMEOUT));
    }

    @Override
    public Optional<VersionReply> version() throws IOException {
        String reply;
        try {
            reply = receiver.call(new ReceiverCommand.Version(), LIST_TIMEOUT);
        } catch (ProcessFailedException e) {
            if (e.reason() == ProcessFailedException.Reason.EXIT_STATUS && e.exitStatus() == ReceiverExit.REFUSED) {
                return Optional.empty(); // "version" takes no argument: only a receiver that does not know it refuses it
            }
            throw e;
        }
        return Optional.of(VersionReply.parse(reply, ReceiverJson.MAPPER));
    }

    @Override
    public UploadOutcome putStream(ReceiverCommand.PutStream request, StreamWriter writer) throws IOException {
        SshStreamCall.Limits limits = new SshStreamCall.Limits("upload", receiver.target(),
                request.set().value() + "/" + request.snapshot().value(), stallTimeout, stallTimeout);
        SshStreamCall.Result<EncodedStream> call = SshStreamCall.run(receiver.runner(), receiver.command(request),
                writer::writeTo, limits);
        return new UploadOutcome(call.sent(), PutStreamReply.parse(call.reply(), ReceiverJson.MAPPER));
    }
}
