package org.btrfssendbackup.receiver;

import java.util.List;

/**
 * Protocol facts the producer checks with {@code version}. Version 1 is design.md section 4
 * plus one extension: put-stream takes an optional trailing {@code compression=none|zstd}
 * so the manifest can record what the producer applied before encryption.
 */
public final class ReceiverProtocol {

    public static final int VERSION = 1;
    public static final List<String> ENABLED_COMMANDS = List.of("version", "put-stream", "list", "get-stream");
    /** Parsed and validated, but refused until remote-btrfs mode is implemented. */
    public static final List<String> DISABLED_COMMANDS = List.of("open-luks", "receive", "prune-received", "close-luks");

    private ReceiverProtocol() {
    }
}
