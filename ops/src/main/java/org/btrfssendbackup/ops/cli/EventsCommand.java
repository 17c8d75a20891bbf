package org.btrfssendbackup.ops.cli;

import picocli.CommandLine.Command;

/** {@code events}: the event history and the live stream. */
@Command(name = "events", description = "Show backup events: live, from the audit log, or replayed from journal retention.",
        subcommands = {EventsTailCommand.class, EventsListCommand.class, EventsReplayCommand.class})
final class EventsCommand extends CommandGroup {
}
