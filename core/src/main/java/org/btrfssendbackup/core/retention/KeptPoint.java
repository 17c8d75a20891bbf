package org.btrfssendbackup.core.retention;

import java.util.List;
import java.util.Objects;
import org.btrfssendbackup.core.chain.RestorePoint;

/** A restore point the plan keeps, with every reason (never empty, in {@link KeepReason.Kind} order). */
public record KeptPoint(RestorePoint point, List<KeepReason> reasons) {

    public KeptPoint {
        Objects.requireNonNull(point, "kept point: point");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("kept point " + point.name() + ": needs a reason");
        }
    }

    public String name() {
        return point.name();
    }

    public boolean hasReason(KeepReason.Kind kind) {
        return reasons.stream().anyMatch(reason -> reason.kind() == kind);
    }
}
