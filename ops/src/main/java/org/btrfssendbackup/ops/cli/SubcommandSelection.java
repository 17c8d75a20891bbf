package org.btrfssendbackup.ops.cli;

import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * Which of the console's subcommands a command line needs built. The list here is the one
 * place the console's subcommands are named, in the order its help lists them.
 *
 * <p>The first argument that is neither an option nor the value of a root connection option
 * names the subcommand; when it is one of the subcommands' names or aliases, only that one is
 * built. A command line naming none that asks for the version only builds none. Anything else
 * (root help, no command, an unknown one, a typo picocli should suggest a fix for) builds all.
 */
record SubcommandSelection(List<Class<?>> subcommands) {

    static final List<Class<?>> ALL = List.of(
            EventsCommand.class,
            DlqCommand.class,
            StatusCommand.class,
            RequestCommand.class,
            MetricsCommand.class,
            RestoreCommand.class,
            VerifyCommand.class,
            ListCommand.class);

    static final SubcommandSelection EVERY = new SubcommandSelection(ALL);

    /** The root's options that take a value in the next argument when not written as --name=value. */
    private static final Set<String> ROOT_OPTIONS_WITH_VALUE = Set.copyOf(OpsMain.BROKER_OPTIONS);
    private static final Set<String> ROOT_FLAGS = Set.of("--json", "--verbose");
    private static final Set<String> VERSION = Set.of("-V", "--version");

    SubcommandSelection {
        subcommands = List.copyOf(subcommands);
    }

    static SubcommandSelection of(String... args) {
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                return named(arg);
            } else if (ROOT_OPTIONS_WITH_VALUE.contains(arg)) {
                i++;    // its value
            } else if (VERSION.contains(arg)) {
                version = true;
            } else if (!rootOptionInOneArgument(arg)) {
                return EVERY;    // -h, --help, or an option picocli refuses, with the whole tree at hand
            }
        }
        return version ? new SubcommandSelection(List.of()) : EVERY;
    }

    /** True when the arguments named exactly this subcommand. */
    boolean only(Class<?> subcommand) {
        return subcommands.equals(List.of(subcommand));
    }

    /** --json, --verbose, or a connection option with its value after '='. */
    private static boolean rootOptionInOneArgument(String arg) {
        int equals = arg.indexOf('=');
        return ROOT_FLAGS.contains(arg) || equals > 0 && ROOT_OPTIONS_WITH_VALUE.contains(arg.substring(0, equals));
    }

    private static SubcommandSelection named(String name) {
        for (Class<?> subcommand : ALL) {
            Command command = subcommand.getAnnotation(Command.class);
            if (command.name().equals(name) || List.of(command.aliases()).contains(name)) {
                return new SubcommandSelection(List.of(subcommand));
            }
        }
        return EVERY;
    }
}
