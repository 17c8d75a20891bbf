package org.btrfssendbackup.core.layout;

import org.btrfssendbackup.core.text.WireWord;

/** Whether a stored send stream is self-contained or needs its parent to be restored first. */
public enum StreamKind implements WireWord {
    FULL,
    INCR;

    /** From the lower-case word used in file names, manifests and the SSH protocol. */
    public static StreamKind parse(String text) {
        return WireWord.find(StreamKind.class, text).orElseThrow(() -> new IllegalArgumentException("stream kind '" + NameText.quote(text) + "' is not full or incr"));
    }

    @Override
    public String toString() {
        return token();
    }
}
