package org.btrfssendbackup.core.logging;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stderr is connected to the systemd journal, as systemd.exec(5) says to tell: the
 * JOURNAL_STREAM variable holds "DEVICE:INODE" of the journal's stream, and only when stderr's
 * own device and inode are those is it the journal (a child that inherited the variable but
 * whose stderr was redirected is not). Then log lines carry sd-daemon(3) priority prefixes so
 * that {@code journalctl -p err} works, and no timestamp (the journal has its own).
 */
public final class JournalStream {
    /** The variable systemd sets for a service whose stdout or stderr is the journal. */
    public static final String VARIABLE = "JOURNAL_STREAM";
    /** Where the running process's stderr can be stat'ed. */
    static final Path STDERR = Path.of("/proc/self/fd/2");

    private JournalStream() {
    }

    /** Pure: whether JOURNAL_STREAM's value names the stream whose st_dev and st_ino are given. */
    public static boolean names(String journalStream, long device, long inode) {
        if (journalStream == null) {
            return false;
        }
        int colon = journalStream.indexOf(':');
        if (colon <= 0 || colon == journalStream.length() - 1) {
            return false;
        }
        try {
            return Long.parseUnsignedLong(journalStream.substring(0, colon)) == device
                    && Long.parseUnsignedLong(journalStream.substring(colon + 1)) == inode;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether this process's stderr is the journal (false when it cannot tell: plain lines are always readable). */
    public static boolean isStderr() {
        return isStderr(System.getenv());
    }

    /** As {@link #isStderr()} with JOURNAL_STREAM taken from {@code environment} (a command's own map). */
    public static boolean isStderr(java.util.Map<String, String> environment) {
        String value = environment.get(VARIABLE);
        if (value == null) {
            return false;
        }
        try {
            long device = ((Number) Files.getAttribute(STDERR, "unix:dev")).longValue();
            long inode = ((Number) Files.getAttribute(STDERR, "unix:ino")).longValue();
            return names(value, device, inode);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            return false;
        }
    }

    /**
     * A failure printed straight to stderr, not logged (the producer's and the pruner's one-line
     * summary, "backup failed: ..."): on the journal every line of it carries {@code <3>}, as an
     * ERROR log line would, so {@code journalctl -p err} shows it. Pure; no level to guess, these
     * lines are failures by construction.
     *
     * @param journal whether stderr is the journal ({@link #isStderr})
     */
    public static String failure(String text, boolean journal) {
        if (!journal) {
            return text;
        }
        return text.lines().map(line -> prefix(Level.ERROR) + line).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** The sd-daemon(3) prefix of a level: {@code <3>} error, {@code <4>} warning, {@code <6>} info, {@code <7>} debug. */
    public static String prefix(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return "<3>";
        }
        if (level.isGreaterOrEqual(Level.WARN)) {
            return "<4>";
        }
        return level.isGreaterOrEqual(Level.INFO) ? "<6>" : "<7>";
    }
}
