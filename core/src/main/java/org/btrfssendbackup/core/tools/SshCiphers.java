package org.btrfssendbackup.core.tools;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ssh's {@code -c} list towards backup-srv, one grammar for every place that names it: prod.conf's
 * BACKUP_SSH_CIPHERS and the console's {@code restore --ssh-ciphers}. A comma-separated list of
 * OpenSSH cipher names, or {@code default} for ssh's own list (no {@code -c}).
 */
public final class SshCiphers {

    /**
     * AES-GCM first: with AES-NI it moves ~500 MB/s here against ~300 for ssh's default
     * chacha20-poly1305 (on both ends: ssh and sshd), which stays in the list so a server without
     * AES-GCM still connects.
     */
    public static final String DEFAULT = "aes128-gcm@openssh.com,chacha20-poly1305@openssh.com";
    /** The value that means ssh's own list. */
    public static final String SSH_DEFAULT = "default";

    private static final Pattern LIST = Pattern.compile("[a-z0-9@._-]+(,[a-z0-9@._-]+)*");
    private static final Pattern NO_MATCHING_CIPHER = Pattern.compile("no matching cipher found\\. Their offer: (\\S+)");

    private SshCiphers() {
    }

    /** {@code default} → empty (ssh's own list); else the list itself, checked. */
    public static Optional<String> parse(String value) {
        Objects.requireNonNull(value, "ssh cipher list");
        return value.equals(SSH_DEFAULT) ? Optional.empty() : Optional.of(check(value));
    }

    /** The value as a config file or command line writes it: the list, or {@code default}. */
    public static String format(Optional<String> ciphers) {
        return ciphers.orElse(SSH_DEFAULT);
    }

    /** A list that ssh reads as one {@code -c} argument and nothing else (no option, no space). */
    static String check(String list) {
        if (!LIST.matcher(list).matches()) {
            throw new IllegalArgumentException("ssh cipher list is malformed: '" + list
                    + "' (want comma-separated cipher names such as " + DEFAULT + ", or " + SSH_DEFAULT + ")");
        }
        return list;
    }

    /**
     * What the server offered when ssh found no cipher in common (ssh's stderr: "Unable to
     * negotiate with HOST port N: no matching cipher found. Their offer: LIST"), else empty.
     */
    public static Optional<String> refusedWithOffer(String sshStderr) {
        Matcher m = NO_MATCHING_CIPHER.matcher(sshStderr == null ? "" : sshStderr);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
