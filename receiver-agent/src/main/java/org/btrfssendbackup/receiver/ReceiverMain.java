package org.btrfssendbackup.receiver;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Entry point of /usr/local/sbin/btrfs-backup-receive, the SSH forced command run through
 * sudo as {@code btrfs-backup-receive "$SSH_ORIGINAL_COMMAND"}: the whole command arrives as
 * ONE argument (sudo drops SSH_ORIGINAL_COMMAND from the environment). Without an argument it
 * reads SSH_ORIGINAL_COMMAND itself. More than one argument is refused: splitting again would
 * mean guessing how a shell had split it.
 *
 * <p>Settings: /etc/default/btrfs-backup-receive (another file via BTRFS_BACKUP_RECEIVE_CONFIG),
 * then the same keys from the environment; sudo's env_reset keeps the SSH user from setting them.
 */
public final class ReceiverMain {

    public static final String CONFIG_ENV = "BTRFS_BACKUP_RECEIVE_CONFIG";

    private ReceiverMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        // stdout is the protocol channel: unbuffered raw descriptor, nothing else may write to it
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        if (args.length > 1) {
            System.err.println(Receiver.PROGRAM + ": refused: expected the command as one argument, got "
                    + args.length + " (quote \"$SSH_ORIGINAL_COMMAND\" in the forced command)");
            return Receiver.REFUSED;
        }
        String commandLine = args.length == 1 ? args[0] : env.get("SSH_ORIGINAL_COMMAND");
        ReceiverSettings settings;
        try {
            settings = loadSettings(env);
        } catch (Exception e) {
            System.err.println(Receiver.PROGRAM + ": failed: configuration: " + e.getMessage());
            return Receiver.FAILED;
        }
        return new Receiver(settings, Clock.systemUTC(), new NoReceiverEvents())
                .run(commandLine, System.in, stdout, System.err);
    }

    static ReceiverSettings loadSettings(Map<String, String> env) throws Exception {
        Path file = env.containsKey(CONFIG_ENV) ? Path.of(env.get(CONFIG_ENV)) : MinimalDefaultsFile.DEFAULT;
        Map<String, String> values = new HashMap<>(new MinimalDefaultsFile(file).load());
        for (String key : ReceiverSettings.KEYS) {
            if (env.containsKey(key)) {
                values.put(key, env.get(key));
            }
        }
        return ReceiverSettings.fromMap(values);
    }
}
