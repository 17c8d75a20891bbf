package org.btrfssendbackup.producer.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.btrfssendbackup.core.lab.LoopBtrfs;
import org.btrfssendbackup.core.tools.CliBtrfs;
import org.btrfssendbackup.producer.state.RunLock;
import org.btrfssendbackup.producer.steps.ProducerRuntime;
import org.btrfssendbackup.producer.steps.ProducerTools;

/**
 * prod-srv ({@link ProducerFixture}, BACKUP_MODE=remote-btrfs with a private LUKS_KEY_FILE)
 * plus a backup-srv stand-in: {@link RecordingRemoteBtrfs} receiving for real into its own loop
 * btrfs (a separate filesystem, so btrfs receive can find a parent only among received
 * snapshots, as on the real backup-srv).
 */
public final class RemoteBtrfsFixture implements AutoCloseable {

    /** What `openssl rand -base64 64` writes, newline included: distinctive, so a leak is found by text. */
    public static final String LUKS_KEY = "LUKSkeyQ2hhbmdlTWUhVGhpc0lzQVRlc3RLZXlPbmx5Nzc0NGFiY2RlZmdoaWprbG1ub3BxcnN0\n"
            + "dXZ3eHl6MDEyMzQ1Njc4OQ==\n";

    public final ProducerFixture prod;
    public final LoopBtrfs backupSrv;
    public final RecordingRemoteBtrfs remote;
    public final Path keyFile;

    private RemoteBtrfsFixture(ProducerFixture prod, LoopBtrfs backupSrv, Path keyFile) {
        this.prod = prod;
        this.backupSrv = backupSrv;
        this.keyFile = keyFile;
        this.remote = new RecordingRemoteBtrfs(new CliBtrfs(prod.runner), backupSrv.mountPoint().resolve("received"),
                LUKS_KEY.getBytes(StandardCharsets.UTF_8));
    }

    /** @param extraConfig more prod.conf lines (after the remote-btrfs ones, so they win) */
    public static RemoteBtrfsFixture create(Path dir, String... extraConfig) throws IOException {
        ProducerFixture prod = ProducerFixture.create(dir);
        LoopBtrfs backupSrv = null;
        try {
            backupSrv = LoopBtrfs.create();
            Path key = keyFile(dir);
            String[] lines = new String[extraConfig.length + 3];
            lines[0] = "BACKUP_MODE=remote-btrfs";
            lines[1] = "LUKS_KEY_FILE=" + key;
            lines[2] = "FULL_INTERVAL_DAYS=36500";
            System.arraycopy(extraConfig, 0, lines, 3, extraConfig.length);
            prod.reconfigure(lines);
            return new RemoteBtrfsFixture(prod, backupSrv, key);
        } catch (IOException | RuntimeException e) {
            if (backupSrv != null) {
                backupSrv.close();
            }
            prod.close();
            throw e;
        }
    }

    public static Path keyFile(Path dir) throws IOException {
        Path file = dir.resolve("luks-key");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, LUKS_KEY);
        return file;
    }

    public ProducerTools tools() {
        return prod.tools().withRemoteBtrfs(remote);
    }

    public ProducerRuntime runtime() {
        return new ProducerRuntime(prod.config, tools(), new RunLock(prod.config.lockFile(), prod.clock), prod.facts::add);
    }

    public Path received(String snapshot) {
        return remote.received(prod.config.backupSet(), snapshot);
    }

    @Override
    public void close() {
        try {
            backupSrv.close();
        } finally {
            prod.close();
        }
    }
}
