package org.btrfssendbackup.core.chain;

import org.btrfssendbackup.core.layout.StreamKind;
import java.util.Objects;

/**
 * Full or incremental, against which parent, and why (the explanation goes to logs/events).
 *
 * @param kind        what to send
 * @param parent      the parent snapshot for an incremental; null for a full
 * @param reason      the rule that decided
 * @param explanation one human sentence naming the facts that decided
 */
public record SendDecision(StreamKind kind, String parent, Reason reason, String explanation) {

    /** The rule that decided. */
    public enum Reason {
        NO_STATE(StreamKind.FULL),
        PARENT_GONE_LOCALLY(StreamKind.FULL),
        NO_FULL_RECORDED(StreamKind.FULL),
        FULL_INTERVAL_ELAPSED(StreamKind.FULL),
        INCREMENTAL_ON_LAST_SENT(StreamKind.INCR);

        private final StreamKind kind;

        Reason(StreamKind kind) {
            this.kind = kind;
        }

        public StreamKind kind() {
            return kind;
        }
    }

    public SendDecision {
        Objects.requireNonNull(reason, "send decision: reason");
        Objects.requireNonNull(explanation, "send decision: explanation");
        if (kind != reason.kind()) {
            throw new IllegalArgumentException(
                    "send decision: reason " + reason + " implies " + reason.kind() + ", not " + kind);
        }
        if ((kind == StreamKind.INCR) != (parent != null)) {
            throw new IllegalArgumentException(
                    "send decision: an incremental needs a parent and a full has none (parent "
                            + parent + ")");
        }
    }

    public boolean isFull() {
        return kind == StreamKind.FULL;
    }
}
