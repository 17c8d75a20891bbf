package org.btrfssendbackup.core.protocol;

import java.util.Objects;

/**
 * The field checks the reply records share, written once and worded as each record always
 * worded them: "put-stream reply: set" for a missing field, "receive reply: negative byte
 * count -1" for a bad count.
 */
final class ReplyFields {

    private ReplyFields() {
    }

    /**
     * Every value is present (not null).
     *
     * @param what   the reply, as its messages name it ("put-stream reply")
     * @param names  the fields' names, space-separated, in the order of {@code values}
     * @throws NullPointerException naming the reply and the first missing field
     */
    static void present(String what, String names, Object... values) {
        String[] name = names.split(" ");
        if (name.length != values.length) {
            throw new IllegalArgumentException(what + ": " + name.length + " field names for " + values.length + " values");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new NullPointerException(what + ": " + name[i]);
            }
        }
    }

    /** What the receiver read from stdin: a byte count that is not negative, and its sha256. */
    static void readDigest(String what, long bytes, String sha256) {
        if (bytes < 0) {
            throw new IllegalArgumentException(what + ": negative byte count " + bytes);
        }
        Sha256Hex.require(sha256, what);
    }
}
