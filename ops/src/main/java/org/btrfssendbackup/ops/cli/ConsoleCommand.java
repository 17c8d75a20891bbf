package org.btrfssendbackup.ops.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.ops.console.EventFormatter;
import org.btrfssendbackup.ops.console.EventLine;
import org.btrfssendbackup.ops.console.TimeArguments;

/** What every leaf command shares: its output streams, the root options, and argument parsing. */
abstract class ConsoleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    OpsMain root() {
        return OpsMain.of(spec);
    }

    /** Command output (stdout): what scripts read. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Progress and diagnostics (stderr). */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return root().json();
    }

    BrokerClient client() {
        return root().client();
    }

    Instant now() {
        return root().environment().clock().instant();
    }

    /** A time option (ISO-8601, date, now, or an age like 2h); a usage error otherwise. */
    Instant timeOption(String value, String option) {
        if (value == null) {
            return null;
        }
        try {
            return TimeArguments.instant(value, now(), option);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The {@code --since}/{@code --until} window of {@code events list} and {@code replay}; an end is null when not given. */
    record TimeWindow(Instant from, Instant to) {
    }

    /** Both time options read by {@link #timeOption}; a usage error unless --since is before --until. */
    TimeWindow timeWindow(String since, String until) {
        Instant from = timeOption(since, "--since");
        Instant to = timeOption(until, "--until");
        if (from != null && to != null && !from.isBefore(to)) {
            throw usage("--since " + from + " is not before --until " + to);
        }
        return new TimeWindow(from, to);
    }

    /** Prints a value as one compact JSON document on stdout. */
    void printJson(Object value) {
        out().println(EventFormatter.toJsonLine(value));
        out().flush();
    }

    /** One event: a human line, or a JSON line with --json. */
    void printEvent(EventLine event) {
        out().println(json() ? EventFormatter.json(event) : EventFormatter.human(event));
        out().flush();
    }

    /** A --set value as a set name; a usage error naming --set otherwise. */
    BackupSetName setName(String value) {
        try {
            return BackupSetName.of(value);
        } catch (IllegalArgumentException e) {
            throw usage("--set: " + e.getMessage());
        }
    }

    /** --max-age of status and metrics (how old a set's last success may be); a bad value is a usage error. */
    Duration maxAge(String value) {
        try {
            return TimeArguments.duration(value, "--max-age");
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
