package org.btrfssendbackup.ops.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.ops.console.Terminal;

/**
 * What the console takes from its surroundings, injectable so tests run it in-process with
 * a fixed clock, no terminal and their own environment variables.
 *
 * @param environment environment variables (BTRFS_BACKUP_BROKER_URL, BTRFS_BACKUP_RECEIVE_CONFIG)
 * @param clock       "now" for relative times and ages
 * @param terminal    where confirmations are asked
 * @param brokerConfig the local broker's config file the connection defaults come from when
 *                     it exists (on backup-srv, the hub's); empty: the built-in defaults only
 * @param receiveConfig backup-srv's config file whose BACKUP_ROOT {@code status} reads the store
 *                      from when it exists (and BTRFS_BACKUP_RECEIVE_CONFIG names none); empty: none
 */
public record ConsoleEnvironment(Map<String, String> environment, Clock clock, Terminal terminal, Optional<Path> brokerConfig,
                                 Optional<Path> receiveConfig) {

    public static final String BROKER_URL_VARIABLE = "BTRFS_BACKUP_BROKER_URL";
    /** Where the hub's broker reads its settings (its unit's -c): the console on backup-srv takes its defaults from it. */
    public static final Path BROKER_CONFIG = Path.of("/etc/btrfs-send-backup/broker.conf");
    /** backup-srv's config, where the receiver and the pruner read it by default. */
    public static final Path RECEIVE_CONFIG = Path.of("/etc/default/btrfs-backup-receive");
    /** Names backup-srv's config file when it is not at {@link #RECEIVE_CONFIG}. */
    public static final String RECEIVE_CONFIG_VARIABLE = "BTRFS_BACKUP_RECEIVE_CONFIG";

    public ConsoleEnvironment {
        environment = Map.copyOf(Objects.requireNonNull(environment, "console environment: environment"));
        Objects.requireNonNull(clock, "console environment: clock");
        Objects.requireNonNull(terminal, "console environment: terminal");
        Objects.requireNonNull(brokerConfig, "console environment: broker config");
        Objects.requireNonNull(receiveConfig, "console environment: receive config");
    }

    public ConsoleEnvironment(Map<String, String> environment, Clock clock, Terminal terminal, Optional<Path> brokerConfig) {
        this(environment, clock, terminal, brokerConfig, Optional.empty());
    }

    /** Without a broker config file: the built-in defaults only (tests, whatever the machine has in /etc). */
    public ConsoleEnvironment(Map<String, String> environment, Clock clock, Terminal terminal) {
        this(environment, clock, terminal, Optional.empty());
    }

    /** The real process environment, UTC clock, controlling terminal and the hub's broker.conf. */
    public static ConsoleEnvironment system() {
        return new ConsoleEnvironment(System.getenv(), Clock.systemUTC(), Terminal.system(), Optional.of(BROKER_CONFIG),
                Optional.of(RECEIVE_CONFIG));
    }

    public ConsoleEnvironment withClock(Clock value) {
        return new ConsoleEnvironment(environment, value, terminal, brokerConfig, receiveConfig);
    }

    public ConsoleEnvironment withTerminal(Terminal value) {
        return new ConsoleEnvironment(environment, clock, value, brokerConfig, receiveConfig);
    }

    public ConsoleEnvironment withBrokerConfig(Path value) {
        return new ConsoleEnvironment(environment, clock, terminal, Optional.of(value), receiveConfig);
    }

    public ConsoleEnvironment withReceiveConfig(Path value) {
        return new ConsoleEnvironment(environment, clock, terminal, brokerConfig, Optional.of(value));
    }

    /**
     * BACKUP_ROOT of backup-srv's config file when that file is on this host: the one named by
     * $BTRFS_BACKUP_RECEIVE_CONFIG, else {@link #receiveConfig}; empty elsewhere (status, list and
     * the web console read the store only where it is).
     */
    public Optional<Path> storeRoot() {
        return storeConfig().map(ReceiverConfig::backupRoot);
    }

    /**
     * Backup-srv's config file (the one {@link #storeRoot} names) read by the reader the pruner
     * uses, so its KEEP_* are the pruner's policy; empty when that file is not on this host.
     */
    public Optional<ReceiverConfig> storeConfig() {
        String named = environment.get(RECEIVE_CONFIG_VARIABLE);
        Optional<Path> file = named != null && !named.isEmpty() ? Optional.of(Path.of(named)) : receiveConfig;
        return file.filter(Files::exists).map(ReceiverConfig::load);
    }
}
