package org.btrfssendbackup.core.retention;

import java.util.Objects;
import org.btrfssendbackup.core.chain.RestorePoint;

/**
 * A point whose chain is broken, so no restore can reach it: a parent not stored, a cycle, or a
 * damaged link (a stream that failed its last integrity check or has no manifest).
 *
 * @param point the point
 * @param cause the first problem on its chain, e.g. {@code link s1 is damaged: sha256 mismatch}
 */
public record UnrestorablePoint(RestorePoint point, String cause) {

    public UnrestorablePoint {
        Objects.requireNonNull(point, "unrestorable point: point");
        if (cause == null || cause.isBlank()) {
            throw new IllegalArgumentException("unrestorable point " + point.name() + ": needs a cause");
        }
    }

    public String name() {
        return point.name();
    }
}
