package org.btrfssendbackup.receiver;

import org.btrfssendbackup.core.protocol.ReceiverExit;
import org.btrfssendbackup.core.protocol.ReceiverProtocol;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.btrfssendbackup.broker.BrokerRole;
import org.btrfssendbackup.broker.PasswordFile;
import org.btrfssendbackup.core.cds.TrainingRun;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.net.LoopbackPorts;

/**
 * The receiver's class data training run (see {@link TrainingRun}): ops/install.sh runs it as
 * {@code java -XX:ArchiveClassesAtExit=LIB/receiver.jsa ... ClassDataTraining}, and the
 * btrfs-backup-receive wrapper maps the archive on every SSH call. It goes through
 * {@link ReceiverMain#run} exactly as sshd's calls do, on a backup root of its own: version,
 * put-stream of a zstd + OpenPGP stream, list and get-stream, both again in a read-session; then one more put-stream with
 * BROKER_URL set, publishing StreamReceived over TCP to a broker this run starts on loopback.
 * Without that, a receiver with BROKER_URL spent about 1 CPU s per call loading Artemis' client
 * and Netty from the jars. Not reachable over SSH: the forced command only ever starts
 * {@link ReceiverMain}.
 */
public final class ClassDataTraining {

    static final String PROGRAM = ReceiverProtocol.PROGRAM;
    static final String SET = "class-data/training";
    static final String SET_WITH_EVENTS = "class-data/training-events";

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws Exception {
        TrainingRun.inTemporaryDirectory(PROGRAM, ClassDataTraining::train);
        System.exit(ReceiverExit.OK); // as ReceiverMain ends; the JVM writes the archive now
    }

    static void train(Path directory) throws Exception {
        Path config = directory.resolve("btrfs-backup-receive.conf");
        Path backupRoot = Files.createDirectory(directory.resolve("backups"));
        Files.writeString(config, "BACKUP_ROOT=" + backupRoot + "\n");
        Map<String, String> env = Map.of(ReceiverMain.CONFIG_ENV, config.toString());
        byte[] stream = TrainingRun.encrypted(TrainingRun.sendStreamLike(TrainingRun.STREAM_BYTES),
                "class data training".toCharArray());
        SnapshotName snapshot = SnapshotName.of("training", Instant.now().truncatedTo(ChronoUnit.SECONDS));

        call(env, "version", new ByteArrayInputStream(new byte[0]), OutputStream.nullOutputStream());
        call(env, "put-stream " + SET + " " + snapshot.value() + " full compression=zstd",
                new ByteArrayInputStream(stream), OutputStream.nullOutputStream());
        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        call(env, "list " + SET, new ByteArrayInputStream(new byte[0]), listed);
        TrainingRun.check(listed.toString(StandardCharsets.UTF_8).contains(snapshot.value()), PROGRAM,
                "list did not show the stream just stored");
        ByteArrayOutputStream fetched = new ByteArrayOutputStream(stream.length);
        call(env, "get-stream " + SET + " " + snapshot.value() + ".full.btrfs.gpg", new ByteArrayInputStream(new byte[0]),
                fetched);
        TrainingRun.check(fetched.size() == stream.length, PROGRAM, "get-stream returned " + fetched.size()
                + " bytes, put-stream stored " + stream.length);
        // restore --from-ssh's one connection: the session's classes come from the archive too
        ByteArrayOutputStream session = new ByteArrayOutputStream(stream.length + 4096);
        call(env, "read-session", new ByteArrayInputStream(("list " + SET + "\nget-stream " + SET + " " + snapshot.value()
                + ".full.btrfs.gpg\n").getBytes(StandardCharsets.US_ASCII)), session);
        TrainingRun.check(session.size() > listed.size() + stream.length, PROGRAM, "read-session returned "
                + session.size() + " bytes for a list and a get-stream of " + stream.length);

        withBroker(directory, backupRoot, stream, snapshot);
    }

    /** A put-stream that publishes its StreamReceived, as on a backup-srv with BROKER_URL. */
    private static void withBroker(Path directory, Path backupRoot, byte[] stream, SnapshotName snapshot)
            throws Exception {
        Path passwords = PasswordFile.writeMissingStandardPasswords(directory.resolve("broker-passwords"));
        int port = LoopbackPorts.free();
        Path config = directory.resolve("btrfs-backup-receive-broker.conf");
        Files.writeString(config, String.join("\n",
                "BACKUP_ROOT=" + backupRoot,
                "BROKER_URL=tcp://127.0.0.1:" + port,
                "BROKER_USER=" + BrokerRole.RECEIVER.roleName(),
                "BROKER_PASSWORD_FILE=" + passwords.resolve(BrokerRole.RECEIVER.roleName() + ".password"),
                ""));
        // the receiver's class path has no broker server side: the broker runs beside it (TrainingRun)
        try (AutoCloseable broker = TrainingRun.startBroker(TrainingRun.ownJarDirectory(),
                directory.resolve("broker-data"), passwords, port)) {
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            int status = ReceiverMain.run(new String[] {"put-stream " + SET_WITH_EVENTS + " " + snapshot.value() + " full"},
                    Map.of(ReceiverMain.CONFIG_ENV, config.toString()), new ByteArrayInputStream(stream),
                    OutputStream.nullOutputStream(), new PrintStream(stderr, true, StandardCharsets.UTF_8));
            String messages = stderr.toString(StandardCharsets.UTF_8).strip();
            TrainingRun.check(status == ReceiverExit.OK && !messages.contains("event not published"), PROGRAM,
                    "put-stream with BROKER_URL exited with status " + status + ": " + messages);
        }
    }

    private static void call(Map<String, String> env, String command, InputStream stdin, OutputStream stdout) {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = ReceiverMain.run(new String[] {command}, env, stdin, stdout,
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        TrainingRun.check(status == ReceiverExit.OK, PROGRAM, "'" + command + "' exited with status " + status + ": "
                + stderr.toString(StandardCharsets.UTF_8).strip());
    }
}
