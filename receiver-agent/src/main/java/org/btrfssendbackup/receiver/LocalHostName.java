package org.btrfssendbackup.receiver;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.btrfssendbackup.messages.event.Require;

/**
 * The name events carry as their host. The kernel's host name first: it needs no DNS, and a
 * forced command must not hang on a resolver before it may confirm a stored stream.
 */
final class LocalHostName {

    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");
    private static final Pattern HOST = Require.HOST;

    private LocalHostName() {
    }

    static String get() {
        try {
            String kernel = Files.readString(KERNEL_HOSTNAME, StandardCharsets.US_ASCII).strip();
            if (HOST.matcher(kernel).matches()) {
                return kernel;
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through to the JDK's answer
        }
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (HOST.matcher(name).matches()) {
                return name;
            }
        } catch (IOException e) {
            // fall through
        }
        return "localhost";
    }
}
