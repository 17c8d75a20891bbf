package org.btrfssendbackup.receiver;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.btrfssendbackup.core.config.ReceiverConfig;
import org.btrfssendbackup.core.config.ShellConfigParser;
import org.btrfssendbackup.receiver.events.RecordingReceiverEvents;

/** Runs the receiver in-process on a temporary BACKUP_ROOT with a fixed clock. */
public final class ReceiverHarness {

    public static final Instant NOW = Instant.parse("2026-02-01T02:06:00Z");

    final Path root;
    final RecordingReceiverEvents events = new RecordingReceiverEvents();
    final Receiver receiver;

    ReceiverHarness(Path root) {
        this(root, configWithBackupRoot(root), SetBinding.everySet());
    }

    /** @param moreConfig config file lines on top of BACKUP_ROOT, read as the receiver reads its file */
    ReceiverHarness(Path root, String moreConfig) {
        this(root, ReceiverConfig.from(ShellConfigParser.parse("test.conf", "BACKUP_ROOT='" + root + "'\n" + moreConfig),
                p -> false), SetBinding.everySet());
    }

    /** As the forced command with {@code --sets}: the key bound to some sets. */
    ReceiverHarness(Path root, SetBinding binding) {
        this(root, configWithBackupRoot(root), binding);
    }

    private ReceiverHarness(Path root, ReceiverConfig config, SetBinding binding) {
        this.root = root;
        this.receiver = new Receiver(config, Clock.fixed(NOW, ZoneOffset.UTC), events, binding);
    }

    /** The defaults (as with no config file) except BACKUP_ROOT. */
    static ReceiverConfig configWithBackupRoot(Path root) {
        ReceiverConfig d = ReceiverConfig.defaults();
        return new ReceiverConfig(root, d.luks(), d.keep(), d.maxFutureSkew(), d.idleTimeout(), d.broker(), d.scrub(),
                d.uploads(), d.monitor(), d.origins());
    }

    public record Outcome(int status, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    Outcome run(String command, byte[] stdin) {
        return run(command, new ByteArrayInputStream(stdin));
    }

    Outcome run(String command, InputStream stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = receiver.run(command, stdin, out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
}
