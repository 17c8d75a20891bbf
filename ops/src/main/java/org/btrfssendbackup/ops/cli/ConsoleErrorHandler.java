package org.btrfssendbackup.ops.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.ops.console.BrokerHost;
import org.btrfssendbackup.ops.console.BrokerProblem;

/**
 * Turns any failure of a command into one line on stderr and an exit status from
 * {@link ExitCodes}; the stack trace only with --verbose. The operator at 3 a.m. needs the
 * URL, the user and the cause, not forty lines of Artemis internals.
 */
final class ConsoleErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parseResult) {
        OpsMain root = (OpsMain) commandLine.getCommandSpec().root().userObject();
        PrintWriter err = commandLine.getErr();
        int exitCode;
        String message;
        if (failure instanceof ConsoleFailure known) {
            exitCode = known.exitCode();
            message = known.getMessage();
        } else {
            switch (BrokerProblem.of(failure)) {
                case UNREACHABLE -> {
                    exitCode = ConsoleExitCodes.BROKER_UNREACHABLE;
                    String cause = BrokerHost.unknown(root.brokerUrl()).map(host -> "unknown host " + host)
                            .orElseGet(() -> BrokerProblem.rootMessage(failure));
                    message = "cannot reach the broker at " + root.brokerUrl() + ": " + cause
                            + " (check --broker or $" + ConsoleEnvironment.BROKER_URL_VARIABLE + ")";
                }
                case REFUSED -> {
                    exitCode = ConsoleExitCodes.AUTHENTICATION_REFUSED;
                    message = "the broker at " + root.brokerUrl() + " refused user '" + root.user() + "': "
                            + BrokerProblem.rootMessage(failure) + " (check --user and --password-file)";
                }
                default -> {
                    exitCode = ExitCodes.FAILED;
                    message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
                }
            }
        }
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + message.replaceAll("\\s*[\\r\\n]+\\s*", " "));
        if (root.verbose()) {
            failure.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }
}
