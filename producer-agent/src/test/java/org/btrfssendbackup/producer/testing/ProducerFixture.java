package org.btrfssendbackup.producer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.btrfssendbackup.core.testing.ManualClock;
import org.btrfssendbackup.core.config.ProducerConfig;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.process.CommandLine;
import org.btrfssendbackup.core.process.LocalProcessRunner;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.testing.SystemTests;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.core.tools.CliSystemctl;
import org.btrfssendbackup.messages.EventEnvelope;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.steps.ProducerRuntime;
import org.btrfssendbackup.producer.steps.ProducerTools;

/**
 * A prod-srv in a temp directory: a loop btrfs with the @rootfs subvolume (SOURCE_TOP is its
 * mount), a prod.conf parsed by the real parser, real btrfs and gpg, the FAKE systemctl, a test
 * clock, and a {@link DirectoryUploader} in place of ssh.
 */
public final class ProducerFixture implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-03-01T02:05:00Z");

    public final LoopBtrfs fs;
    public final Path dir;
    public final RecordingSystemctl systemctl = new RecordingSystemctl();
    public final LocalProcessRunner runner = new LocalProcessRunner(systemctl);
    public final ManualClock clock = new ManualClock(START);
    public final DirectoryUploader uploader;
    public final List<EventEnvelope> facts = new ArrayList<>();
    public ProducerConfig config;

    private ProducerFixture(LoopBtrfs fs, Path dir) {
        this.fs = fs;
        this.dir = dir;
        this.uploader = new DirectoryUploader(dir.resolve("backup-srv"));
    }

    /** @param extraConfig more prod.conf lines, e.g. "SERVICES_TO_QUIESCE=(nginx mysql)" */
    public static ProducerFixture create(Path dir, String... extraConfig) throws IOException {
        SystemTests.assumeLoopBtrfs();
        SystemTests.assumeTool("gpg");
        return createOn(LoopBtrfs.create(), dir, extraConfig);
    }

    /** On a small btrfs whose data and metadata share space (see {@link LoopBtrfs#create(long, boolean)}). */
    public static ProducerFixture createMixed(Path dir, long sizeBytes, String... extraConfig) throws IOException {
        SystemTests.assumeLoopBtrfs();
        SystemTests.assumeTool("gpg");
        return createOn(LoopBtrfs.create(sizeBytes, true), dir, extraConfig);
    }

    private static ProducerFixture createOn(LoopBtrfs fs, Path dir, String... extraConfig) throws IOException {
        try {
            ProducerFixture f = new ProducerFixture(fs, dir);
            new LocalProcessRunner().run(CommandLine.of("btrfs", "subvolume", "create",
                    fs.mountPoint().resolve("@rootfs").toString()));
            Files.writeString(fs.mountPoint().resolve("@rootfs/hello.txt"), "hello\n");
            Files.createDirectories(dir.resolve("state"));
            f.reconfigure(extraConfig);
            return f;
        } catch (IOException | RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    public void reconfigure(String... extraConfig) throws IOException {
        config = ProducerConfig.load(ConfigFiles.prodConf(dir, fs.mountPoint(), dir.resolve("state"), extraConfig));
    }

    public ProducerTools tools() {
        return new ProducerTools(new CliBtrfs(runner), new CliSystemctl(runner), uploader,
                () -> Passphrase.fromFile(config.passphraseFile().orElseThrow()), clock, "prod-srv", Optional.empty());
    }

    /** A runtime whose facts are collected in {@link #facts}. */
    public ProducerRuntime runtime() {
        return new ProducerRuntime(config, tools(), new RunLock(config.lockFile(), clock), facts::add);
    }

    public Path snapshotDir() {
        return config.snapshotDir();
    }

    public Path stateFile() {
        return config.stateFile();
    }

    @Override
    public void close() {
        fs.close();
    }
}
