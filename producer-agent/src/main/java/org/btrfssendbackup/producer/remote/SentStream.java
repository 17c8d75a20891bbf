package org.btrfssendbackup.producer.remote;

import java.util.regex.Pattern;

/** The plain send stream as the producer wrote it: byte count and lowercase hex sha256. */
public record SentStream(long bytes, String sha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public SentStream {
        if (bytes < 0) {
            throw new IllegalArgumentException("sent stream: negative byte count " + bytes);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sent stream: sha256 must be 64 lowercase hex digits: " + sha256);
        }
    }
}
