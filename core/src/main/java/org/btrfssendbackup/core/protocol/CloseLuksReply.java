package org.btrfssendbackup.core.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.btrfssendbackup.core.text.WireWord;

/**
 * The receiver's one JSON line after {@code close-luks}: {@code {"status":"closed|already-closed"}},
 * written only by {@link #format()} and read only by {@link #parse}.
 */
public record CloseLuksReply(Status status) {

    public enum Status implements WireWord {
        CLOSED,
        /** Nothing was open: closing twice is not an error. */
        ALREADY_CLOSED
    }

    public CloseLuksReply {
        Objects.requireNonNull(status, "close-luks reply: status");
    }

    /** @param wasOpen whether close-luks found the volume open */
    public static CloseLuksReply of(boolean wasOpen) {
        return new CloseLuksReply(wasOpen ? Status.CLOSED : Status.ALREADY_CLOSED);
    }

    /** The line as the receiver writes it (Jackson-free). */
    public String format() {
        return FlatJson.object(Map.of("status", status.token()));
    }

    /** The last non-blank line of {@code output}; the caller passes the project's line mapper. */
    public static CloseLuksReply parse(String output, ObjectMapper lineMapper) throws IOException {
        ReplyLine line = ReplyLine.last("close-luks", output, lineMapper);
        return new CloseLuksReply(line.status(Status.class));
    }
}
