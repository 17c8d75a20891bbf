package org.btrfssendbackup.ops.cli;

import picocli.CommandLine.Command;

/** {@code dlq}: the dead-letter queue. */
@Command(name = "dlq", description = "Inspect, retry or purge dead letters (events no step could process).",
        subcommands = {DlqListCommand.class, DlqRetryCommand.class, DlqPurgeCommand.class})
final class DlqCommand extends CommandGroup {
}
