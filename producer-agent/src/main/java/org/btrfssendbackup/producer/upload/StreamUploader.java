package org.btrfssendbackup.producer.upload;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import org.btrfssendbackup.core.layout.BackupSetName;

/**
 * The producer's side of the receiver protocol (design.md section 4), the two commands it
 * needs: production uses {@link SshStreamUploader}; tests may store into a directory.
 */
public interface StreamUploader {

    /** What the receiver has stored for the set (`list SET`), oldest first. */
    List<StoredStream> list(BackupSetName set) throws IOException;

    /**
     * Runs put-stream with the writer's output as its stdin and returns the receiver's reply.
     * A failure of the writer or the transport throws; the receiver then never gives the
     * partial upload a final name.
     */
    UploadOutcome putStream(PutStreamRequest request, StreamWriter writer) throws IOException;

    /**
     * Usable bytes on the receiver's backup disk (the {@code version} reply's freeBytes); empty
     * when the receiver does not say (an older receiver).
     */
    default OptionalLong freeBytes() throws IOException {
        return OptionalLong.empty();
    }
}
