package org.btrfssendbackup.ops.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * {@code ops/demo.sh}: one real backup cycle ({@link BackupCycle}) narrated on stdout. Exit
 * status 0 when the restored tree is identical to the source, 1 when it differs or a step
 * failed, 2 for a usage error. Ctrl-C takes everything down (shutdown hook).
 *
 * <p>Options: {@code --work-base DIR} (default /var/tmp), {@code --verbose} (agents' INFO logs
 * on stderr; by default only warnings, so the narration stays readable).
 */
public final class BackupCycleDemo {

    private BackupCycleDemo() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        BackupRig.Options options = BackupRig.Options.defaults();
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--verbose" -> verbose = true;
                case "--work-base" -> {
                    if (i + 1 >= args.length) {
                        err.println("demo: --work-base needs a directory");
                        return 2;
                    }
                    options = options.withWorkBase(Path.of(args[++i]).toAbsolutePath());
                }
                default -> {
                    err.println("demo: unknown argument " + args[i] + "; usage: demo.sh [--work-base DIR] [--verbose]"
                            + " (given: " + Arrays.toString(args) + ")");
                    return 2;
                }
            }
        }
        if (!verbose) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
            // Artemis warns at start about address settings the backup topology leaves unset on purpose
            ((Logger) LoggerFactory.getLogger("org.apache.activemq")).setLevel(Level.ERROR);
        }
        BackupCycle cycle = new BackupCycle(options);
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
            return result.restoredIdentical() ? 0 : 1;
        } catch (Exception e) {
            out.println();
            if (cycle.aborted()) {
                err.println("demo interrupted; everything it created was removed");
                return 130;
            }
            err.println("demo FAILED: " + e.getMessage());
            if (verbose || !(e instanceof BackupCycle.CycleFailedException)) {
                e.printStackTrace(err);
            }
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook runs (or ran) already
            }
        }
    }
}
