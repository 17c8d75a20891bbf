package org.btrfssendbackup.ops.cli;

import org.btrfssendbackup.broker.EventFilter;
import picocli.CommandLine.Option;

/** The --type, --set and --host options the event commands share. */
final class EventSelection {

    @Option(names = "--type", paramLabel = "TYPE", description = "Only events of this type, e.g. StepFailed.")
    String type;

    @Option(names = "--set", paramLabel = "SET", description = "Only events of this backup set, e.g. prod-srv/rootfs.")
    String backupSet;

    @Option(names = "--host", paramLabel = "HOST", description = "Only events of this host (the host that emitted them), e.g. web1.")
    String host;

    /** These options as a filter over the window [since, until) (either may be null). */
    EventFilter filter(java.time.Instant since, java.time.Instant until) {
        return new EventFilter(since, until, type, backupSet, host);
    }
}
