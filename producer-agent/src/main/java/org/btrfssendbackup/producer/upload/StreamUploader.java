package org.btrfssendbackup.producer.upload;

import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.ReceiverCommand;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.protocol.VersionReply;

/**
 * The producer's side of the receiver protocol (design.md section 4), the commands it
 * needs: production uses {@link SshStreamUploader}; tests may store into a directory.
 */
public interface StreamUploader {

    /** What the receiver has stored for the set (`list SET`), oldest first. */
    List<ListReplyLine.Stream> list(BackupSetName set) throws IOException;

    /**
     * Runs put-stream with the writer's output as its stdin and returns the receiver's reply.
     * A failure of the writer or the transport throws; the receiver then never gives the
     * partial upload a final name.
     */
    UploadOutcome putStream(ReceiverCommand.PutStream request, StreamWriter writer) throws IOException;

    /**
     * The receiver's {@code version} reply (protocol, commands, free bytes), for the handshake
     * ({@link ReceiverHandshake}); empty when the receiver refuses {@code version} itself (a
     * build from before the handshake).
     */
    Optional<VersionReply> version() throws IOException;
}
