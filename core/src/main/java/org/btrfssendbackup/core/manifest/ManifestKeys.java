package org.btrfssendbackup.core.manifest;

import java.util.List;
import java.util.Set;

/** The keys of the manifest file, in the order they are written. */
final class ManifestKeys {

    static final String FORMAT_VERSION = "format_version";
    static final String SET = "set";
    static final String SNAPSHOT = "snapshot";
    static final String KIND = "kind";
    static final String PARENT = "parent";
    static final String STREAM_FILE = "stream_file";
    static final String BYTES = "bytes";
    static final String SHA256 = "sha256";
    static final String COMPRESSION = "compression";
    static final String ENCRYPTION = "encryption";
    static final String PRODUCER_HOST = "producer_host";
    static final String SNAPSHOT_UUID = "btrfs_uuid";
    static final String PARENT_UUID = "btrfs_parent_uuid";
    static final String CREATED = "created";
    static final String RECEIVED = "received";

    static final List<String> ORDER = List.of(FORMAT_VERSION, SET, SNAPSHOT, KIND, PARENT, STREAM_FILE,
            BYTES, SHA256, COMPRESSION, ENCRYPTION, PRODUCER_HOST, SNAPSHOT_UUID, PARENT_UUID, CREATED, RECEIVED);
    static final Set<String> KNOWN = Set.copyOf(ORDER);

    private ManifestKeys() {
    }
}
