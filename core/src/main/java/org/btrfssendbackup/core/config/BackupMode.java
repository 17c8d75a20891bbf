package org.btrfssendbackup.core.config;

import org.btrfssendbackup.core.text.WireWord;

/** BACKUP_MODE of the seed: where the stream is stored and who can read it. */
public enum BackupMode implements WireWord {
    /** Encrypted on prod-srv; backup-srv stores opaque .btrfs.gpg files. */
    ENCRYPTED_STREAM,
    /** Plain stream received into a LUKS volume on backup-srv that prod-srv unlocks. */
    REMOTE_BTRFS
}
