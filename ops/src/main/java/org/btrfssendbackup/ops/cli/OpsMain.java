package org.btrfssendbackup.ops.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.btrfssendbackup.core.crypto.CryptoWarmUp;
import org.btrfssendbackup.core.process.ProcessLaunch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.PasswordFile;
import org.btrfssendbackup.core.version.ProgramVersion;

/**
 * {@code btrfs-backup-console}: the operator's command line against the broker. Holds the
 * options every command shares (connection, --json, --verbose); subcommands reach them
 * through {@link #of(CommandSpec)}.
 */
@Command(name = "btrfs-backup-console",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = ProgramVersion.class,
        description = "Operator console for btrfs-send-backup: events, dead letters, status, backup requests, metrics, restore, verify, list.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:ok",
                "1:operation failed (status: a backup set is not OK)",
                "2:usage error (bad option, or a confirmation needed: --yes)",
                "3:broker unreachable",
                "4:authentication refused (wrong user or password, missing permission, unusable password file)"})
public final class OpsMain implements Runnable {

    static final String DEFAULT_BROKER_URL = "tcp://127.0.0.1:61616";
    /** The connection options; restore and verify never talk to the broker and do not offer them. */
    static final List<String> BROKER_OPTIONS = List.of("--broker", "--user", "--password-file");
    private static final List<String> OFFLINE_COMMANDS = List.of("restore", "verify", "list");

    /** The operator's password where the broker's default BROKER_PASSWORD_DIR keeps it. */
    static final String DEFAULT_PASSWORD_FILE = "/etc/btrfs-send-backup/broker/operator.password";
    static final String DEFAULT_USER = "operator";

    @Spec
    private CommandSpec spec;

    @Option(names = "--broker", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Broker URL (default: $BTRFS_BACKUP_BROKER_URL, else the TCP acceptor of the broker in "
                    + "/etc/btrfs-send-backup/broker.conf through localhost, else " + DEFAULT_BROKER_URL + ").")
    private String brokerUrl;

    @Option(names = "--user", paramLabel = "USER", scope = ScopeType.INHERIT,
            description = "Broker user (default: the first operator user of /etc/btrfs-send-backup/broker.conf, else "
                    + DEFAULT_USER + ").")
    private String user;

    @Option(names = "--password-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "File (mode 0600, owned by root or btrfs-backup-broker) holding the user's password (default: "
                    + "that user's file in the BROKER_PASSWORD_DIR of /etc/btrfs-send-backup/broker.conf, else "
                    + DEFAULT_PASSWORD_FILE + ").")
    private Path passwordFile;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Machine-readable output: one JSON document, or JSON lines for event streams.")
    private boolean json;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    private boolean verbose;

    private final ConsoleEnvironment environment;
    private Optional<LocalBrokerDefaults> localBroker;

    public OpsMain(ConsoleEnvironment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        // before any program runs: a restore starts two per link (btrfs receive, btrfs subvolume show)
        ProcessLaunch.preferVfork();
        SubcommandSelection selection = SubcommandSelection.of(args);
        if (selection.only(VerifyCommand.class) && VerifyCommand.onlyHashes(args)) {
            // SHA-256's compilation overlaps parsing and listing; no JCE start-up to compete with it
            CryptoWarmUp.hashingInBackground();
        } else if (selection.only(RestoreCommand.class) || selection.only(VerifyCommand.class)) {
            // JCE's start-up and the compilation of SHA and AES overlap parsing, listing and the target's checks
            CryptoWarmUp.inBackground();
        }
        System.exit(commandLine(ConsoleEnvironment.system(), selection).execute(args));
    }

    /** The whole command tree, every subcommand (help, man pages, completion); tests set out/err and execute it. */
    public static CommandLine commandLine(ConsoleEnvironment environment) {
        return commandLine(environment, SubcommandSelection.EVERY);
    }

    /**
     * The command tree {@code args} needs: the one subcommand they name, none for a bare
     * --version, every one otherwise (root help, a missing or unknown command). picocli builds
     * the model of every subcommand it is given by reflection, which is most of the console's
     * start-up; a restore or a --version should not pay for the other seven.
     */
    public static CommandLine commandLine(ConsoleEnvironment environment, String... args) {
        return commandLine(environment, SubcommandSelection.of(args));
    }

    private static CommandLine commandLine(ConsoleEnvironment environment, SubcommandSelection selection) {
        CommandLine commandLine = new CommandLine(new OpsMain(environment));
        selection.subcommands().forEach(commandLine::addSubcommand);
        commandLine.setExecutionExceptionHandler(new ConsoleErrorHandler());
        // The connection options stay inherited from the root (scripts give --broker before the
        // subcommand); picocli cannot exempt one subcommand from an inherited option, so they are
        // taken off the two commands that work on files and ssh only.
        for (String offline : OFFLINE_COMMANDS) {
            CommandLine sub = commandLine.getSubcommands().get(offline);
            if (sub != null) {
                CommandSpec spec = sub.getCommandSpec();
                BROKER_OPTIONS.forEach(name -> spec.remove(spec.findOption(name)));
            }
        }
        return commandLine;
    }

    /** Runs one command line with the given output streams; returns its exit status. */
    public static int run(ConsoleEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(environment, args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    /** Runs one command line with the system environment, writing to the given streams. */
    public static int run(java.io.PrintStream out, java.io.PrintStream err, String... args) {
        return run(ConsoleEnvironment.system(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** The root command of any (sub)command. */
    static OpsMain of(CommandSpec spec) {
        return (OpsMain) spec.root().userObject();
    }

    @Override
    public void run() {
        throw CommandGroup.missing(spec, "command");
    }

    public ConsoleEnvironment environment() {
        return environment;
    }

    public boolean json() {
        return json;
    }

    public boolean verbose() {
        return verbose;
    }

    /** --broker, else $BTRFS_BACKUP_BROKER_URL, else the local broker's acceptor, else the built-in default. */
    public String brokerUrl() {
        if (brokerUrl != null && !brokerUrl.isBlank()) {
            return brokerUrl;
        }
        String fromEnvironment = environment.environment().get(ConsoleEnvironment.BROKER_URL_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        return localBroker().flatMap(LocalBrokerDefaults::url).orElse(DEFAULT_BROKER_URL);
    }

    /** --user, else the local broker's operator, else {@value #DEFAULT_USER}. */
    public String user() {
        if (user != null) {
            return user;
        }
        return localBroker().map(LocalBrokerDefaults::user).orElse(DEFAULT_USER);
    }

    /** --password-file, else the local broker's file for the chosen user (its operator's), else the built-in default. */
    Path passwordFile() {
        if (passwordFile != null) {
            return passwordFile;
        }
        Optional<LocalBrokerDefaults> local = localBroker();
        if (local.isPresent()) {
            LocalBrokerDefaults defaults = local.get();
            // another --user keeps the broker's naming: its password file beside the operator's
            return user().equals(defaults.user()) ? defaults.passwordFile()
                    : defaults.passwordFile().resolveSibling(user() + ".password");
        }
        return Path.of(DEFAULT_PASSWORD_FILE);
    }

    /** Read once: the broker config of the environment, when there is a usable one. */
    private Optional<LocalBrokerDefaults> localBroker() {
        if (localBroker == null) {
            localBroker = environment.brokerConfig().flatMap(LocalBrokerDefaults::read);
        }
        return localBroker;
    }

    /**
     * The broker client for the chosen user.
     *
     * @throws ParameterException for a malformed URL
     * @throws ConsoleFailure     (exit 4) when the password file is unusable
     */
    public BrokerClient client() {
        String password;
        try {
            password = PasswordFile.read(passwordFile());
        } catch (IllegalStateException e) {
            throw new ConsoleFailure(ConsoleExitCodes.AUTHENTICATION_REFUSED, "no usable password for broker user '" + user()
                    + "': " + e.getMessage() + " (see --password-file)", e);
        }
        try {
            return new BrokerClient(brokerUrl(), user(), password);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--broker: " + e.getMessage(), e, null, brokerUrl());
        }
    }
}
