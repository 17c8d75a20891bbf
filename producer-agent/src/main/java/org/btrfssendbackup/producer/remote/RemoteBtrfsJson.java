package org.btrfssendbackup.producer.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.messages.JsonFormats;
import org.btrfssendbackup.core.protocol.CloseLuksReply;
import org.btrfssendbackup.core.protocol.ListReply;
import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.core.protocol.OpenLuksReply;

/**
 * The producer's side of the remote-btrfs replies: the line mapper they are read with and the
 * received snapshots of a listing; every line is read by its core.protocol record.
 */
public final class RemoteBtrfsJson {

    /** The line mapper the remote-btrfs replies are read with (core.protocol's receive and prune-received replies too). */
    public static final ObjectMapper MAPPER = JsonFormats.line();

    private RemoteBtrfsJson() {
    }

    /** @return "opened" or "already-open" */
    public static String openLuksReply(String output) throws IOException {
        return OpenLuksReply.parse(output, MAPPER).status().token();
    }

    /** @return "closed" or "already-closed" */
    public static String closeLuksReply(String output) throws IOException {
        return CloseLuksReply.parse(output, MAPPER).status().token();
    }

    /**
     * The received-snapshot lines of a {@code list SET} output, in the receiver's order (by
     * snapshot time), read by the one {@link ListReply} reader; the stream manifest lines of the
     * same output are skipped, a received-snapshot line that cannot be read fails the listing.
     */
    public static List<ReceivedSnapshot> receivedSnapshots(String output) throws IOException {
        List<ReceivedSnapshot> received = new ArrayList<>();
        for (ListReplyLine line : ListReply.parse(output, MAPPER)) {
            if (line instanceof ListReplyLine.ReceivedSnapshot r) {
                received.add(new ReceivedSnapshot(r.snapshot(), r.receivedUuid(), r.readOnly()));
            } else if (line instanceof ListReplyLine.Unreadable u && u.shape() != ListReplyLine.Unreadable.Shape.STREAM) {
                throw new IOException(u.message());
            }
        }
        return received;
    }
}
