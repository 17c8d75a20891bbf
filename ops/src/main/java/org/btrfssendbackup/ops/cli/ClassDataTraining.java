package org.btrfssendbackup.ops.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.PasswordFile;
import org.btrfssendbackup.core.cds.PackageClasses;
import org.btrfssendbackup.core.cds.TrainingRun;
import org.btrfssendbackup.core.chain.RestoreChainPlanner;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.process.ProcessFailedException;
import org.btrfssendbackup.core.process.ProcessRunner;
import org.btrfssendbackup.core.protocol.ReceiverOverSsh;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.ops.restore.Restorer;
import org.btrfssendbackup.ops.verify.StoreVerifier;
import org.btrfssendbackup.core.crypto.DerivedKeys;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.net.LoopbackPorts;
import org.btrfssendbackup.core.stream.StreamDecoder;
import org.btrfssendbackup.receiver.ReceiverMain;
import picocli.CommandLine;

/**
 * The console's class data training run (see {@link TrainingRun}): ops/install.sh and the
 * package's postinst run it as {@code java -XX:ArchiveClassesAtExit=LIB/console.jsa -cp
 * <the console's class path> ...ClassDataTraining}, and btrfs-backup-console maps the archive
 * on every start. It goes through what needs no root, btrfs or ssh: --version and the help of
 * every subcommand, list and verify over a store of one training stream, the restore's
 * decryption of that stream (StreamDecoder; btrfs receive itself needs root and btrfs), the
 * classes of the rest of a restore loaded by package ({@link PackageClasses}), and
 * run --host, events, dlq, status and metrics against a broker it starts on loopback (beside the console's class
 * path, which has no broker server side). Not reachable from the console's commands.
 */
public final class ClassDataTraining {

    static final String PROGRAM = "btrfs-backup-console";
    static final String SET = "class-data/training";

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws Exception {
        TrainingRun.inTemporaryDirectory(PROGRAM, ClassDataTraining::train);
        System.exit(0); // the JMS client may leave threads; the JVM writes the archive now
    }

    static void train(Path directory) throws Exception {
        for (List<String> help : helpCalls()) {
            console(help, 0);
        }
        Path backupRoot = Files.createDirectory(directory.resolve("backups"));
        char[] secret = "class data training".toCharArray();
        byte[] stored = store(directory, backupRoot, secret);
        console(List.of("list", "--backup-root", backupRoot.toString()), 0);
        console(List.of("verify", "--backup-root", backupRoot.toString(), "--set", SET), 0);
        decode(stored, secret);
        loadWhatOnlyRootRuns();

        Path passwords = PasswordFile.writeMissingStandardPasswords(directory.resolve("broker-passwords"));
        int port = LoopbackPorts.free();
        try (AutoCloseable broker = TrainingRun.startBroker(TrainingRun.ownJarDirectory(),
                directory.resolve("broker-data"), passwords, port)) {
            List<String> connection = List.of("--broker", "tcp://127.0.0.1:" + port, "--user",
                    BrokerRole.OPERATOR.roleName(), "--password-file",
                    passwords.resolve(BrokerRole.OPERATOR.roleName() + ".password").toString());
            console(with(connection, "run", "--host", "class-data-training"), 0);
            console(with(connection, "events", "list"), 0);
            console(with(connection, "dlq", "list"), 0);
            // no backup ran: status may find no set OK (1), but it and metrics read the hub
            console(with(connection, "status", "--backup-root", backupRoot.toString()), 0, 1);
            console(with(connection, "metrics"), 0, 1);
        }
    }

    /** --version, --help and the --help of every visible subcommand, depth first. */
    static List<List<String>> helpCalls() {
        List<List<String>> calls = new ArrayList<>();
        calls.add(List.of("--version"));
        calls.add(List.of("--help"));
        addHelps(OpsMain.commandLine(ConsoleEnvironment.system()), List.of(), calls);
        return calls;
    }

    private static void addHelps(CommandLine parent, List<String> path, List<List<String>> into) {
        for (Map.Entry<String, CommandLine> sub : parent.getSubcommands().entrySet()) {
            if (!sub.getKey().equals(sub.getValue().getCommandName()) || sub.getValue().getCommandSpec().usageMessage().hidden()) {
                continue; // an alias, or not shown
            }
            List<String> name = new ArrayList<>(path);
            name.add(sub.getKey());
            List<String> help = new ArrayList<>(name);
            help.add("--help");
            into.add(help);
            addHelps(sub.getValue(), name, into);
        }
    }

    /** One stream in a store, put there by the receiver's put-stream as on backup-srv; returns its bytes. */
    private static byte[] store(Path directory, Path backupRoot, char[] secret) throws Exception {
        Path config = directory.resolve("btrfs-backup-receive.conf");
        Files.writeString(config, "BACKUP_ROOT=" + backupRoot + "\n");
        byte[] stream = TrainingRun.encrypted(TrainingRun.sendStreamLike(TrainingRun.STREAM_BYTES), secret);
        SnapshotName snapshot = SnapshotName.of("training", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReceiverMain.run(new String[] {"put-stream " + SET + " " + snapshot.value() + " full compression=zstd"},
                Map.of(ReceiverMain.CONFIG_ENV, config.toString()), new ByteArrayInputStream(stream),
                OutputStream.nullOutputStream(), new PrintStream(err, true, StandardCharsets.UTF_8));
        TrainingRun.check(status == 0, PROGRAM, "storing the training stream exited with status " + status + ": "
                + err.toString(StandardCharsets.UTF_8).strip());
        return stream;
    }

    /** The restore's decryption and decompression, into nothing instead of btrfs receive. */
    private static void decode(byte[] stored, char[] secret) throws Exception {
        long plain;
        try (Passphrase passphrase = Passphrase.ofChars(secret);
             InputStream decoded = new StreamDecoder(passphrase).open(new ByteArrayInputStream(stored), "training stream")) {
            plain = decoded.transferTo(OutputStream.nullOutputStream());
        }
        TrainingRun.check(plain == TrainingRun.STREAM_BYTES, PROGRAM, "decoded " + plain + " bytes of "
                + TrainingRun.STREAM_BYTES);
    }

    /**
     * The classes of a restore, which needs root, btrfs and a real send stream, none of which a
     * training run has: loaded by package, so the archive holds them and a restore does not read,
     * parse and verify some 60 classes from the jars at its start.
     */
    private static void loadWhatOnlyRootRuns() throws Exception {
        for (Class<?> anchor : List.of(Restorer.class, StoreVerifier.class, CliBtrfs.class, ProcessRunner.class,
                RestoreChainPlanner.class, StreamDecoder.class, DerivedKeys.class, ReceiverOverSsh.class)) {
            TrainingRun.check(!PackageClasses.load(anchor).isEmpty(), PROGRAM,
                    "no class of " + anchor.getPackageName() + " could be loaded");
        }
        // and one child process, as a restore starts btrfs: the JDK's process classes
        try {
            new LocalProcessRunner().run(org.btrfssendbackup.core.process.CommandLine.of("true").withTimeout(Duration.ofSeconds(30)));
        } catch (ProcessFailedException e) {
            // no true(1) here: the archive lacks those classes, and a restore loads them itself
        }
    }

    private static List<String> with(List<String> connection, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(connection);
        return args;
    }

    private static void console(List<String> args, int... expected) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = OpsMain.run(TrainingRun.discarding(), new PrintStream(err, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
        for (int ok : expected) {
            if (status == ok) {
                return;
            }
        }
        TrainingRun.check(false, PROGRAM, "'" + String.join(" ", args) + "' exited with status " + status + ": "
                + err.toString(StandardCharsets.UTF_8).strip());
    }
}
