package org.btrfssendbackup.core.config;

/** BACKUP_MODE of the seed: where the stream is stored and who can read it. */
public enum BackupMode {
    /** Encrypted on prod-srv; backup-srv stores opaque .btrfs.gpg files. */
    ENCRYPTED_STREAM("encrypted-stream"),
    /** Plain stream received into a LUKS volume on backup-srv that prod-srv unlocks. */
    REMOTE_BTRFS("remote-btrfs");

    private final String configValue;

    BackupMode(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }
}
