package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import org.btrfssendbackup.core.protocol.ReceiverProtocol;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.btrfssendbackup.core.config.ConfigException;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.receiver.events.BrokerReceiverEvents;
import org.btrfssendbackup.receiver.events.ReceiverEvents;
import org.btrfssendbackup.receiver.events.SshClientAddress;
import org.btrfssendbackup.core.stream.IdleReadWatch;

/**
 * Entry point of btrfs-backup-receive (/usr/sbin from the Debian package, /usr/local/sbin
 * from ops/install.sh), the SSH forced command run through sudo as
 * {@code btrfs-backup-receive "$SSH_ORIGINAL_COMMAND"}: the whole command arrives as ONE argument
 * (sudo drops SSH_ORIGINAL_COMMAND from the environment). Without an argument it reads
 * SSH_ORIGINAL_COMMAND itself. More than one argument is refused: splitting again would
 * mean guessing how a shell had split it. {@code --sets PATTERNS} before it binds the key to
 * the sets it may touch ({@link SetBinding}).
 *
 * <p>Settings: /etc/default/btrfs-backup-receive, read by core's {@link ReceiverConfig}; another
 * file via BTRFS_BACKUP_RECEIVE_CONFIG (sudo's env_reset keeps the SSH user from setting it,
 * so only root can). A missing file means the defaults. The file is the one source of truth:
 * no setting is taken from the environment. A config error is exit status 1 with the error
 * (FILE:LINE: KEY: problem) as the one line on stderr.
 *
 * <p>With BROKER_URL set, stored and received streams, LUKS open/close, prunes and refusals are
 * published ({@link BrokerReceiverEvents}).
 */
public final class ReceiverMain {

    public static final String CONFIG_ENV = "BTRFS_BACKUP_RECEIVE_CONFIG";

    private ReceiverMain() {
    }

    public static void main(String[] args) {
        // stdout is the protocol channel: replies go to the raw descriptor, unbuffered, and
        // whatever else would print to System.out (a library, a logging default) goes to stderr
        OutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        System.exit(run(args, System.getenv(), interruptibleStdin(), protocol, System.err));
    }

    /**
     * stdin through an NIO channel: closing it wakes a read blocked on the pipe from sshd, which
     * the idle read timeout ({@link IdleReadWatch}) needs; System.in's close would not.
     */
    static InputStream interruptibleStdin() {
        return Channels.newInputStream(new FileInputStream(FileDescriptor.in).getChannel());
    }

    static final String USAGE = """
            Usage: btrfs-backup-receive [--sets PATTERNS] [COMMAND]
            The SSH forced command of backup-srv, run through sudo from authorized_keys:
              command="sudo /usr/sbin/btrfs-backup-receive --sets 'web1-*' \\"$SSH_ORIGINAL_COMMAND\\"",restrict KEY
            (/usr/sbin/btrfs-backup-receive from the Debian package; after ops/install.sh it is
            /usr/local/sbin/btrfs-backup-receive, and the sudoers rule names the same path).
            COMMAND is the whole SSH command line as one argument (without it, SSH_ORIGINAL_COMMAND).
              --sets PATTERNS  the sets this key may touch: comma-separated globs over the whole set
                               name ([A-Za-z0-9._/-] and '*', which matches any run, '/' included).
                               A command naming another set is refused (exit 2, a CommandRefused
                               event); version, open-luks and close-luks name no set and are allowed.
                               Without --sets every set is allowed: give each producer key its own.
              --help           this text
            Exit status: 0 done, 1 failed, 2 refused, 3 backup disk full.
            Settings: /etc/default/btrfs-backup-receive (or $BTRFS_BACKUP_RECEIVE_CONFIG, root only).
            """;

    public static int run(String[] args, Map<String, String> env, InputStream stdin, OutputStream stdout, PrintStream stderr) {
        SetBinding binding = SetBinding.everySet();
        String[] rest = args;
        // --sets is only an option when more arguments follow it: with the forced command
        // "btrfs-backup-receive \"$SSH_ORIGINAL_COMMAND\"" a caller's single "--sets" stays a command
        if (args.length >= 2 && args[0].equals(SetBinding.OPTION)) {
            try {
                binding = SetBinding.parse(args[1]);
            } catch (IllegalArgumentException e) {
                stderr.println(ReceiverProtocol.PROGRAM + ": failed: " + e.getMessage());
                return ReceiverExit.FAILED;
            }
            rest = Arrays.copyOfRange(args, 2, args.length);
        }
        if (rest.length == 1 && rest[0].equals("--help")) {
            PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
            out.print(USAGE);
            out.flush();
            return ReceiverExit.OK;
        }
        if (rest.length > 1) {
            stderr.println(ReceiverProtocol.PROGRAM + ": refused: expected the command as one argument, got "
                    + rest.length + " (quote \"$SSH_ORIGINAL_COMMAND\" in the forced command)");
            return ReceiverExit.REFUSED;
        }
        String commandLine = rest.length == 1 ? rest[0] : env.get("SSH_ORIGINAL_COMMAND");
        ReceiverConfig config;
        try {
            config = loadConfig(env);
        } catch (ConfigException e) {
            stderr.println(ReceiverProtocol.PROGRAM + ": failed: " + e.getMessage().replace('\n', ' '));
            return ReceiverExit.FAILED;
        }
        ReceiverEvents events = BrokerReceiverEvents.forSettings(config.broker(),
                SshClientAddress.of(env.get(SshClientAddress.ENV)), stderr);
        return new Receiver(config, Clock.systemUTC(), events, binding).run(commandLine, stdin, stdout, stderr);
    }

    /** The file named by {@value #CONFIG_ENV}, else the default path; a missing file gives the defaults. */
    static ReceiverConfig loadConfig(Map<String, String> env) {
        Path file = env.containsKey(CONFIG_ENV) ? Path.of(env.get(CONFIG_ENV)) : ReceiverConfig.DEFAULT_PATH;
        return Files.notExists(file) ? ReceiverConfig.defaults() : ReceiverConfig.load(file);
    }
}
