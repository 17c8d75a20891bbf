package org.btrfssendbackup.receiver.putstream;

/**
 * Follows the OpenPGP packet framing (RFC 4880 section 4.2) of an upload as it streams by,
 * without decrypting anything, to tell a complete encrypted message from a cut-off one.
 *
 * <p>Why: when an SSH connection drops, the receiver just sees end of input, exactly as for
 * a finished upload. Storing that prefix under the final name would poison the next run's
 * identical re-send (a "different" stream under an existing name is refused). An encrypted
 * message ends exactly at the end of its last packet, so a cut shows as a packet that is
 * still open at end of input. Old-format packets of indeterminate length run to end of
 * input and cannot be checked; they are accepted (no current encoder uses them outside).
 *
 * <p>It also refuses input that is not an encrypted OpenPGP message at all (backup-srv
 * stores ciphertext only): the first packet must be a session key, marker or encrypted
 * data packet, and an encrypted data packet must appear.
 */
final class OpenPgpFraming {

    private enum State { CTB, LENGTH, BODY, REST_OF_INPUT }

    private State state = State.CTB;
    private boolean newFormat;
    private int oldLengthBytes;
    private final byte[] lengthOctets = new byte[5];
    private int lengthRead;
    private long remaining;
    private boolean partial;
    private long packets;
    private boolean sawEncryptedData;

    /** Thrown for input that is not (or no longer) a well-formed encrypted OpenPGP message. */
    static final class FramingException extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean truncated;

        FramingException(String message, boolean truncated) {
            super(message);
            this.truncated = truncated;
        }
    }

    void update(byte[] buffer, int offset, int length) throws FramingException {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            switch (state) {
                case CTB -> startPacket(buffer[i++] & 0xff);
                case LENGTH -> lengthOctet(buffer[i++] & 0xff);
                case BODY -> {
                    int n = (int) Math.min(remaining, end - i);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        endOfBody();
                    }
                }
                case REST_OF_INPUT -> i = end;
            }
        }
    }

    /** Call at end of input; throws if the message is incomplete or held no encrypted data. */
    void finish() throws FramingException {
        if (packets == 0) {
            throw new FramingException("the upload is empty", true);
        }
        boolean complete = state == State.REST_OF_INPUT || state == State.CTB;
        if (!complete) {
            throw new FramingException("the stream ends inside an OpenPGP packet (cut off upload?)", true);
        }
        if (!sawEncryptedData) {
            throw new FramingException("the stream ends before any OpenPGP encrypted data (cut off upload?)", true);
        }
    }

    private void startPacket(int ctb) throws FramingException {
        if ((ctb & 0x80) == 0) {
            throw new FramingException(packets == 0
                    ? "the stream is not an OpenPGP message (encrypted-stream mode stores ciphertext only)"
                    : "OpenPGP framing broken after packet " + packets, false);
        }
        newFormat = (ctb & 0x40) != 0;
        int tag = newFormat ? ctb & 0x3f : (ctb >> 2) & 0x0f;
        checkTag(tag);
        packets++;
        lengthRead = 0;
        partial = false;
        if (newFormat) {
            state = State.LENGTH;
        } else {
            int type = ctb & 0x03;
            if (type == 3) {
                state = State.REST_OF_INPUT;
            } else {
                oldLengthBytes = type == 0 ? 1 : type == 1 ? 2 : 4;
                state = State.LENGTH;
            }
        }
    }

    private void checkTag(int tag) throws FramingException {
        boolean encryptedData = tag == 9 || tag == 18 || tag == 20;
        boolean sessionKeyOrMarker = tag == 1 || tag == 3 || tag == 10;
        if (packets == 0 && !encryptedData && !sessionKeyOrMarker) {
            throw new FramingException("the stream starts with OpenPGP packet type " + tag
                    + ", not an encrypted message (encrypted-stream mode stores ciphertext only)", false);
        }
        sawEncryptedData |= encryptedData;
    }

    private void lengthOctet(int octet) {
        lengthOctets[lengthRead++] = (byte) octet;
        if (!newFormat) {
            if (lengthRead == oldLengthBytes) {
                beginBody(bigEndian(0, oldLengthBytes), false);
            }
            return;
        }
        int first = lengthOctets[0] & 0xff;
        if (first < 192) {
            beginBody(first, false);
        } else if (first < 224) {
            if (lengthRead == 2) {
                beginBody(((first - 192) << 8) + (lengthOctets[1] & 0xff) + 192, false);
            }
        } else if (first < 255) {
            beginBody(1L << (first & 0x1f), true);
        } else if (lengthRead == 5) {
            beginBody(bigEndian(1, 4), false);
        }
    }

    private long bigEndian(int from, int count) {
        long value = 0;
        for (int k = from; k < from + count; k++) {
            value = (value << 8) | (lengthOctets[k] & 0xff);
        }
        return value;
    }

    private void beginBody(long length, boolean partialChunk) {
        remaining = length;
        partial = partialChunk;
        lengthRead = 0;
        state = State.BODY;
        if (remaining == 0) {
            endOfBody();
        }
    }

    /** A partial chunk is followed by another length, not by a new packet. */
    private void endOfBody() {
        if (partial) {
            newFormat = true;
            state = State.LENGTH;
        } else {
            state = State.CTB;
        }
    }
}
