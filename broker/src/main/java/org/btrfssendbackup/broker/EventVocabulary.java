package org.btrfssendbackup.broker;

import org.btrfssendbackup.core.layout.StreamKind;
import org.btrfssendbackup.messages.event.SnapshotKind;

/**
 * The one conversion between core's stream kind (file names, manifests, the SSH protocol) and the
 * events' snapshot kind. messages and core are both on the bottom floor and must not depend on
 * each other, so each keeps its own enum with the same tokens ("full", "incr"); the broker module
 * is the lowest that sees both, and every agent depends on it. The switches have no default: a
 * constant added to either enum fails the build here, not at run time in some agent.
 */
public final class EventVocabulary {

    private EventVocabulary() {
    }

    /** The event kind of a stream of this kind. */
    public static SnapshotKind snapshotKind(StreamKind kind) {
        return switch (kind) {
            case FULL -> SnapshotKind.FULL;
            case INCR -> SnapshotKind.INCR;
        };
    }

    /** The stream kind an event names. */
    public static StreamKind streamKind(SnapshotKind kind) {
        return switch (kind) {
            case FULL -> StreamKind.FULL;
            case INCR -> StreamKind.INCR;
        };
    }
}
