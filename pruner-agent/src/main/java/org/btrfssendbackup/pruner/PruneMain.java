package org.btrfssendbackup.pruner;

import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.messages.LocalHostName;
import ch.qos.logback.classic.Level;
import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.btrfssendbackup.core.config.ConfigException;
import org.btrfssendbackup.core.config.PruneConfig;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.config.ScrubSettings;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.logging.JournalStream;
import org.btrfssendbackup.core.logging.StderrLogging;
import org.btrfssendbackup.core.metrics.Textfile;
import org.btrfssendbackup.core.version.ProgramVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * /usr/local/sbin/btrfs-backup-prune: the seed's one-shot pruner, run from cron exactly as
 * {@code BACKUP_ROOT=... BACKUP_SET=... KEEP_DAILY=7 KEEP_WEEKLY=4 KEEP_MONTHLY=12
 * /usr/local/sbin/btrfs-backup-prune}, and {@code btrfs-backup-prune service}.
 */
@Command(name = "btrfs-backup-prune", mixinStandardHelpOptions = true, versionProvider = ProgramVersion.class,
        subcommands = {ServiceCommand.class, ScrubCommand.class}, sortOptions = false,
        description = {
            "Deletes the stored streams of one backup set that the retention policy no longer keeps.",
            "It deletes the encrypted stream files (with their manifests) the policy does not",
            "keep; it keeps the latest, the newest of each of the last KEEP_DAILY days,",
            "KEEP_WEEKLY ISO weeks and KEEP_MONTHLY months (UTC), plus every ancestor a kept",
            "stream needs to be restored.",
            "Only restorable streams count: a chain with a damaged link (failed check, no",
            "manifest) or a missing parent is kept and reported, never deleted automatically.",
            "Before deleting, every link of the kept chains not checked within",
            "PRUNE_CHECK_MAX_AGE (config file) is re-read.",
            "Files it does not recognise are left alone and reported on stderr.",
            "",
            "Environment (as in the seed's cron line):",
            "  BACKUP_ROOT   store root (default /mnt/sdb1/btrfs-send-backups)",
            "  BACKUP_SET    the set, e.g. prod-srv/rootfs (required)",
            "  KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY   counts (default 7, 4, 12)",
            "Events go to the broker named by BROKER_URL in backup-srv's config file",
            "(-c/--config, else the file in BTRFS_BACKUP_RECEIVE_CONFIG, else",
            "/etc/default/btrfs-backup-receive), when set.",
            ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:pruned (or planned with --dry-run); warnings, if any, on stderr",
            "1:failed: no such set, set locked by an upload, I/O error (nothing is half-deleted)",
            "2:usage or configuration error",
            "3:pruned, but the events could not be published to the configured broker",
            "4:pruned what is safe, but damaged streams were found (named on stderr)"})
public final class PruneMain implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Debug logging, and stack traces with errors (otherwise one line each).")
    boolean verbose;

    @Option(names = {"-q", "--quiet"},
            description = "For cron: print nothing when the prune succeeds; on failure one line (the set, the cause, "
                    + "what to do). Warnings and damaged streams are still printed. Exit status unchanged.")
    boolean quiet;

    @Option(names = "--dry-run", description = "Print the plan with the reason for every kept stream; delete nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout.")
    boolean json;

    private final Map<String, String> env;
    /** BROKER_URL from backup-srv's config, for the warning when publishing failed. */
    private String brokerUrl;

    PruneMain(Map<String, String> env) {
        this.env = env;
    }

    public static void main(String[] args) {
        // Logging is set up before picocli parses (it may log); --verbose is also a declared option.
        StderrLogging.configure(levels(args));
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** --verbose: debug; the service: info; the one-shot: warnings; -q: errors only (cron mails nothing on success). */
    static StderrLogging.Levels levels(String[] args) {
        boolean verbose = java.util.Arrays.stream(args).anyMatch(a -> a.equals("-v") || a.equals("--verbose"));
        boolean quiet = java.util.Arrays.stream(args).anyMatch(a -> a.equals("-q") || a.equals("--quiet"));
        boolean service = args.length > 0 && args[0].equals("service");
        Level ours = verbose ? Level.DEBUG : service ? Level.INFO : quiet ? Level.ERROR : Level.WARN;
        return new StderrLogging.Levels(ours, verbose || !quiet ? Level.WARN : Level.ERROR);
    }

    static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine(env);
        commandLine.setOut(out).setErr(err);
        return commandLine.execute(args);
    }

    /** The command line with its subcommands (the help test renders it). */
    public static CommandLine commandLine(Map<String, String> env) {
        return new CommandLine(new PruneMain(env));
    }

    Map<String, String> env() {
        return env;
    }

    /** backup-srv's config file: a subcommand's own -c first, then this one, else the environment's or the default. */
    Path configFile(ConfigOption own) {
        return own.resolve(config, env);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PruneConfig config;
        BackupSetName set;
        try {
            config = PruneConfig.fromEnvironment(env);
            set = BackupSetName.of(config.backupSet());
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("btrfs-backup-prune: configuration: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Optional<ConnectionFactory> broker = optionalBroker(err);
        Duration checkMaxAge = backupSrvConfig(err).map(c -> c.scrub().checkMaxAge())
                .orElse(ScrubSettings.DEFAULT_CHECK_MAX_AGE);
        PruneResult result;
        try {
            result = Pruner.forBackupRoot(config.backupRoot(), checkMaxAge).prune(set, config.keep(), dryRun);
        } catch (Exception e) {
            // A failure by construction: <3> on the journal, as an ERROR log line would carry.
            err.println(JournalStream.failure(quiet ? PruneFailure.summary(set.toString(), e)
                    : "btrfs-backup-prune: failed: " + e.getMessage(), JournalStream.isStderr(env)));
            return ExitCodes.FAILED;
        }
        Boolean published = broker.map(factory -> new BrokerEventSink(factory)
                .publish(PruneEvents.of(result, LocalHostName.get(), null))).orElse(null);
        result.warnings().forEach(w -> err.println("btrfs-backup-prune: warning: " + w));
        if (!dryRun) {
            writeTextfile(config, result, err);
        }
        if (json) {
            out.println(PruneJson.render(result, published));
        } else if (!quiet) {
            PruneText.print(result, out);
        }
        result.corrupt().forEach(c -> err.println("btrfs-backup-prune: DAMAGED: " + c.describe()));
        if (!result.corrupt().isEmpty()) {
            return PruneExitCodes.DAMAGED;
        }
        if (Boolean.FALSE.equals(published)) {
            err.println("btrfs-backup-prune: warning: the prune stands, but its events were not published to the broker at "
                    + brokerUrl + " (see the log line above for the cause)");
            return PruneExitCodes.EVENTS_NOT_PUBLISHED;
        }
        return ExitCodes.OK;
    }

    /** TEXTFILE_DIR (backup-srv's config) gets this set's metrics; failing to write them is a warning, the prune stands. */
    private void writeTextfile(PruneConfig config, PruneResult result, PrintWriter err) {
        Optional<Path> dir;
        try {
            dir = BackupSrvConfig.load(configFile(this.config)).monitor().textfileDir();
        } catch (RuntimeException e) {
            return; // already warned about by the broker's and PRUNE_CHECK_MAX_AGE's reading of the same file
        }
        if (dir.isEmpty()) {
            return;
        }
        try {
            FileStore store = Files.getFileStore(config.backupRoot());
            Textfile.write(dir.get(), PruneMetrics.textfileName(result),
                    PruneMetrics.of(result, store.getUsableSpace(), store.getTotalSpace()));
        } catch (IOException | RuntimeException e) {
            err.println("btrfs-backup-prune: warning: " + e.getMessage());
        }
    }

    private Optional<ReceiverConfig> backupSrvConfig(PrintWriter err) {
        try {
            return Optional.of(BackupSrvConfig.load(configFile(config)));
        } catch (RuntimeException e) {
            err.println("btrfs-backup-prune: warning: " + e.getMessage() + "; using the default PRUNE_CHECK_MAX_AGE");
            return Optional.empty();
        }
    }

    /** The one-shot never fails because of the broker: a bad broker configuration only costs the events. */
    private Optional<ConnectionFactory> optionalBroker(PrintWriter err) {
        Path file = configFile(config);
        try {
            ReceiverConfig receiverConfig = BackupSrvConfig.load(file);
            brokerUrl = receiverConfig.broker().url().orElse(null);
            return BackupSrvConfig.broker(receiverConfig);
        } catch (RuntimeException e) {
            err.println("btrfs-backup-prune: warning: no events will be published: " + e.getMessage());
            return Optional.empty();
        }
    }
}
