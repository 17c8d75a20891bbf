package org.btrfssendbackup.core.retention;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.btrfssendbackup.core.chain.RestorePoint;

/**
 * What retention keeps and deletes in one backup set.
 *
 * @param keep    the kept points with their reasons, oldest first
 * @param delete  the points to delete, oldest first
 * @param unrestorable every point whose chain is broken (a parent not stored, a cycle, a damaged
 *                     link), with the cause, oldest first; all of them are kept; always empty for
 *                     {@link ChainMode#INDEPENDENT_SNAPSHOTS}
 */
public record RetentionPlan(List<KeptPoint> keep, List<RestorePoint> delete,
                            List<UnrestorablePoint> unrestorable) {

    public RetentionPlan {
        keep = List.copyOf(Objects.requireNonNull(keep, "retention plan: keep"));
        delete = List.copyOf(Objects.requireNonNull(delete, "retention plan: delete"));
        unrestorable = List.copyOf(Objects.requireNonNull(unrestorable, "retention plan: unrestorable"));
    }

    public List<String> keptNames() {
        return keep.stream().map(KeptPoint::name).toList();
    }

    public List<String> deletedNames() {
        return delete.stream().map(RestorePoint::name).toList();
    }

    /**
     * One line per point for dry runs and logs: {@code keep NAME REASON...},
     * {@code delete NAME}, then {@code unrestorable NAME: CAUSE} for each broken point.
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>(keep.size() + delete.size() + unrestorable.size());
        for (KeptPoint kept : keep) {
            StringBuilder line = new StringBuilder("keep ").append(kept.name());
            kept.reasons().forEach(reason -> line.append(' ').append(reason));
            lines.add(line.toString());
        }
        delete.forEach(point -> lines.add("delete " + point.name()));
        unrestorable.forEach(point -> lines.add("unrestorable " + point.name() + ": " + point.cause()));
        return lines;
    }
}
