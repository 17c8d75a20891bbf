package org.btrfssendbackup.core.protocol;

import java.util.List;

/**
 * Protocol facts the receiver announces in its {@code version} reply ({@link VersionReply}).
 * Version 1 is design.md section 4 plus one extension: put-stream takes an optional trailing {@code compression=none|zstd}
 * so the manifest can record what the producer applied before encryption. The remote-btrfs
 * commands (open-luks, receive, prune-received, close-luks)
 * are refused when LUKS_DEVICE is not configured. Compatible additions within version 1:
 * {@code version} answers {@code freeBytes} (usable space of BACKUP_ROOT's filesystem), and exit
 * status 3 means no space left on backup-srv (a permanent failure for the producer), and
 * {@code read-session} serves several read requests over one connection ({@link ReadSessionFraming};
 * a receiver without it refuses it as unknown, and the restore then calls one command per connection).
 */
public final class ReceiverProtocol {

    /** The forced command's name, installed on backup-srv and the prefix of each of its stderr lines. */
    public static final String PROGRAM = "btrfs-backup-receive";
    public static final int VERSION = 1;
    /**
     * The oldest receiver protocol this build's producer works with (the handshake refuses an
     * older one, naming the host to upgrade). Raise it only with a change the producer cannot
     * do without; a new optional field or command stays within the version.
     */
    public static final int OLDEST_COMPATIBLE = 1;
    public static final List<String> ENABLED_COMMANDS = List.of("version", "put-stream", "list", "get-stream",
            "open-luks", "receive", "prune-received", "close-luks", "read-session");
    /** Parsed and validated, but refused by this build: none any more (kept for the version reply). */
    public static final List<String> DISABLED_COMMANDS = List.of();
    /** The put-stream options the version reply announces. */
    public static final List<String> PUT_STREAM_OPTIONS = List.of("compression=none|zstd");

    private ReceiverProtocol() {
    }
}
