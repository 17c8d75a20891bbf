package org.btrfssendbackup.producer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stderr, where the progress line goes, is a terminal. {@code System.console()} answers
 * for stdin and stdout, not stderr: {@code btrfs-send-backup > log} on a terminal still wants the
 * progress, and cron or the journal must never get carriage returns.
 */
final class StderrTerminal {

    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private StderrTerminal() {
    }

    /** Pure: whether the file stderr points at is a terminal device. */
    static boolean isTerminal(String target) {
        return target.startsWith("/dev/pts/") || target.matches("/dev/tty[0-9A-Za-z]*") || target.equals("/dev/console");
    }

    static boolean isStderr() {
        try {
            return isTerminal(Files.readSymbolicLink(STDERR).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
