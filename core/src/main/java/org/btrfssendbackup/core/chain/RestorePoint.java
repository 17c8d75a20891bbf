package org.btrfssendbackup.core.chain;

import org.btrfssendbackup.core.layout.StreamKind;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One restore point of a backup set: a stored stream file (identified by its snapshot name)
 * or a snapshot on disk. The chain and retention planners only look at these four facts.
 *
 * @param name   the snapshot name, unique within the set
 * @param time   when the snapshot was taken (UTC)
 * @param kind   {@link StreamKind#FULL} or {@link StreamKind#INCR}
 * @param parent the snapshot name the incremental stream was sent against; null for a full
 */
public record RestorePoint(String name, Instant time, StreamKind kind, String parent) {

    /** Oldest first; equal times are ordered by name so that every plan is deterministic. */
    public static final Comparator<RestorePoint> BY_TIME =
            Comparator.comparing(RestorePoint::time).thenComparing(RestorePoint::name);

    public RestorePoint {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("restore point: name must not be blank");
        }
        Objects.requireNonNull(time, () -> "restore point " + name + ": time must not be null");
        Objects.requireNonNull(kind, () -> "restore point " + name + ": kind must not be null");
        if (kind == StreamKind.FULL && parent != null) {
            throw new IllegalArgumentException(
                    "restore point " + name + ": a full stream has no parent, got " + parent);
        }
        if (kind == StreamKind.INCR && (parent == null || parent.isBlank())) {
            throw new IllegalArgumentException(
                    "restore point " + name + ": an incremental stream needs a parent");
        }
        if (name.equals(parent)) {
            throw new IllegalArgumentException(
                    "restore point " + name + ": an incremental stream cannot be its own parent");
        }
    }

    public static RestorePoint full(String name, Instant time) {
        return new RestorePoint(name, time, StreamKind.FULL, null);
    }

    public static RestorePoint incremental(String name, Instant time, String parent) {
        return new RestorePoint(name, time, StreamKind.INCR, parent);
    }

    /** A snapshot on disk (local or received): complete in itself, so it needs no parent. */
    public static RestorePoint snapshot(String name, Instant time) {
        return full(name, time);
    }

    public boolean isFull() {
        return kind == StreamKind.FULL;
    }
}
