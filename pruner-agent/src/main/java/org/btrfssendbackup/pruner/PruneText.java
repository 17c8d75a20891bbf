package org.btrfssendbackup.pruner;

import java.io.PrintWriter;

/** The human-readable output of one pass: the plan with reasons, then a summary line. */
final class PruneText {

    private PruneText() {
    }

    static void print(PruneResult result, PrintWriter out) {
        out.println("set " + result.set() + ": KEEP_DAILY=" + result.policy().keepDaily() + " KEEP_WEEKLY="
                + result.policy().keepWeekly() + " KEEP_MONTHLY=" + result.policy().keepMonthly()
                + (result.dryRun() ? " (dry run: nothing is deleted)" : ""));
        result.recovered().forEach(line -> out.println("recovered: " + line));
        result.plan().describe().forEach(out::println);
        out.println((result.dryRun() ? "would delete " : "deleted ") + result.deleted().size() + " stream(s) with"
                + " their manifests (" + result.bytesFreed() + " bytes), kept " + result.keptCount()
                + (result.warnings().isEmpty() ? "" : ", " + result.warnings().size() + " warning(s) on stderr"));
    }
}
