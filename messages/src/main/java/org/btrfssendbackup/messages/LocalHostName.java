package org.btrfssendbackup.messages;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.btrfssendbackup.messages.event.Require;

/**
 * The {@code host} every agent stamps on its events. Reads the kernel's host name first so no
 * DNS lookup can stall a forced command; falls back to the JDK, then to "localhost", and only
 * returns names the envelope accepts.
 */
public final class LocalHostName {

    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private LocalHostName() {
    }

    public static String get() {
        try {
            String kernel = Files.readString(KERNEL_HOSTNAME, StandardCharsets.US_ASCII).strip();
            if (Require.HOST.matcher(kernel).matches()) {
                return kernel;
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through to the JDK's answer
        }
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (Require.HOST.matcher(name).matches()) {
                return name;
            }
        } catch (IOException e) {
            // fall through
        }
        return "localhost";
    }
}
