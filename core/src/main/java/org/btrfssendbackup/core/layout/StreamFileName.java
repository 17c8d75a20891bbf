package org.btrfssendbackup.core.layout;

import java.util.Objects;

/** The stored file name of one encrypted send stream: {@code SNAPSHOT.KIND.btrfs.gpg}. */
public record StreamFileName(SnapshotName snapshot, StreamKind kind) {

    public static final String SUFFIX = ".btrfs.gpg";

    public StreamFileName {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(kind, "kind");
    }

    public static StreamFileName of(SnapshotName snapshot, StreamKind kind) {
        return new StreamFileName(snapshot, kind);
    }

    /** The stream file this directory entry names, or empty for anything else. */
    public static java.util.Optional<StreamFileName> tryParse(String fileName) {
        if (!fileName.endsWith(SUFFIX)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(parse(fileName));
        } catch (IllegalArgumentException notOurs) {
            return java.util.Optional.empty();
        }
    }

    public static StreamFileName parse(String text) {
        if (text == null || !text.endsWith(SUFFIX)) {
            throw new IllegalArgumentException("stream file name '" + NameText.quote(text)
                    + "' does not end with " + SUFFIX);
        }
        String stem = text.substring(0, text.length() - SUFFIX.length());
        int dot = stem.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("stream file name '" + NameText.quote(text)
                    + "' is not SNAPSHOT.full|incr" + SUFFIX);
        }
        StreamKind kind = StreamKind.parse(stem.substring(dot + 1));
        return new StreamFileName(SnapshotName.parse(stem.substring(0, dot)), kind);
    }

    public String value() {
        return snapshot.value() + "." + kind.token() + SUFFIX;
    }

    @Override
    public String toString() {
        return value();
    }
}
