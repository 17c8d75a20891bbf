package org.btrfssendbackup.pruner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The log lines every pass writes, whoever started it: the audit trail that needs no broker. */
final class PruneLog {

    private static final Logger LOG = LoggerFactory.getLogger(PruneLog.class);

    private PruneLog() {
    }

    static void summary(PruneResult result) {
        result.warnings().forEach(w -> LOG.warn("prune {}: {}", result.set(), w));
        LOG.info("prune {}{}: kept {}, {} {} ({} bytes){}", result.set(), result.dryRun() ? " (dry run)" : "",
                result.keptCount(), result.dryRun() ? "would delete" : "deleted", result.deleted().size(),
                result.bytesFreed(), result.warnings().isEmpty() ? "" : ", " + result.warnings().size() + " warning(s)");
    }
}
