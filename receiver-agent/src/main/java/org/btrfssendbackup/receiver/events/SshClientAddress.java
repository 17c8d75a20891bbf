package org.btrfssendbackup.receiver.events;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The client address sshd puts first in SSH_CLIENT ("ADDRESS PORT LOCALPORT"), for events.
 * Under sudo the variable is usually gone (env_reset), so it is optional; anything that does
 * not look like an IPv4 or IPv6 address is dropped rather than passed on.
 */
public final class SshClientAddress {

    public static final String ENV = "SSH_CLIENT";
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");

    private SshClientAddress() {
    }

    public static Optional<String> of(String sshClient) {
        if (sshClient == null || sshClient.isBlank()) {
            return Optional.empty();
        }
        String first = sshClient.strip().split("\\s+", 2)[0];
        return ADDRESS.matcher(first).matches() ? Optional.of(first) : Optional.empty();
    }
}
