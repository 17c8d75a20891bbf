package org.btrfssendbackup.core.chain;

/** Whether a stream (or restore point) stands alone or needs its parent received first. */
public enum StreamKind {
    /** Restorable on its own: a full send stream, or a btrfs snapshot on disk. */
    FULL,
    /** A send stream relative to a parent snapshot; restorable only after its parent. */
    INCREMENTAL
}
