package org.btrfssendbackup.core.protocol;

import java.util.Objects;
import java.util.regex.Pattern;

/** The receiver's sha256 values: 64 lowercase hex digits, so a reply cannot carry anything else into a message. */
final class Sha256Hex {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private Sha256Hex() {
    }

    static String require(String value, String what) {
        Objects.requireNonNull(value, what + ": sha256");
        if (!HEX.matcher(value).matches()) {
            throw new IllegalArgumentException(what + ": sha256 is not 64 lowercase hex digits: " + value);
        }
        return value;
    }
}
