package org.btrfssendbackup.broker;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.config.ConfigException;
import org.btrfssendbackup.core.version.ProgramVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The standalone {@code broker} service: {@code btrfs-backup-broker -c /etc/btrfs-send-backup/broker.conf};
 * {@code btrfs-backup-broker init -c FILE} makes its password files, TLS key pair and producer
 * bundles first ({@link BrokerInitCommand}).
 * Runs until SIGTERM/SIGINT, then stops the broker cleanly (journal flushed) and exits 0.
 * The file is read by core's {@code ShellConfigParser} ({@link BrokerConfigFile}).
 */
@Command(name = "btrfs-backup-broker", mixinStandardHelpOptions = true,
        subcommands = BrokerInitCommand.class,
        versionProvider = ProgramVersion.class,
        description = {
            "Runs the standalone event broker (the hub on backup-srv) until SIGTERM.",
            "Reads its settings from the config file (KEY=value, see broker.conf.example) and stops cleanly "
                    + "on SIGTERM or SIGINT, its journal flushed."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped by SIGTERM or SIGINT",
            "1:the broker failed to start",
            "2:usage or configuration error"})
public final class BrokerMain implements Callable<Integer> {

    static final Path DEFAULT_CONFIG = Path.of("/etc/btrfs-send-backup/broker.conf");

    private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The broker's config file (default: " + "/etc/btrfs-send-backup/broker.conf" + ").")
    Path config;

    // The form before -c existed (`btrfs-backup-broker FILE`), kept so old unit files still start.
    @Parameters(arity = "0..1", paramLabel = "FILE", hidden = true)
    Path positionalConfig;

    private PrintWriter err;

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Parses the command line and runs the broker; returns the exit status (tests call this). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        BrokerMain main = new BrokerMain();
        main.err = new PrintWriter(err, true);
        CommandLine cli = new CommandLine(main);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(main.err);
        cli.setParameterExceptionHandler((e, args1) -> {
            cli.getErr().println("btrfs-backup-broker: " + e.getMessage());
            cli.getErr().println("usage: btrfs-backup-broker [-c FILE] | btrfs-backup-broker init [-c FILE] (see --help)");
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    /**
     * The broker config file as the broker and {@code init} read it: each warning and the error
     * on {@code err}, prefixed with what runs; empty after an error, which is a usage error (exit 2).
     */
    static Optional<BrokerSettings> readSettings(Path file, String what, PrintWriter err) {
        try {
            return Optional.of(BrokerSettings.fromConfigFile(file, w -> err.println(what + ": warning: " + w)));
        } catch (ConfigException | IllegalArgumentException e) {
            err.println(what + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        // -c wins; the old positional FILE next; else the default. Both at once is ambiguous: refused.
        if (config != null && positionalConfig != null) {
            err.println("btrfs-backup-broker: give the config file once: -c " + config + " or " + positionalConfig);
            return ExitCodes.USAGE;
        }
        Path file = config != null ? config : positionalConfig != null ? positionalConfig : DEFAULT_CONFIG;
        Optional<BrokerSettings> read = readSettings(file, "broker", err);
        if (read.isEmpty()) {
            return ExitCodes.USAGE;
        }
        BrokerSettings settings = read.get();
        EmbeddedBroker broker = new EmbeddedBroker(settings);
        try {
            broker.start();
        } catch (IllegalStateException e) {
            err.println("broker: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutdown requested, stopping broker {}", settings.brokerName());
            try {
                broker.stop();
            } finally {
                stopped.countDown();
            }
        }, "broker-shutdown"));
        stopped.await();
        return 0;
    }
}
