package org.btrfssendbackup.messages.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a stream is a full send or an incremental one against a parent (the file suffix of design.md §5). */
public enum SnapshotKind {
    @JsonProperty("full") FULL,
    @JsonProperty("incr") INCR;

    /** The rule every event with a kind obeys: incremental if and only if there is a parent. */
    static void checkParent(String record, SnapshotKind kind, String parent) {
        Require.notNull(kind, record + ".kind");
        if (kind == INCR && parent == null) {
            throw new InvalidFieldException(record + ".parent", "is required for an incremental stream");
        }
        if (kind == FULL && parent != null) {
            throw new InvalidFieldException(record + ".parent", "must be absent for a full stream");
        }
        Require.matchesOrNull(parent, Require.SNAPSHOT_NAME, record + ".parent");
    }
}
