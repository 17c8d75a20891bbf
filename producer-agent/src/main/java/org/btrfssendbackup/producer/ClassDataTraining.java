package org.btrfssendbackup.producer;

import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.btrfssendbackup.core.cds.TrainingRun;
import org.btrfssendbackup.core.cli.ExitCodes;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.protocol.PutStreamReply;
import org.btrfssendbackup.core.stream.EncodedStream;
import org.btrfssendbackup.core.stream.StreamEncoder;
import org.btrfssendbackup.messages.EventCodec;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.messages.LocalHostName;
import org.btrfssendbackup.messages.event.BackupRequested;
import org.btrfssendbackup.messages.jms.EventPublisher;
import org.btrfssendbackup.producer.broker.BrokerConnection;
import org.btrfssendbackup.producer.upload.ReceiverJson;

/**
 * The producer's class data training run (see {@link TrainingRun}): ops/install.sh runs it as
 * {@code java -XX:ArchiveClassesAtExit=LIB/producer.jsa ... ClassDataTraining}, and the
 * btrfs-send-backup wrapper maps the archive on every start. It goes through what a run loads
 * without btrfs, ssh or root, in a directory of its own: {@code config check} of a config in
 * the seed's format, the embedded broker with one published event, the stream encoder (zstd,
 * OpenPGP, SHA-256) on generated data, and the parsing of the receiver's put-stream reply.
 */
public final class ClassDataTraining {

    static final String PROGRAM = "btrfs-send-backup";

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws Exception {
        TrainingRun.inTemporaryDirectory(PROGRAM, ClassDataTraining::train);
        // as ProducerMain ends (the broker's client leaves non-daemon threads); the JVM writes the archive now
        System.exit(ExitCodes.OK);
    }

    static void train(Path directory) throws Exception {
        Path config = writeConfig(directory);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ProducerMain.execute(new String[] {"config", "check", "--config", config.toString()},
                TrainingRun.discarding(), new PrintStream(err, true, StandardCharsets.UTF_8));
        TrainingRun.check(status == ExitCodes.OK, PROGRAM, "config check exited with status " + status + ": "
                + err.toString(StandardCharsets.UTF_8).strip());
        ProducerConfig producerConfig = ProducerConfig.load(config);

        EncodedStream sent = encode(producerConfig);
        PutStreamReply reply = PutStreamReply.parse("{\"status\":\"stored\",\"set\":\"class-data/training\","
                + "\"snapshot\":\"training-20260101T000000Z\",\"file\":\"training-20260101T000000Z.full.btrfs.gpg\","
                + "\"bytes\":" + sent.storedBytes() + ",\"sha256\":\"" + sent.sha256() + "\"}", ReceiverJson.MAPPER);
        TrainingRun.check(reply.bytes() == sent.storedBytes(), PROGRAM, "the reply parsed to " + reply);

        publishOneEvent(producerConfig, directory.resolve("broker"));
    }

    private static EncodedStream encode(ProducerConfig config) throws Exception {
        try (Passphrase passphrase = Passphrase.fromFile(config.passphraseFile().orElseThrow());
             InputStream plain = new ByteArrayInputStream(TrainingRun.sendStreamLike(TrainingRun.STREAM_BYTES))) {
            EncodedStream sent = new StreamEncoder(passphrase, config.compression())
                    .encode(plain, OutputStream.nullOutputStream());
            TrainingRun.check(sent.plainBytes() == TrainingRun.STREAM_BYTES, PROGRAM, "encoded " + sent);
            return sent;
        }
    }

    /** All-in-one (no BROKER_URL): the embedded broker, as a one-shot run starts it. */
    private static void publishOneEvent(ProducerConfig config, Path brokerRoot) throws Exception {
        try (BrokerConnection broker = BrokerConnection.open(config, brokerRoot);
             Connection connection = broker.connectionFactory().createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            EventEnvelope event = EventEnvelope.create(new BackupRequested("class-data-training", PROGRAM, false),
                    LocalHostName.get(), config.backupSet(), null, null);
            TrainingRun.check(new EventCodec().decode(new EventCodec().encode(event)).isDecoded(), PROGRAM,
                    "event JSON did not round-trip");
            try (EventPublisher publisher = new EventPublisher(session)) {
                publisher.publish(event);
            }
            session.commit();
        }
    }

    /** A config in the seed's format (prod.conf.example's keys), all paths below {@code directory}. */
    private static Path writeConfig(Path directory) throws Exception {
        Path passphrase = directory.resolve("passphrase");
        Files.createFile(passphrase, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passphrase, UUID.randomUUID() + "\n");
        Path config = directory.resolve("prod.conf");
        Files.writeString(config, String.join("\n",
                "# class data training: no snapshot is taken and nothing is sent",
                "SOURCE_TOP=" + directory.resolve("btrfs-root"),
                "SOURCE_SUBVOL=@rootfs",
                "SNAPSHOT_DIR=" + directory.resolve("btrfs-root/@backup-snapshots"),
                "SNAPSHOT_PREFIX=training",
                "STATE_FILE=" + directory.resolve("last-sent"),
                "BACKUP_SSH_TARGET=btrfs-ingest@backup-srv",
                "BACKUP_SSH_PORT=",
                "BACKUP_SSH_IDENTITY_FILE=",
                "BACKUP_SET=class-data/training",
                "PASSPHRASE_FILE=" + passphrase,
                "BACKUP_MODE=encrypted-stream",
                "FULL_INTERVAL_DAYS=32",
                "LOCAL_KEEP_DAILY=7",
                "SERVICES_TO_QUIESCE=(nginx mysql)",
                "LOCK_FILE=" + directory.resolve("lock"),
                ""));
        return config;
    }
}
