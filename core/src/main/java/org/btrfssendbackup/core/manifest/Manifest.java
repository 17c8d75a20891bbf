package org.btrfssendbackup.core.manifest;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.btrfssendbackup.core.layout.BackupSetName;
import org.btrfssendbackup.core.layout.SnapshotName;
import org.btrfssendbackup.core.layout.StreamFileName;
import org.btrfssendbackup.core.layout.StreamKind;

/**
 * What backup-srv knows about one stored stream: the {@code SET/SNAPSHOT.manifest} file of
 * design.md section 5. Optional parts are absent in manifests written by the seed scripts,
 * which only recorded snapshot and parent names.
 *
 * @param formatVersion {@link #FORMAT_VERSION} for manifests we write; 0 when the file has none (seed)
 * @param created the snapshot's creation time (its name's timestamp when not recorded)
 * @param received when backup-srv stored the stream
 * @param otherKeys keys this version does not know, kept so nothing read is silently lost
 */
public record Manifest(
        int formatVersion,
        BackupSetName set,
        SnapshotName snapshot,
        StreamKind kind,
        Optional<SnapshotName> parent,
        StreamFileName streamFile,
        OptionalLong bytes,
        Optional<String> sha256,
        Compression compression,
        String encryption,
        Optional<String> producerHost,
        BtrfsUuids uuids,
        Instant created,
        Optional<Instant> received,
        Map<String, String> otherKeys) {

    public static final int FORMAT_VERSION = 1;
    public static final String ENCRYPTION_OPENPGP = "openpgp";
    public static final String ENCRYPTION_UNKNOWN = "unknown";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}");

    public Manifest {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(streamFile, "streamFile");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(producerHost, "producerHost");
        Objects.requireNonNull(uuids, "uuids");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(received, "received");
        String what = "manifest of " + set + "/" + snapshot;
        if (formatVersion < 0) {
            throw new IllegalArgumentException(what + ": format version " + formatVersion + " is negative");
        }
        if (kind == StreamKind.INCR && parent.isEmpty()) {
            throw new IllegalArgumentException(what + ": an incr stream needs a parent");
        }
        if (kind == StreamKind.FULL && parent.isPresent()) {
            throw new IllegalArgumentException(what + ": a full stream has no parent, got " + parent.get());
        }
        if (parent.isPresent() && parent.get().compareTo(snapshot) >= 0) {
            throw new IllegalArgumentException(what + ": parent " + parent.get() + " is not older");
        }
        // Compared as names, not as records: a record's first equals() in a JVM bootstraps its
        // method handles (~20 ms), and the receiver builds a manifest between storing an upload
        // and answering the producer.
        if (!streamFile.value().equals(StreamFileName.of(snapshot, kind).value())) {
            throw new IllegalArgumentException(what + ": stream file " + streamFile + " does not match snapshot and kind");
        }
        if (bytes.isPresent() && bytes.getAsLong() < 0) {
            throw new IllegalArgumentException(what + ": bytes " + bytes.getAsLong() + " is negative");
        }
        if (sha256.isPresent() && !SHA256.matcher(sha256.get()).matches()) {
            throw new IllegalArgumentException(what + ": sha256 is not 64 lower-case hex digits");
        }
        if (encryption == null || !TOKEN.matcher(encryption).matches()) {
            throw new IllegalArgumentException(what + ": encryption '" + encryption + "' is not a lower-case token");
        }
        if (producerHost.isPresent() && !HOST.matcher(producerHost.get()).matches()) {
            throw new IllegalArgumentException(what + ": producer host is not a host name");
        }
        for (String key : otherKeys.keySet()) {
            if (ManifestKeys.KNOWN.contains(key)) {
                throw new IllegalArgumentException(what + ": '" + key + "' is a known key, not another key");
            }
        }
        otherKeys = Collections.unmodifiableMap(new TreeMap<>(otherKeys));
    }

    /** A manifest as the receiver writes it for a freshly stored stream. */
    public static Manifest stored(BackupSetName set, SnapshotName snapshot, StreamKind kind,
            Optional<SnapshotName> parent, long bytes, String sha256, Compression compression,
            Instant received) {
        return new Manifest(FORMAT_VERSION, set, snapshot, kind, parent, StreamFileName.of(snapshot, kind),
                OptionalLong.of(bytes), Optional.of(sha256), compression, ENCRYPTION_OPENPGP,
                Optional.empty(), BtrfsUuids.NONE, snapshot.time(), Optional.of(received), Map.of());
    }
}
