package org.btrfssendbackup.producer.upload;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.btrfssendbackup.core.protocol.ListReply;
import org.btrfssendbackup.core.protocol.ListReplyLine;
import org.btrfssendbackup.messages.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer's view of the receiver's lines: the list manifests as core {@link ListReplyLine.Stream}s; the
 * put-stream and version replies are read by their core.protocol records with {@link #MAPPER}.
 */
public final class ReceiverJson {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverJson.class);
    /** The project's one mapper: in the agent it is warm from the events before the first reply. */
    public static final ObjectMapper MAPPER = EventJson.mapper();

    private ReceiverJson() {
    }

    /**
     * The stream manifests of a {@code list} reply, read by the one {@link ListReply} reader.
     * Lines the receiver flags as invalid (or a newer receiver's unknown lines) are logged and
     * skipped; a line that cannot be read fails the listing, since a send decided on it could be wrong.
     */
    public static List<ListReplyLine.Stream> listing(String output) throws IOException {
        List<ListReplyLine.Stream> stored = new ArrayList<>();
        for (ListReplyLine line : ListReply.parse(output, MAPPER)) {
            if (line instanceof ListReplyLine.Stream s) {
                stored.add(s);
            } else if (line instanceof ListReplyLine.Unreadable u) {
                if (u.shape() != ListReplyLine.Unreadable.Shape.RECEIVED_SNAPSHOT) {
                    throw new IOException(u.message());
                }
            } else if (!(line instanceof ListReplyLine.ReceivedSnapshot)) {
                // invalid-manifest, no-manifest, or a newer receiver's line: never a parent, never "already stored"
                LOG.warn("receiver lists a line that is not a readable manifest: {}", line.text());
            }
        }
        return stored;
    }
}
