package org.btrfssendbackup.producer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes prod.conf files and a private passphrase file for tests. */
public final class ConfigFiles {

    public static final String PASSPHRASE = "correct horse battery staple 4f1c9e";

    private ConfigFiles() {
    }

    public static Path passphraseFile(Path dir) throws IOException {
        Path file = dir.resolve("passphrase");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, PASSPHRASE + "\n");
        return file;
    }

    /** The seed's example configuration with paths below {@code top} and {@code state}, plus extra lines. */
    public static Path prodConf(Path dir, Path top, Path state, String... extraLines) throws IOException {
        Path passphrase = passphraseFile(dir);
        StringBuilder b = new StringBuilder()
                .append("SOURCE_TOP=").append(top).append('\n')
                .append("SOURCE_SUBVOL=@rootfs\n")
                .append("SNAPSHOT_DIR=").append(top.resolve("@backup-snapshots")).append('\n')
                .append("SNAPSHOT_PREFIX=prod-srv-rootfs\n")
                .append("STATE_FILE=").append(state.resolve("last-sent")).append('\n')
                .append("BACKUP_SSH_TARGET=btrfs-ingest@backup-srv\n")
                .append("BACKUP_SSH_PORT=\n")
                .append("BACKUP_SSH_IDENTITY_FILE=\n")
                .append("BACKUP_SET=prod-srv/rootfs\n")
                .append("PASSPHRASE_FILE=").append(passphrase).append('\n')
                .append("BACKUP_MODE=encrypted-stream\n")
                .append("FULL_INTERVAL_DAYS=32\n")
                .append("LOCK_FILE=").append(state.resolve("lock")).append('\n');
        for (String line : extraLines) {
            b.append(line).append('\n');
        }
        Path conf = dir.resolve("prod.conf");
        Files.writeString(conf, b.toString());
        return conf;
    }
}
