package org.btrfssendbackup.messages.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The two backup modes of the seed: encrypted stream files, or btrfs receive into a LUKS volume. */
public enum BackupMode {
    @JsonProperty("encrypted-stream") ENCRYPTED_STREAM,
    @JsonProperty("remote-btrfs") REMOTE_BTRFS
}
