package org.btrfssendbackup.ops.cli;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

import org.btrfssendbackup.ops.console.Terminal;

/**
 * What the console takes from its surroundings, injectable so tests run it in-process with
 * a fixed clock, no terminal and their own environment variables.
 *
 * @param environment environment variables (BTRFS_BACKUP_BROKER_URL)
 * @param clock       "now" for relative times and ages
 * @param terminal    where confirmations are asked
 */
public record ConsoleEnvironment(Map<String, String> environment, Clock clock, Terminal terminal) {

    public static final String BROKER_URL_VARIABLE = "BTRFS_BACKUP_BROKER_URL";

    public ConsoleEnvironment {
        environment = Map.copyOf(Objects.requireNonNull(environment, "console environment: environment"));
        Objects.requireNonNull(clock, "console environment: clock");
        Objects.requireNonNull(terminal, "console environment: terminal");
    }

    /** The real process environment, UTC clock and controlling terminal. */
    public static ConsoleEnvironment system() {
        return new ConsoleEnvironment(System.getenv(), Clock.systemUTC(), Terminal.system());
    }

    public ConsoleEnvironment withClock(Clock value) {
        return new ConsoleEnvironment(environment, value, terminal);
    }

    public ConsoleEnvironment withTerminal(Terminal value) {
        return new ConsoleEnvironment(environment, clock, value);
    }
}
