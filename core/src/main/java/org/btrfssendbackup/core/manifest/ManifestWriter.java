package org.btrfssendbackup.core.manifest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a {@link Manifest} as plain {@code key=value} lines in a fixed order, readable by
 * humans and by {@code grep}. Absent optional values are left out, except {@code parent},
 * which is written empty for a full stream so the file always answers "what does it need?".
 */
public final class ManifestWriter {

    private ManifestWriter() {
    }

    public static String write(Manifest m) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(ManifestKeys.FORMAT_VERSION, Integer.toString(m.formatVersion()));
        values.put(ManifestKeys.SET, m.set().value());
        values.put(ManifestKeys.SNAPSHOT, m.snapshot().value());
        values.put(ManifestKeys.KIND, m.kind().token());
        values.put(ManifestKeys.PARENT, m.parent().map(Object::toString).orElse(""));
        values.put(ManifestKeys.STREAM_FILE, m.streamFile().value());
        m.bytes().ifPresent(b -> values.put(ManifestKeys.BYTES, Long.toString(b)));
        m.sha256().ifPresent(h -> values.put(ManifestKeys.SHA256, h));
        values.put(ManifestKeys.COMPRESSION, m.compression().token());
        values.put(ManifestKeys.ENCRYPTION, m.encryption());
        m.producerHost().ifPresent(h -> values.put(ManifestKeys.PRODUCER_HOST, h));
        m.uuids().snapshotUuid().ifPresent(u -> values.put(ManifestKeys.SNAPSHOT_UUID, u));
        m.uuids().parentUuid().ifPresent(u -> values.put(ManifestKeys.PARENT_UUID, u));
        values.put(ManifestKeys.CREATED, m.created().toString());
        m.received().ifPresent(r -> values.put(ManifestKeys.RECEIVED, r.toString()));
        values.putAll(m.otherKeys());

        StringBuilder out = new StringBuilder();
        values.forEach((key, value) -> {
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("manifest of " + m.set() + "/" + m.snapshot()
                        + ": value of '" + key + "' contains a line break");
            }
            out.append(key).append('=').append(value).append('\n');
        });
        return out.toString();
    }
}
