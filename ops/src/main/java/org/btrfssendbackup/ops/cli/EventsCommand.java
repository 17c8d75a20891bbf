package org.btrfssendbackup.ops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code events}: the event history and the live stream. */
@Command(name = "events", description = "Show backup events: live, from the audit log, or replayed from journal retention.",
        subcommands = {EventsTailCommand.class, EventsListCommand.class, EventsReplayCommand.class})
final class EventsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: tail, list or replay");
    }
}
