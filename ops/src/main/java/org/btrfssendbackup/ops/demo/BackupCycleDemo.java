package org.btrfssendbackup.ops.demo;

import org.btrfssendbackup.core.cli.ExitCodes;
import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import org.btrfssendbackup.core.logging.StderrLogging;
import org.btrfssendbackup.core.version.ProgramVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code btrfs-backup-demo} (and {@code ops/demo.sh}, which builds first): one real backup
 * cycle ({@link BackupCycle}) narrated on stdout. Exit status 0 when the restored tree is
 * identical to the source, 1 when it differs or a step failed, 2 for a usage error or when not
 * run as root, 130 when interrupted. Ctrl-C takes everything down (shutdown hook).
 */
@Command(name = "btrfs-backup-demo",
        mixinStandardHelpOptions = true,
        versionProvider = ProgramVersion.class,
        description = {
                "Runs one real backup cycle all-in-one on this machine and narrates it: two loop btrfs images"
                        + " (prod-srv and backup-srv), sshd on 127.0.0.1 with the restricted forced-command key,"
                        + " the embedded broker with every agent, a full and an incremental backup, a restore"
                        + " of the newest snapshot, a comparison with the source and the event timeline.",
                "Everything it creates is removed at the end, also on failure or Ctrl-C.",
                "Needs root, btrfs-progs, openssh-server and zstd. The two loop images (512 MiB each, sparse) go"
                        + " to $BTRFS_BACKUP_TEST_TMP, which the btrfs-backup-demo wrapper sets to /var/tmp."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the restored tree is identical to the source",
                "1:a step failed or the restore differs",
                "2:usage error, or not run as root",
                "130:interrupted; everything it created was removed"})
public final class BackupCycleDemo implements Callable<Integer> {

    /** The shell's status for a command stopped by SIGINT (128 + 2): Ctrl-C stops the demo. */
    static final int INTERRUPTED = 130;

    @Option(names = "--work-base", paramLabel = "DIR", defaultValue = "/var/tmp",
            description = "Where the work directory (keys, configs, broker data) is created (default: ${DEFAULT-VALUE}).")
    private Path workBase;

    @Option(names = "--verbose",
            description = "The agents' INFO logs on stderr and stack traces with errors; by default only warnings,"
                    + " so the narration stays readable.")
    private boolean verbose;

    private final PrintStream out;
    private final PrintStream err;
    private final IntSupplier uid;

    BackupCycleDemo(PrintStream out, PrintStream err, IntSupplier uid) {
        this.out = out;
        this.err = err;
        this.uid = uid;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line; returns its exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, BackupCycleDemo::processUid);
    }

    static int run(String[] args, PrintStream out, PrintStream err, IntSupplier uid) {
        return commandLine(out, err, uid).execute(args);
    }

    /** The configured command line writing to the given streams (the help test renders it). */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(out, err, BackupCycleDemo::processUid);
    }

    private static CommandLine commandLine(PrintStream out, PrintStream err, IntSupplier uid) {
        CommandLine commandLine = new CommandLine(new BackupCycleDemo(out, err, uid));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    @Override
    public Integer call() {
        // checked before anything is made: without root the first loop device fails half-way
        if (uid.getAsInt() != 0) {
            err.println("btrfs-backup-demo: run as root: it creates loop devices, mounts btrfs and starts sshd");
            return ExitCodes.USAGE;
        }
        // By default only our warnings, so the narration on stdout stays readable between the log
        // lines on stderr; third-party loggers at ERROR, since Artemis warns at start about address
        // settings the backup topology leaves unset on purpose.
        StderrLogging.configure(verbose ? StderrLogging.defaults()
                : new StderrLogging.Levels(Level.WARN, Level.ERROR));
        BackupCycle cycle = new BackupCycle(BackupRig.Options.defaults().withWorkBase(workBase.toAbsolutePath()));
        Thread cleanup = new Thread(cycle::abort, "demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        out.println("btrfs-send-backup demo: one backup cycle, all-in-one, on loopback btrfs images");
        try {
            BackupCycle.Result result = cycle.run(out);
            out.println();
            out.println(String.format(Locale.ROOT, "demo %s in %.1f s: %d backups, %d stored files, %d events",
                    result.restoredIdentical() ? "succeeded" : "FAILED: the restore differs",
                    result.wallTime().toMillis() / 1000.0, result.backups().size(), result.storedFiles().size(),
                    result.timeline().size()));
            return result.restoredIdentical() ? ExitCodes.OK : ExitCodes.FAILED;
        } catch (Exception e) {
            out.println();
            if (cycle.aborted()) {
                err.println("demo interrupted; everything it created was removed");
                return INTERRUPTED;
            }
            err.println("demo FAILED: " + e.getMessage());
            if (verbose || !(e instanceof BackupCycle.CycleFailedException)) {
                e.printStackTrace(err);
            }
            return ExitCodes.FAILED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook runs (or ran) already
            }
        }
    }

    /** This process's real user id, from procfs (no JDK API gives it without an internal module). */
    private static int processUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot read this process's user id from /proc/self: " + e.getMessage(), e);
        }
    }
}
