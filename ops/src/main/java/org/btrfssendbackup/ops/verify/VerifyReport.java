package org.btrfssendbackup.ops.verify;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Verify's result for a backup root: one report per set, plus problems outside any set. */
public record VerifyReport(Path backupRoot, List<SetReport> sets, List<Finding> rootFindings) {

    public VerifyReport {
        Objects.requireNonNull(backupRoot, "backupRoot");
        sets = List.copyOf(sets);
        rootFindings = List.copyOf(rootFindings);
    }

    public boolean ok() {
        return sets.stream().allMatch(SetReport::ok) && rootFindings.stream().noneMatch(Finding::isProblem);
    }
}
