package org.btrfssendbackup.receiver.luks;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.btrfssendbackup.core.protocol.CommandRefusedException;
import org.btrfssendbackup.receiver.store.ReceiveFailedException;

/**
 * Reads open-luks's key from stdin: all of it, as {@code cryptsetup --key-file=-} would take a
 * whole key file (a trailing newline is part of the key), bounded so a producer cannot make
 * the receiver buffer without end. The key only ever lives in the returned array, which the
 * caller hands to cryptsetup's stdin (that zeroes it); intermediate buffers are zeroed here.
 */
public final class LuksKeyInput {

    /** Far above a real key file (the seed's is 89 bytes of base64), far below memory trouble. */
    static final int MAX_KEY_BYTES = 8192;

    private LuksKeyInput() {
    }

    /**
     * @throws CommandRefusedException for an empty key or one longer than {@link #MAX_KEY_BYTES}
     * @throws ReceiveFailedException  when stdin cannot be read
     */
    public static byte[] read(InputStream in) {
        byte[] buffer = new byte[MAX_KEY_BYTES + 1];
        int length = 0;
        try {
            int n;
            while (length < buffer.length && (n = in.read(buffer, length, buffer.length - length)) >= 0) {
                length += n;
            }
            if (length > MAX_KEY_BYTES) {
                throw new CommandRefusedException("open-luks: the key on stdin is longer than " + MAX_KEY_BYTES
                        + " bytes; send the LUKS key file's content only");
            }
            if (length == 0) {
                throw new CommandRefusedException("open-luks: no key on stdin (send the LUKS key file's content)");
            }
            return Arrays.copyOf(buffer, length);
        } catch (IOException e) {
            throw new ReceiveFailedException("open-luks: reading the key from stdin failed: " + e.getMessage(), e);
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }
}
