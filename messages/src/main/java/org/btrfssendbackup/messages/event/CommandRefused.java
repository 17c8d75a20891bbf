package org.btrfssendbackup.messages.event;

import java.util.regex.Pattern;

/**
 * The receiver refused an SSH command: a security signal (design.md §4, §7). Carries the
 * command word only, never the whole command line or anything read from stdin, because
 * either could be attacker-chosen or contain secrets. Host-wide: a refused command's set
 * is by definition not trustworthy.
 *
 * @param command       first word of the command, sanitised (see {@link #commandWordOf})
 * @param reason        why it was refused, one line
 * @param remoteAddress the SSH client address if known
 */
public record CommandRefused(String command, String reason, String remoteAddress) implements EventPayload {

    private static final Pattern COMMAND_WORD = Pattern.compile("[\\x21-\\x7e]{1,64}");

    public CommandRefused {
        Require.matches(command, COMMAND_WORD, "CommandRefused.command");
        Require.notBlank(reason, "CommandRefused.reason");
        if (reason.indexOf('\n') >= 0 || reason.indexOf('\r') >= 0) {
            throw new InvalidFieldException("CommandRefused.reason", "must be one line");
        }
        if (remoteAddress != null) {
            Require.notBlank(remoteAddress, "CommandRefused.remoteAddress");
        }
    }

    /**
     * The first space-separated word of an untrusted command line, with anything outside
     * printable ASCII replaced by '?' and cut to 64 characters; "(empty)" when there is none.
     */
    public static String commandWordOf(String rawCommandLine) {
        if (rawCommandLine == null || rawCommandLine.isBlank()) {
            return "(empty)";
        }
        String word = rawCommandLine.strip().split(" ", 2)[0];
        String cleaned = word.replaceAll("[^\\x21-\\x7e]", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
