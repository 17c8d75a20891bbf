package org.btrfssendbackup.ops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dlq}: the dead-letter queue. */
@Command(name = "dlq", description = "Inspect, retry or purge dead letters (events no step could process).",
        subcommands = {DlqListCommand.class, DlqRetryCommand.class, DlqPurgeCommand.class})
final class DlqCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: list, retry or purge");
    }
}
