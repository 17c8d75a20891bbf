package org.btrfssendbackup.core.chain;

import java.time.Instant;

/**
 * What the producer remembers of earlier sends (STATE_FILE and the last full).
 *
 * @param lastSentSnapshot      the snapshot last sent successfully (the next parent)
 * @param lastFullSnapshotTime  the snapshot time of the last full stream sent, or null when
 *                              unknown (then the next send is full: we cannot prove the chain
 *                              is young enough)
 */
public record SendHistory(String lastSentSnapshot, Instant lastFullSnapshotTime) {

    public SendHistory {
        if (lastSentSnapshot == null || lastSentSnapshot.isBlank()) {
            throw new IllegalArgumentException("send history: last sent snapshot must not be blank");
        }
    }

}
