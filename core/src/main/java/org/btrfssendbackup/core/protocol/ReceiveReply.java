package org.btrfssendbackup.core.protocol;

import org.btrfssendbackup.core.text.WireWord;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.btrfssendbackup.core.layout.SnapshotName;

/**
 * The receiver's one JSON line after a {@code receive} (remote-btrfs), field names snake_case as
 * the remote-btrfs protocol spells them:
 * {@code {"status":"received|already-received","snapshot":..,"parent":..|null,"bytes":N,"sha256":..,"received_uuid":..}}.
 *
 * @param bytes        bytes the receiver read from stdin
 * @param sha256       sha256 of those bytes
 * @param receivedUuid the received subvolume's received UUID (the UUID of the snapshot sent)
 */
public record ReceiveReply(Status status, SnapshotName snapshot, Optional<SnapshotName> parent, long bytes,
                           String sha256, UUID receivedUuid) {

    public enum Status implements WireWord {
        RECEIVED,
        /** The snapshot was already completely received; stdin was read (and hashed) but not applied. */
        ALREADY_RECEIVED
    }

    public ReceiveReply {
        ReplyFields.present("receive reply", "status snapshot parent received_uuid", status, snapshot, parent,
                receivedUuid);
        ReplyFields.readDigest("receive reply", bytes, sha256);
    }

    public boolean alreadyReceived() {
        return status == Status.ALREADY_RECEIVED;
    }

    /** The line as the receiver writes it ({@code "parent":null} for a full stream; Jackson-free). */
    public String format() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("status", status.token());
        fields.put("snapshot", snapshot.value());
        fields.put("parent", parent.map(SnapshotName::value).orElse(null));
        fields.put("bytes", bytes);
        fields.put("sha256", sha256);
        fields.put("received_uuid", receivedUuid.toString());
        return FlatJson.object(fields);
    }

    /** The last non-blank line of {@code output}; the caller passes the project's line mapper. */
    public static ReceiveReply parse(String output, ObjectMapper lineMapper) throws IOException {
        ReplyLine line = ReplyLine.last("receive", output, lineMapper);
        Status status = line.status(Status.class);
        String snapshot = line.text("snapshot");
        Optional<String> parent = line.nullableText("parent");
        long bytes = line.count("bytes");
        String sha256 = line.text("sha256");
        String receivedUuid = line.text("received_uuid");
        try {
            return new ReceiveReply(status, SnapshotName.parse(snapshot), parent.map(SnapshotName::parse),
                    bytes, sha256, uuid(receivedUuid));
        } catch (RuntimeException e) {
            throw line.invalid(e);
        }
    }

    /** Only the canonical form: {@code UUID.fromString} also takes short groups the receiver never writes. */
    private static UUID uuid(String text) {
        UUID uuid = UUID.fromString(text);
        if (!uuid.toString().equals(text)) {
            throw new IllegalArgumentException("malformed received_uuid '" + text + "'");
        }
        return uuid;
    }
}
