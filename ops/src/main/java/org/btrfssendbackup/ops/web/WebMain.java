package org.btrfssendbackup.ops.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.btrfssendbackup.broker.BrokerClient;
import org.btrfssendbackup.broker.TcpAcceptorSettings;
import org.btrfssendbackup.core.config.ConfigException;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.config.WebConfig;
import org.btrfssendbackup.core.version.ProductVersion;
import org.btrfssendbackup.ops.cli.ConsoleEnvironment;
import org.btrfssendbackup.ops.cli.OpsMain;

/**
 * {@code btrfs-backup-web}: the web console (issue 17). Without a subcommand it serves; it
 * connects to the hub as the console does (the same --broker/--user/--password-file and the same
 * defaults from broker.conf, through {@link OpsMain}) and reads the store where backup-srv's
 * config says it is. {@code add-user} writes the users file.
 */
@Command(name = "btrfs-backup-web", mixinStandardHelpOptions = true, version = "btrfs-backup-web " + ProductVersion.VERSION,
        description = {"The web console: fleet, sets, live events, dead letters, audit history, back up now, /metrics.",
                "Settings in --config (WEB_LISTEN, WEB_TLS_KEYSTORE, WEB_TLS_PASSWORD_FILE, WEB_SESSION_TIMEOUT,",
                "WEB_USERS_FILE, WEB_MAX_AGE); users by `btrfs-backup-web add-user NAME --role operator|viewer`."},
        subcommands = WebMain.AddUser.class,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok (add-user; the server runs until stopped)", "1:failed (bad config, cannot listen)",
                "2:usage error"})
public final class WebMain implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT, description = "Settings (default: ${DEFAULT-VALUE}; "
            + "a missing file means every default).", defaultValue = "/etc/btrfs-send-backup/web.conf")
    Path config;

    @Option(names = "--broker", paramLabel = "URL", description = "Hub broker URL, as btrfs-backup-console's --broker.")
    String broker;

    @Option(names = "--user", paramLabel = "USER", description = "Broker user, as btrfs-backup-console's --user.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Broker password file, as btrfs-backup-console's --password-file.")
    Path passwordFile;

    @Option(names = "--backup-root", paramLabel = "DIR", description = "The store (default: BACKUP_ROOT of "
            + "$BTRFS_BACKUP_RECEIVE_CONFIG or /etc/default/btrfs-backup-receive when it exists; else none).")
    Path backupRoot;

    private final ConsoleEnvironment environment;

    WebMain(ConsoleEnvironment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(commandLine(ConsoleEnvironment.system()).execute(args));
    }

    /** The configured command line; also the source of its man page and completion (ops.packaging.CommandDocs). */
    public static CommandLine commandLine(ConsoleEnvironment environment) {
        CommandLine commandLine = new CommandLine(new WebMain(environment));
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("btrfs-backup-web: " + e.getMessage());
            return 1;
        });
        return commandLine;
    }

    WebConfig webConfig() {
        return WebConfig.load(config, TcpAcceptorSettings::loopback);
    }

    @Override
    public Integer call() throws InterruptedException {
        WebConfig settings;
        try {
            settings = webConfig();
        } catch (ConfigException e) {
            System.err.println("btrfs-backup-web: " + e.getMessage());
            return 1;
        }
        BrokerClient client = brokerClient();
        HubView hub = new HubView(() -> client, store(), environment.clock(), settings.maxAge(),
                environment.storeConfig().map(ReceiverConfig::keep));
        Path usersFile = settings.usersFile();
        Sessions sessions = new Sessions(settings.sessionTimeout(), environment.clock(), new SecureRandom());
        WebServer server = new WebServer(settings, () -> {
            try {
                return WebUsers.read(usersFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read WEB_USERS_FILE " + usersFile + ": " + e.getMessage(), e);
            }
        }, sessions, hub);
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "web-shutdown"));
        stopped.await();
        return 0;
    }

    /** The console's own connection logic and defaults (broker.conf's operator), not a second copy of them. */
    BrokerClient brokerClient() {
        List<String> arguments = new ArrayList<>();
        if (broker != null) {
            arguments.addAll(List.of("--broker", broker));
        }
        if (user != null) {
            arguments.addAll(List.of("--user", user));
        }
        if (passwordFile != null) {
            arguments.addAll(List.of("--password-file", passwordFile.toString()));
        }
        CommandLine console = OpsMain.commandLine(environment);
        console.parseArgs(arguments.toArray(String[]::new));
        return ((OpsMain) console.getCommand()).client();
    }

    private Optional<Path> store() {
        if (backupRoot != null) {
            return Optional.of(backupRoot.toAbsolutePath());
        }
        return environment.storeRoot();
    }

    /** {@code add-user NAME --role R}: adds or replaces a user; the password comes from stdin, never from argv. */
    @Command(name = "add-user", mixinStandardHelpOptions = true,
            description = {"Add a user to WEB_USERS_FILE, or give an existing one a new password and role.",
                    "Reads the password from stdin (one line; on a terminal, asked without echo)."})
    static final class AddUser implements Callable<Integer> {

        @CommandLine.ParentCommand
        WebMain parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The login name.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "operator (may retry, purge and request backups) or viewer (reads only).")
        String role;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            WebUser user;
            char[] password = readPassword();
            try {
                if (password == null || password.length == 0) {
                    throw new IllegalArgumentException("no password on stdin");
                }
                user = new WebUser(name, Role.of(role), PasswordHash.create(password, PasswordHash.DEFAULT_ITERATIONS,
                        new SecureRandom()));
            } catch (IllegalArgumentException e) {
                err.println("btrfs-backup-web add-user: " + e.getMessage());
                return 2;
            }
            Path file = parent.webConfig().usersFile();
            WebUsers.read(file).with(user).write(file);
            spec.commandLine().getOut().println("btrfs-backup-web: " + user.name() + " (" + user.role().token()
                    + ") in " + file);
            return 0;
        }

        private static char[] readPassword() throws IOException {
            if (System.console() != null) {
                return System.console().readPassword("Password for the web console: ");
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? null : line.toCharArray();
        }
    }
}
