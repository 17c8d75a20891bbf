package org.btrfssendbackup.ops.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes the demo's /etc/btrfs-send-backup/prod.conf in the seed's format (shell-style
 * KEY=value lines, comments, an array), which core's ProducerConfig parses without a shell.
 */
final class ProdConf {

    /**
     * @param sourceTop  the prod image's mount (SOURCE_TOP)
     * @param stateDir   where STATE_FILE and LOCK_FILE live
     */
    record Values(Path sourceTop, Path stateDir, int sshPort, Path identityFile, Path knownHosts, String set,
                  String prefix, Path passphraseFile) {
        Values {
            Objects.requireNonNull(sourceTop, "prod.conf: SOURCE_TOP");
            Objects.requireNonNull(stateDir, "prod.conf: state directory");
            Objects.requireNonNull(identityFile, "prod.conf: BACKUP_SSH_IDENTITY_FILE");
            Objects.requireNonNull(knownHosts, "prod.conf: BACKUP_SSH_KNOWN_HOSTS");
            Objects.requireNonNull(set, "prod.conf: BACKUP_SET");
            Objects.requireNonNull(prefix, "prod.conf: SNAPSHOT_PREFIX");
            Objects.requireNonNull(passphraseFile, "prod.conf: PASSPHRASE_FILE");
        }
    }

    private ProdConf() {
    }

    static Path write(Path file, Values v) throws IOException {
        String text = String.join("\n",
                "# /etc/btrfs-send-backup/prod.conf of the demo machine (the seed's format)",
                "SOURCE_TOP=" + v.sourceTop(),
                "SOURCE_SUBVOL=@rootfs",
                "SNAPSHOT_DIR=" + v.sourceTop().resolve("@backup-snapshots"),
                "SNAPSHOT_PREFIX=" + v.prefix(),
                "STATE_FILE=" + v.stateDir().resolve("last-sent"),
                "",
                "BACKUP_SSH_TARGET=root@127.0.0.1",
                "BACKUP_SSH_PORT=" + v.sshPort(),
                "BACKUP_SSH_IDENTITY_FILE=" + v.identityFile(),
                "BACKUP_SSH_KNOWN_HOSTS=" + v.knownHosts(),
                "BACKUP_SET=" + v.set(),
                "",
                "BACKUP_MODE=encrypted-stream",
                "PASSPHRASE_FILE=" + v.passphraseFile(),
                "COMPRESSION=zstd",
                "FULL_INTERVAL_DAYS=32",
                "",
                "# A real server lists the services whose data must be consistent on disk (nginx, mysql ...);",
                "# the demo machine runs none of them.",
                "SERVICES_TO_QUIESCE=()",
                "",
                "LOCK_FILE=" + v.stateDir().resolve("btrfs-send-backup.lock"),
                "");
        Files.writeString(file, text);
        return file;
    }
}
