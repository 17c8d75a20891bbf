package org.btrfssendbackup.receiver.putstream;

/**
 * Follows the OpenPGP packet framing (RFC 4880 section 4.2) of an upload as it streams by,
 * without decrypting anything, and accepts only the shape a restore can decrypt.
 *
 * <p>Why a cut shows: when an SSH connection drops, the receiver just sees end of input,
 * exactly as for a finished upload. Storing that prefix under the final name would poison the
 * next run's identical re-send (a "different" stream under an existing name is refused). An
 * encrypted message ends exactly at the end of its last packet, so a cut shows as a packet that
 * is still open at end of input.
 *
 * <p>Why this exact shape (issue 15, item 1): backup-srv stores ciphertext only, and a
 * compromised prod-srv must not get plaintext stored as "encrypted". The accepted message is
 * <ol>
 * <li>one or more session key packets (tag 3 SKESK, tag 1 PKESK; without one nothing can
 * decrypt what follows), with marker packets (tag 10) anywhere among them;</li>
 * <li>exactly one encrypted data packet with integrity protection: tag 18 (SEIPD, version 1
 * with MDC or version 2 AEAD) or tag 20 (OCB encrypted data, version 1);</li>
 * <li>end of input right after it: nothing may follow, so no plaintext can ride behind.</li>
 * </ol>
 * Refused: tag 9 (encrypted data without integrity check: the restore refuses to decrypt it,
 * and its header in front of plain text is the attack of item 1), old-format packets of
 * indeterminate length (they run to end of input, so nothing after their header can be
 * checked), partial lengths on anything but the encrypted data packet (RFC 4880 4.2.2.4
 * allows them on data packets only), and unknown version octets of the packets above. What
 * {@link org.btrfssendbackup.core.crypto.OpenPgpEncryptor} and stock gpg 2.2 write
 * ({@code --symmetric}, {@code -e}) is this shape; the tests frame real output of both.
 */
final class OpenPgpFraming {

    static final int PKESK = 1;
    static final int SKESK = 3;
    static final int SYMMETRIC_NO_MDC = 9;
    static final int MARKER = 10;
    static final int SEIPD = 18;
    static final int AEAD = 20;

    private enum State { CTB, LENGTH, BODY }

    private State state = State.CTB;
    private boolean newFormat;
    private int oldLengthBytes;
    private final byte[] lengthOctets = new byte[5];
    private int lengthRead;
    private long remaining;
    private boolean partial;
    private long packets;
    private int tag;
    /** How many of the current packet's first body octets are checked, and how many were. */
    private int headerOctets;
    private int headerOctet;
    private int version;
    private long bodyLength;
    private boolean sawSessionKey;
    /** Bit v set: a SKESK (PKESK) of version v came before the encrypted data. */
    private int skeskVersions;
    private int pkeskVersions;
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
                    if (headerOctet < headerOctets) {
                        checkHeaderOctet(buffer[i++] & 0xff);
                        if (--remaining == 0) {
                            endOfBody();
                        }
                        continue;
                    }
                    int n = (int) Math.min(remaining, end - i);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        endOfBody();
                    }
                }
            }
        }
    }

    /** Call at end of input; throws if the message is incomplete or held no encrypted data. */
    void finish() throws FramingException {
        if (packets == 0) {
            throw new FramingException("the upload is empty", true);
        }
        if (state != State.CTB) {
            throw new FramingException("the stream ends inside an OpenPGP packet (cut off upload?)", true);
        }
        if (!sawEncryptedData) {
            throw new FramingException("the stream ends before any OpenPGP encrypted data (cut off upload?)", true);
        }
    }

    private void startPacket(int ctb) throws FramingException {
        if (sawEncryptedData) {
            throw new FramingException("data follows the OpenPGP encrypted data packet (packet " + (packets + 1)
                    + "); a stored message ends with it", false);
        }
        if ((ctb & 0x80) == 0) {
            throw new FramingException(packets == 0
                    ? "the stream is not an OpenPGP message (encrypted-stream mode stores ciphertext only)"
                    : "OpenPGP framing broken after packet " + packets, false);
        }
        newFormat = (ctb & 0x40) != 0;
        tag = newFormat ? ctb & 0x3f : (ctb >> 2) & 0x0f;
        checkTag();
        packets++;
        lengthRead = 0;
        partial = false;
        headerOctets = tag == MARKER ? 0 : 1;
        headerOctet = 0;
        if (!newFormat) {
            int type = ctb & 0x03;
            if (type == 3) {
                throw new FramingException("OpenPGP packet " + packets + " (type " + tag + ") has an old-format"
                        + " indeterminate length, which hides where it ends; refused", false);
            }
            oldLengthBytes = type == 0 ? 1 : type == 1 ? 2 : 4;
        }
        state = State.LENGTH;
    }

    private void checkTag() throws FramingException {
        switch (tag) {
            case PKESK, SKESK -> sawSessionKey = true;
            case MARKER -> {
            }
            case SEIPD, AEAD -> {
                if (!sawSessionKey) {
                    throw new FramingException("the OpenPGP encrypted data comes without a session key packet"
                            + " (tag 1 or 3); nothing could decrypt it", false);
                }
                sawEncryptedData = true;
            }
            case SYMMETRIC_NO_MDC -> throw new FramingException("OpenPGP packet type 9 (encrypted data without"
                    + " integrity protection) is refused: a restore cannot trust or decrypt it", false);
            default -> throw new FramingException((packets == 0 ? "the stream starts with" : "the stream holds")
                    + " OpenPGP packet type " + tag + ", not part of an encrypted message (encrypted-stream mode"
                    + " stores session key packets and one integrity-protected encrypted data packet only)", false);
        }
    }

    private void checkHeaderOctet(int octet) throws FramingException {
        int index = headerOctet++;
        if (index == 0) {
            version = octet;
            checkVersion();
            return;
        }
        // a version 4 SKESK (what our encryptor and gpg 2.2 write): cipher, S2K type, S2K hash
        boolean known = switch (index) {
            case 1 -> octet >= 1 && octet <= 4 || octet >= 7 && octet <= 13;
            case 2 -> octet == 0 || octet == 1 || octet == 3;
            default -> octet >= 1 && octet <= 3 || octet >= 8 && octet <= 11;
        };
        if (known && index == 2) {
            long needed = octet == 0 ? 4 : octet == 1 ? 12 : 13; // S2K simple, salted, iterated+salted
            if (bodyLength < needed) {
                throw new FramingException("OpenPGP packet " + packets + " (SKESK) is too short for its S2K", false);
            }
        }
        if (!known) {
            String field = index == 1 ? "cipher" : index == 2 ? "S2K type" : "S2K hash";
            throw new FramingException("OpenPGP packet " + packets + " (SKESK) names unknown " + field + " " + octet,
                    false);
        }
    }

    /** The first octet of each accepted packet's body is its version; unknown ones cannot be decrypted. */
    private void checkVersion() throws FramingException {
        if (tag == SKESK && version == 4) {
            headerOctets = 4;
        }
        boolean known = switch (tag) {
            case PKESK -> version == 3 || version == 6;
            case SKESK -> version == 4 || version == 5 || version == 6;
            case SEIPD -> version == 1 || version == 2;
            case AEAD -> version == 1;
            default -> true;
        };
        if (!known) {
            throw new FramingException("OpenPGP packet " + packets + " (type " + tag + ") has unknown version "
                    + version, false);
        }
        switch (tag) {
            case SKESK -> skeskVersions |= 1 << version;
            case PKESK -> pkeskVersions |= 1 << version;
            case SEIPD, AEAD -> checkSessionKeysFit();
            default -> {
            }
        }
    }

    /**
     * Session key packets come in the generation of their encrypted data packet (RFC 4880: SKESK
     * 4, PKESK 3 with SEIPD 1; LibrePGP: SKESK 4 or 5, PKESK 3 with OCB packets; RFC 9580: both 6
     * with SEIPD 2). A mix no implementation writes is a damaged key packet nothing decrypts.
     */
    private void checkSessionKeysFit() throws FramingException {
        int skesk;
        int pkesk;
        if (tag == AEAD) {
            skesk = 1 << 4 | 1 << 5;
            pkesk = 1 << 3;
        } else if (version == 1) {
            skesk = 1 << 4;
            pkesk = 1 << 3;
        } else {
            skesk = 1 << 6;
            pkesk = 1 << 6;
        }
        if ((skeskVersions & ~skesk) != 0 || (pkeskVersions & ~pkesk) != 0) {
            throw new FramingException("the session key packets' versions do not fit OpenPGP packet " + packets
                    + " (type " + tag + ", version " + version + ")", false);
        }
    }

    private void lengthOctet(int octet) throws FramingException {
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
            if (tag != SEIPD && tag != AEAD) {
                throw new FramingException("OpenPGP packet " + packets + " (type " + tag + ") has a partial body"
                        + " length, allowed on data packets only", false);
            }
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

    private void beginBody(long length, boolean partialChunk) throws FramingException {
        remaining = length;
        partial = partialChunk;
        lengthRead = 0;
        state = State.BODY;
        if (headerOctet == 0) {
            bodyLength = partialChunk ? Long.MAX_VALUE : length;
        }
        if (remaining == 0) {
            endOfBody();
        }
    }

    /** A partial chunk is followed by another length, not by a new packet. */
    private void endOfBody() throws FramingException {
        if (!partial && headerOctet < headerOctets) {
            throw new FramingException("OpenPGP packet " + packets + " (type " + tag + ") is "
                    + (headerOctet == 0 ? "empty" : "too short"), false);
        }
        if (partial) {
            newFormat = true;
            state = State.LENGTH;
        } else {
            state = State.CTB;
        }
    }
}
