package org.btrfssendbackup.core.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The receiver's one JSON line after {@code close-luks}: {@code {"status":"closed|already-closed"}},
 * written only by {@link #format()} and read only by {@link #parse}.
 */
public record CloseLuksReply(Status status) {

    public enum Status {
        CLOSED("closed"),
        /** Nothing was open: closing twice is not an error. */
        ALREADY_CLOSED("already-closed");

        private final String token;

        Status(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }
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
        String status = line.status(Set.of(Status.CLOSED.token(), Status.ALREADY_CLOSED.token()));
        return of(status.equals(Status.CLOSED.token()));
    }
}
