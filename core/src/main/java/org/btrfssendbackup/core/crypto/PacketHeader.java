package org.btrfssendbackup.core.crypto;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * One OpenPGP packet header (RFC 4880 4.2), either format: the tag, and the body's first length
 * (a definite length, the first partial chunk, or for an old-format header without length,
 * "until the end of input"). Read by the fast decryptor for the outer packets and for the
 * literal packet inside the encrypted one.
 */
record PacketHeader(int tag, long length, Kind kind) {

    enum Kind { DEFINITE, PARTIAL, UNTIL_END }

    /** Reads a header; {@code null} at a clean end of input before its first octet. */
    static PacketHeader read(InputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        if ((first & 0x80) == 0) {
            throw new IOException("not an OpenPGP packet header (octet 0x" + Integer.toHexString(first) + ")");
        }
        if ((first & 0x40) != 0) {
            int tag = first & 0x3F;
            int octet = octet(in);
            if (octet >= 224 && octet < 255) {
                return new PacketHeader(tag, 1L << (octet & 0x1F), Kind.PARTIAL);
            }
            return new PacketHeader(tag, newFormatLength(octet, in), Kind.DEFINITE);
        }
        int tag = (first >> 2) & 0x0F;
        return switch (first & 3) {
            case 0 -> new PacketHeader(tag, octet(in), Kind.DEFINITE);
            case 1 -> new PacketHeader(tag, ((long) octet(in) << 8) | octet(in), Kind.DEFINITE);
            case 2 -> new PacketHeader(tag, fourOctets(in), Kind.DEFINITE);
            default -> new PacketHeader(tag, -1, Kind.UNTIL_END);
        };
    }

    /**
     * The length of the next chunk of a partial body: a partial length again, or the final one.
     * Only the new format has them.
     */
    static PacketHeader nextChunk(int tag, InputStream in) throws IOException {
        int octet = octet(in);
        if (octet >= 224 && octet < 255) {
            return new PacketHeader(tag, 1L << (octet & 0x1F), Kind.PARTIAL);
        }
        return new PacketHeader(tag, newFormatLength(octet, in), Kind.DEFINITE);
    }

    /** RFC 4880 4.2.2.1-3, after the first octet; not a partial length. */
    private static long newFormatLength(int octet, InputStream in) throws IOException {
        if (octet < 192) {
            return octet;
        }
        if (octet < 224) {
            return ((long) (octet - 192) << 8) + octet(in) + 192;
        }
        return fourOctets(in);
    }

    private static long fourOctets(InputStream in) throws IOException {
        return ((long) octet(in) << 24) | ((long) octet(in) << 16) | ((long) octet(in) << 8) | octet(in);
    }

    static int octet(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("input ends inside an OpenPGP packet header");
        }
        return b;
    }
}
