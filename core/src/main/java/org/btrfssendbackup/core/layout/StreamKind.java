package org.btrfssendbackup.core.layout;

/** Whether a stored send stream is self-contained or needs its parent to be restored first. */
public enum StreamKind {
    FULL("full"),
    INCR("incr");

    private final String token;

    StreamKind(String token) {
        this.token = token;
    }

    /** The lower-case word used in file names, manifests and the SSH protocol. */
    public String token() {
        return token;
    }

    public static StreamKind parse(String text) {
        for (StreamKind kind : values()) {
            if (kind.token.equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("stream kind '" + NameText.quote(text) + "' is not full or incr");
    }

    @Override
    public String toString() {
        return token;
    }
}
