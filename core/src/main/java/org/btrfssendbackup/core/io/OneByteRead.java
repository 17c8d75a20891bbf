package org.btrfssendbackup.core.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * The one-byte read of a stream whose work (decrypt, check, hash, hand over chunks) is in its
 * array read: a read of one byte into an array, so no byte can pass without that work. Streams
 * that are filters extend {@link ArrayReadInputStream}; the others call this from {@code read()}.
 */
public final class OneByteRead {

    private OneByteRead() {
    }

    /** {@code stream.read()} through {@code stream.read(byte[], int, int)}: the byte, or -1 at the end. */
    public static int through(InputStream stream) throws IOException {
        byte[] one = new byte[1];
        int n = stream.read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }
}
