package org.btrfssendbackup.producer.remote;

import java.util.Objects;
import org.btrfssendbackup.core.protocol.ReceiveReply;

/** What the producer sent and what the receiver says it received; {@link ReceiveCheck} compares them. */
public record ReceiveOutcome(SentStream sent, ReceiveReply reply) {
    public ReceiveOutcome {
        Objects.requireNonNull(sent, "receive outcome: sent");
        Objects.requireNonNull(reply, "receive outcome: reply");
    }
}
