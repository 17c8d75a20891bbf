package org.btrfssendbackup.ops.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The operator console: {@code ops SUBCOMMAND ...}. Errors are one line on stderr, never a
 * stack trace; exit status 2 means the command line itself was wrong.
 */
@Command(name = "ops", mixinStandardHelpOptions = true,
        description = "btrfs-send-backup operator console.",
        subcommands = {RestoreCommand.class, VerifyCommand.class})
public final class OpsMain implements Runnable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    /** Runs one command line with the given streams; returns the exit status. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(new OpsMain());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, command, parseResult) -> {
            command.getErr().println(command.getCommandName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return FAILED;
        });
        return commandLine.execute(args);
    }
}
