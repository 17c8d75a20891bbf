package org.btrfssendbackup.ops.cli;

import picocli.CommandLine.Option;

/** The --type and --set options the event commands share. */
final class EventSelection {

    @Option(names = "--type", paramLabel = "TYPE", description = "Only events of this type, e.g. StepFailed.")
    String type;

    @Option(names = "--set", paramLabel = "SET", description = "Only events of this backup set, e.g. prod-srv/rootfs.")
    String backupSet;
}
