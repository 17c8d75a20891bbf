package org.btrfssendbackup.ops.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code dlq}, {@code events}): run alone it is a usage
 * error naming them. The names come from the command's own subcommands, so the message cannot
 * drift from the {@code subcommands} clause as the hand-written lists could.
 */
abstract class CommandGroup implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw missing(spec, "subcommand");
    }

    /** "missing WHAT: a, b or c", in the order the subcommands are declared. */
    static ParameterException missing(CommandSpec spec, String what) {
        List<String> names = spec.subcommands().values().stream().distinct().map(CommandLine::getCommandName).toList();
        String list = names.size() < 2 ? String.join("", names)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        return new ParameterException(spec.commandLine(), "missing " + what + ": " + list);
    }
}
