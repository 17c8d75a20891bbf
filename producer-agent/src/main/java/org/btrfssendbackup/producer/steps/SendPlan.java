package org.btrfssendbackup.producer.steps;

import java.util.Optional;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamKind;

/** Full or incremental on which parent, and the sentence that explains why (logged). */
public record SendPlan(StreamKind kind, Optional<SnapshotName> parent, String explanation) {
    public SendPlan {
        if ((kind == StreamKind.INCR) != parent.isPresent()) {
            throw new IllegalArgumentException("send plan: an incremental needs a parent, a full has none");
        }
    }

    public static SendPlan full(String why) {
        return new SendPlan(StreamKind.FULL, Optional.empty(), why);
    }
}
