package org.btrfssendbackup.core.retention;

/** Whether restore points depend on each other. */
public enum ChainMode {
    /** Encrypted stream files: an incremental needs every ancestor up to its full. */
    STREAM_CHAINS,
    /** Snapshots on disk (local or received): each is complete; kind and parent are ignored. */
    INDEPENDENT_SNAPSHOTS
}
