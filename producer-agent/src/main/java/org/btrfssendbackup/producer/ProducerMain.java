package org.btrfssendbackup.producer;

import ch.qos.logback.classic.Level;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.config.ConfigException;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.logging.JournalStream;
import org.btrfssendbackup.core.logging.StderrLogging;
import org.btrfssendbackup.core.version.ProgramVersion;
import org.btrfssendbackup.producer.state.LockHeldException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code btrfs-send-backup}: the producer on prod-srv. With no arguments it makes one backup
 * run, as the seed's cron line expects.
 */
@Command(name = "btrfs-send-backup", mixinStandardHelpOptions = true, versionProvider = ProgramVersion.class,
        description = {
            "Backs up SOURCE_TOP/SOURCE_SUBVOL to backup-srv as encrypted btrfs send streams (BACKUP_MODE=encrypted-stream) "
                    + "or by btrfs receive into a LUKS volume there that this run unlocks (BACKUP_MODE=remote-btrfs).",
            "Without a subcommand: one backup run (same as `run`), as the seed's cron line `05 2 * * * root btrfs-send-backup` calls it (/usr/sbin/btrfs-send-backup from the Debian package, /usr/local/sbin/btrfs-send-backup after ops/install.sh).",
            "",
            "A run: stop SERVICES_TO_QUIESCE, take the read-only snapshot SNAPSHOT_DIR/SNAPSHOT_PREFIX-YYYYmmddTHHMMSSZ (UTC), "
                    + "start the services again whatever happened, send it (full or incremental on the snapshot STATE_FILE names; "
                    + "full when there is no state, the parent is gone, or the last full is FULL_INTERVAL_DAYS old), "
                    + "compressed (COMPRESSION) and OpenPGP-encrypted with PASSPHRASE_FILE, over ssh to the receiver's put-stream, "
                    + "check its bytes and sha256, only then move STATE_FILE, then apply LOCAL_KEEP_* to SNAPSHOT_DIR.",
            "remote-btrfs: open-luks with LUKS_KEY_FILE (its bytes on ssh's stdin only), the plain send stream (incremental on "
                    + "the newest snapshot both sides have) into the receiver's btrfs receive, checked by bytes, sha256 and "
                    + "received UUID, prune-received, and close-luks whatever failed before it.",
            "The steps run through the event broker: when BROKER_URL is empty, an embedded broker in this process (data in "
                    + "--broker-dir); when it names the hub, a local broker in this process (data in LOCAL_BROKER_DIR) that "
                    + "forwards every event to the hub as BROKER_USER (BROKER_PASSWORD_FILE) whenever the hub can be reached, "
                    + "so a hub outage never costs a backup."},
        subcommands = {RunCommand.class, ServiceCommand.class, ConfigCommand.class, OnFailureCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the backup run succeeded (config check: the configuration is valid)",
            "1:the backup failed (a step failed on its last attempt, the broker cannot be reached, ...); config check: invalid",
            "2:bad configuration or usage; nothing was done",
            "3:another backup run holds LOCK_FILE (use --wait to wait for it)"},
        footer = {"", "Files: /etc/btrfs-send-backup/prod.conf (--config), STATE_FILE, STATE_FILE.last-full, "
                + "STATE_FILE.pending, LOCK_FILE (default /run/btrfs-send-backup.lock)."})
public final class ProducerMain implements Callable<Integer> {

    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = "--broker-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "data directory of the embedded broker when BROKER_URL is empty (default: ${DEFAULT-VALUE})")
    Path brokerDir = org.btrfssendbackup.producer.broker.BrokerConnection.DEFAULT_EMBEDDED_ROOT;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT, description = "debug logging on stderr")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "for cron: print nothing when the run succeeds, and one line per failed set when it fails "
                    + "(which set, which step, the cause, what to do); exit status unchanged")
    boolean quiet;

    /** Where results and messages go (System.out/err, or the test's streams). */
    PrintStream out = System.out;
    PrintStream err = System.err;
    /** Whether {@link #err} is the journal (JournalStream): its failure lines then carry {@code <3>}. */
    boolean journal;

    /** No subcommand: one run with default options. */
    @Override
    public Integer call() throws Exception {
        RunCommand run = new RunCommand();
        run.main = this;
        return run.call();
    }

    ProducerConfig loadConfig(ConfigOption own) {
        return ProducerConfig.load(own.resolve(config));
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err, JournalStream.isStderr()));
    }

    /**
     * --verbose: our debug lines; -q: errors only, so that a clean run's log lines do not make a
     * cron mail (a logged error is something the operator should hear of even when the run ended well).
     */
    static StderrLogging.Levels levels(boolean verbose, boolean quiet) {
        if (verbose) {
            return new StderrLogging.Levels(Level.DEBUG, Level.WARN);
        }
        return quiet ? new StderrLogging.Levels(Level.ERROR, Level.ERROR) : new StderrLogging.Levels(Level.INFO, Level.WARN);
    }

    /** Runs the command line and returns the exit status (tests call this). */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        return execute(args, out, err, false);
    }

    /** As {@link #execute(String[], PrintStream, PrintStream)}; {@code journal}: {@code err} is the journal. */
    public static int execute(String[] args, PrintStream out, PrintStream err, boolean journal) {
        ProducerMain root = new ProducerMain();
        root.out = out;
        root.err = err;
        root.journal = journal;
        CommandLine cli = new CommandLine(root);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionStrategy(parsed -> {
            ProducerMain main = parsed.commandSpec().root().userObject() instanceof ProducerMain m ? m : null;
            boolean verbose = main != null && main.verbose;
            boolean quiet = main != null && main.quiet;
            StderrLogging.configure(levels(verbose, quiet));
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            // Expected failures: one clear line, no stack trace.
            if (e instanceof ConfigException) {
                err.println(e.getMessage());
                return ExitCodes.USAGE;
            }
            if (e instanceof LockHeldException) {
                err.println(e.getMessage());
                return ProducerExitCodes.LOCKED;
            }
            err.println("btrfs-send-backup: " + e.getMessage());
            return ExitCodes.FAILED;
        });
        return cli.execute(args);
    }
}
