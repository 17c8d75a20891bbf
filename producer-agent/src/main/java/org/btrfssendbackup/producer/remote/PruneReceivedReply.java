package org.btrfssendbackup.producer.remote;

import java.util.List;

/** {@code {"status":"pruned","kept":N,"deleted":[names...]}}. */
public record PruneReceivedReply(int kept, List<String> deleted) {
    public PruneReceivedReply {
        if (kept < 0) {
            throw new IllegalArgumentException("prune-received reply: negative kept count " + kept);
        }
        deleted = List.copyOf(deleted);
    }
}
