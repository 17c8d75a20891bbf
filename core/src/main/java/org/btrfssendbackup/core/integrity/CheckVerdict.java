package org.btrfssendbackup.core.integrity;

/** The outcome of one integrity check of a stored stream. */
public enum CheckVerdict {
    /** Size and sha256 match the manifest (or the manifest has no sha256 and the file read whole). */
    OK,
    /** The stored bytes differ from the manifest, or the file could not be read. */
    CORRUPT
}
