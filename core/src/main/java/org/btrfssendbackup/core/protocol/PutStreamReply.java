package org.btrfssendbackup.core.protocol;

import org.btrfssendbackup.core.text.WireWord;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;

/**
 * The receiver's one JSON line after a put-stream (design.md section 4):
 * {@code {"status":"stored|already-stored","set":..,"snapshot":..,"file":..,"bytes":N,"sha256":..}},
 * written only by {@link #format()} and read only by {@link #parse}.
 *
 * @param bytes  bytes stored (the encoded stream as it arrived)
 * @param sha256 sha256 of those bytes
 */
public record PutStreamReply(Status status, BackupSetName set, SnapshotName snapshot, StreamFileName file, long bytes,
                             String sha256) {

    public enum Status implements WireWord {
        STORED,
        /** The same stream was stored before; stdin was read and hashed, the stored file kept. */
        ALREADY_STORED
    }

    public PutStreamReply {
        ReplyFields.present("put-stream reply", "status set snapshot file", status, set, snapshot, file);
        if (!file.snapshot().equals(snapshot)) {
            throw new IllegalArgumentException("put-stream reply: file " + file.value() + " is not of snapshot " + snapshot);
        }
        ReplyFields.readDigest("put-stream reply", bytes, sha256);
    }

    /** The line as the receiver writes it (field order fixed; Jackson-free). */
    public String format() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", status.token());
        fields.put("set", set.value());
        fields.put("snapshot", snapshot.value());
        fields.put("file", file.value());
        fields.put("bytes", bytes);
        fields.put("sha256", sha256);
        return FlatJson.object(fields);
    }

    /** The last non-blank line of {@code output}; the caller passes the project's line mapper. */
    public static PutStreamReply parse(String output, ObjectMapper lineMapper) throws IOException {
        ReplyLine line = ReplyLine.last("put-stream", output, lineMapper);
        Status status = line.status(Status.class);
        String set = line.text("set");
        String snapshot = line.text("snapshot");
        String file = line.text("file");
        long bytes = line.count("bytes");
        String sha256 = line.text("sha256");
        try {
            return new PutStreamReply(status, BackupSetName.of(set), SnapshotName.parse(snapshot),
                    StreamFileName.parse(file), bytes, sha256);
        } catch (RuntimeException e) {
            throw line.invalid(e);
        }
    }
}
