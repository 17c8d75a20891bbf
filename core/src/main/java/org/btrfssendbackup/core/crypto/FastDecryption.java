package org.btrfssendbackup.core.crypto;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Decides whether a message takes {@link OpenPgpDecryptor}'s fast path ({@link
 * SeipdV1InputStream}): marker packets, exactly one SKESK v4 without an encrypted session key
 * (AES-128/192/256, iterated+salted S2K with SHA-1 or SHA-256), one SEIPD v1 packet holding a
 * literal data packet. That is everything our encryptor writes and what {@code gpg --symmetric}
 * writes without compression. Anything else (compressed inside, public-key packets, several
 * key packets, SEIPD v2, OCB, armor, ...) is left to Bouncy Castle, which reads the message
 * again from the mark: the few header bytes read here are all within it.
 */
final class FastDecryption {
    /** Bytes the decision may read before the caller resets: the headers and the first two blocks. */
    static final int MARK_LIMIT = 1 << 16;

    private static final int MARKER_TAG = 10;
    private static final int SKESK_TAG = 3;
    private static final int SEIPD_TAG = 18;
    private static final int SKESK_V4_NO_SESSION_KEY_BYTES = 13;
    private static final int MARKER_MAX_BYTES = 64;

    private FastDecryption() {
    }

    /**
     * The literal data of the message on {@code in} (which must have been marked with {@link
     * #MARK_LIMIT}, and is owned by the result), or null when it is not the fast path's shape.
     */
    static InputStream tryOpen(BufferedInputStream in, Passphrase passphrase, String source) throws DecryptionException {
        return tryOpen(in, passphrase, DerivedKeys.none(), source);
    }

    /** As above, taking the key from {@code keys} when it was derived ahead for this key packet. */
    static InputStream tryOpen(BufferedInputStream in, Passphrase passphrase, DerivedKeys keys, String source)
            throws DecryptionException {
        Start start;
        try {
            start = readStart(in);
        } catch (IOException e) {
            return null; // Bouncy Castle reads it again and names the problem as before
        }
        if (start == null) {
            return null;
        }
        KeyPacket key = start.key();
        PacketHeader header = start.seipd();
        PacketBodyInputStream body = new PacketBodyInputStream(in, header);
        try {
            if (body.read() != 1) {
                return null; // SEIPD v2 (or garbage): Bouncy Castle decides
            }
        } catch (IOException e) {
            return null;
        }
        byte[] aesKey = keys.take(key, passphrase);
        SeipdV1InputStream literal;
        try {
            literal = new SeipdV1InputStream(in, body, aesKey, source);
        } finally {
            Arrays.fill(aesKey, (byte) 0); // the cipher keeps its own expanded copy
        }
        boolean started = false;
        try {
            started = literal.start();
            return started ? literal : null;
        } finally {
            if (!started) {
                literal.abandon();
            }
        }
    }

    /** The fast path's key packet and the header of the SEIPD packet after it. */
    record Start(KeyPacket key, PacketHeader seipd) {
    }

    /**
     * Reads the packets before the encrypted data: marker packets, one key packet the fast path
     * can use, the SEIPD packet's header. Null when the message has another shape. Also what
     * {@link DerivedKeys} reads of a stored file ahead, to derive its key.
     */
    static Start readStart(InputStream in) throws IOException {
        byte[] keyPacket = null;
        while (true) {
            PacketHeader header = PacketHeader.read(in);
            if (header == null) {
                return null;
            }
            boolean definite = header.kind() == PacketHeader.Kind.DEFINITE;
            if (header.tag() == MARKER_TAG && definite && header.length() <= MARKER_MAX_BYTES) {
                in.readNBytes((int) header.length());
            } else if (header.tag() == SKESK_TAG && definite && keyPacket == null
                    && header.length() == SKESK_V4_NO_SESSION_KEY_BYTES) {
                keyPacket = in.readNBytes(SKESK_V4_NO_SESSION_KEY_BYTES);
            } else if (header.tag() == SEIPD_TAG && keyPacket != null) {
                KeyPacket key = KeyPacket.parse(keyPacket);
                return key == null ? null : new Start(key, header);
            } else {
                return null;
            }
        }
    }

    /** RFC 4880 5.3 v4 with S2K type 3; null for anything the fast path leaves to Bouncy Castle. */
    record KeyPacket(int keyBytes, String digest, byte[] salt, int countOctet) {
        static KeyPacket parse(byte[] body) {
            if (body.length != SKESK_V4_NO_SESSION_KEY_BYTES || body[0] != 4 || body[2] != 3) {
                return null;
            }
            int keyBytes = switch (body[1]) {
                case 7 -> 16;
                case 8 -> 24;
                case 9 -> 32;
                default -> 0;
            };
            String digest = switch (body[3]) {
                case 2 -> "SHA-1";
                case 8 -> "SHA-256";
                default -> null;
            };
            if (keyBytes == 0 || digest == null) {
                return null;
            }
            return new KeyPacket(keyBytes, digest, Arrays.copyOfRange(body, 4, 12), body[12] & 0xFF);
        }

        /** The S2K parameters as a value: what a key derived ahead is matched by. */
        S2kParameters parameters() {
            long packedSalt = 0;
            for (byte b : salt) {
                packedSalt = (packedSalt << 8) | (b & 0xFF);
            }
            return new S2kParameters(keyBytes, digest, packedSalt, countOctet);
        }

        byte[] deriveKey(Passphrase passphrase) {
            return IteratedSaltedS2k.deriveKey(passphrase.chars(), salt, countOctet, digest, keyBytes);
        }

        /** Null when {@code stop} said so before the key was done. */
        byte[] deriveKey(Passphrase passphrase, BooleanSupplier stop) {
            return IteratedSaltedS2k.deriveKey(passphrase.chars(), salt, countOctet, digest, keyBytes, stop);
        }
    }

    /** The salt packed in a long (it is 8 bytes): a record with value equality, unlike a byte[]. */
    record S2kParameters(int keyBytes, String digest, long salt, int countOctet) {

        // by hand, as BackupSetName's: the generated ones would bootstrap ObjectMethods on the restore's first key
        @Override
        public boolean equals(Object other) {
            return other instanceof S2kParameters p && keyBytes == p.keyBytes && salt == p.salt
                    && countOctet == p.countOctet && digest.equals(p.digest);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(salt) * 31 + digest.hashCode() * 7 + keyBytes * 3 + countOctet;
        }
    }
}
