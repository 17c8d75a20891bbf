package org.btrfssendbackup.receiver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The receiver as the forced command runs it: a JVM of its own (so a test can kill it, or leave
 * its stdin open), reading the config file the test writes.
 */
final class ChildReceiver {

    private ChildReceiver() {
    }

    /**
     * @param configText the lines of /etc/default/btrfs-backup-receive, written under {@code dir}
     * @param command    what SSH_ORIGINAL_COMMAND would hold
     */
    static ProcessBuilder builder(Path dir, String configText, String command) throws IOException {
        Path config = Files.writeString(dir.resolve("btrfs-backup-receive.conf"), configText);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), ReceiverMain.class.getName(), command);
        builder.environment().put(ReceiverMain.CONFIG_ENV, config.toString());
        return builder;
    }
}
