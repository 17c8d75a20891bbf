package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import org.btrfssendbackup.core.io.PassThroughOutputStream;

/**
 * Writes one OpenPGP symmetrically encrypted message that stock {@code gpg --decrypt} (2.2+)
 * reads without warnings, the packets gpg 2.2's {@code --symmetric} writes itself:
 * <ol>
 * <li>SKESK v4 (RFC 4880 5.3): AES-256, iterated+salted S2K with SHA-256 and gpg's default
 * count, no encrypted session key (the S2K key is the message key, as with gpg);</li>
 * <li>SEIPD v1 (5.13): AES-256 CFB over a random prefix, the literal data packet and the MDC;</li>
 * <li>inside it, a binary literal data packet (5.9) with an empty file name and the epoch date
 * (the stored file reveals nothing about where it came from). No OpenPGP compression: we
 * compress with zstd first.</li>
 * </ol>
 * Lengths are unknown up front, so both the SEIPD and the literal packet use partial body
 * lengths of {@link #PACKET_BYTES}. {@link #open} writes it all on the calling thread;
 * {@link #plaintextPackets} and {@link #encryptedPacket} are its two halves, so that the MDC's
 * SHA-1 and the serial AES-CFB can run on two threads.
 *
 * <p>Why not Bouncy Castle's generators (still used to decrypt, and for gpg's legacy formats):
 * used straightforwardly they ran at a third of what the JDK's AES-CFB does alone; the time went
 * into a fresh output array per cipher call (1 MiB humongous objects for G1 in a 64 MiB heap:
 * GC cost about a quarter of the CPU), BC's pure-Java SHA-1 for the MDC, and layered copies. These few
 * packets are simple enough to write directly; the tests prove real gpg decrypts them.
 */
public final class OpenPgpEncryptor {

    /** Partial body packet size (a power of two); two such buffers are the heap cost. */
    public static final int PACKET_BYTES = 1 << 20;
    static final int PACKET_BITS = Integer.numberOfTrailingZeros(PACKET_BYTES);

    /** gpg 2.2's default S2K count (65,011,712 bytes hashed): ~0.05 s per stream, once. */
    static final int S2K_COUNT_CODE = 0xFF;

    /** RFC 4880 ids: symmetric algorithm AES-256, S2K type iterated+salted. */
    static final int AES_256_ID = 9;
    static final int S2K_ITERATED_SALTED = 3;

    /** New-format packet tag octets (0xC0 | tag). */
    static final int SKESK_TAG_OCTET = 0xC0 | 3;
    static final int SEIPD_TAG_OCTET = 0xC0 | 18;
    static final int LITERAL_TAG_OCTET = 0xC0 | 11;

    private static final SecureRandom RANDOM = new SecureRandom();

    private OpenPgpEncryptor() {
    }

    /**
     * Starts a message on {@code target}. Closing the returned stream finishes the message (last
     * partial packets and MDC) and flushes {@code target} but leaves it open: the caller owns it.
     */
    public static OutputStream open(OutputStream target, Passphrase passphrase) throws IOException {
        OutputStream encrypted = encryptedPacket(target, passphrase);
        return new Layers(plaintextPackets(encrypted), encrypted, target);
    }

    /**
     * The first half of {@link #open}, for another thread than the second: writes to
     * {@code toEncrypt} everything the encrypted packet holds (random prefix, the literal data
     * packet of what is written here, the MDC packet). Closing ends them but leaves
     * {@code toEncrypt} open. Its output is meant for {@link #encryptedPacket} only.
     */
    public static OutputStream plaintextPackets(OutputStream toEncrypt) throws IOException {
        MdcPlaintextOutputStream plaintext = new MdcPlaintextOutputStream(toEncrypt, RANDOM);
        plaintext.write(LITERAL_TAG_OCTET);
        PartialBodyOutputStream literalBody = new PartialBodyOutputStream(plaintext, PACKET_BITS);
        literalBody.write(new byte[] {'b', 0, 0, 0, 0, 0}); // binary, file name length 0, date 0
        return new Layers(literalBody, plaintext, toEncrypt);
    }

    /**
     * The second half of {@link #open}: writes the key packet and an encrypted packet holding
     * the AES-256-CFB encryption of what is written here, which must be the output of
     * {@link #plaintextPackets}. Closing ends the packet and flushes {@code target} but leaves
     * it open.
     */
    public static OutputStream encryptedPacket(OutputStream target, Passphrase passphrase) throws IOException {
        byte[] salt = new byte[IteratedSaltedS2k.SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] key = IteratedSaltedS2k.deriveKey(passphrase.chars(), salt, S2K_COUNT_CODE);
        try {
            writeKeyPacket(target, salt);
            target.write(SEIPD_TAG_OCTET);
            PartialBodyOutputStream encryptedBody = new PartialBodyOutputStream(target, PACKET_BITS);
            encryptedBody.write(1); // SEIPD version
            return new Layers(new CfbOutputStream(encryptedBody, key), encryptedBody, target);
        } finally {
            Arrays.fill(key, (byte) 0); // the cipher keeps its own expanded copy
        }
    }

    /** RFC 4880 5.3: version 4, cipher, S2K (type, hash, salt, count); no encrypted session key. */
    private static void writeKeyPacket(OutputStream target, byte[] salt) throws IOException {
        byte[] body = new byte[4 + salt.length + 1];
        body[0] = 4;
        body[1] = AES_256_ID;
        body[2] = S2K_ITERATED_SALTED;
        body[3] = IteratedSaltedS2k.SHA256_ID;
        System.arraycopy(salt, 0, body, 4, salt.length);
        body[body.length - 1] = (byte) S2K_COUNT_CODE;
        target.write(SKESK_TAG_OCTET);
        target.write(body.length);
        target.write(body);
    }

    /**
     * Writes to the innermost of nested packet layers; closing ends each layer, innermost first,
     * and flushes the last one given (the caller's stream, never closed here).
     */
    private static final class Layers extends PassThroughOutputStream {
        private final OutputStream[] outer;
        private boolean closed;

        Layers(OutputStream innermost, OutputStream... outer) {
            super(innermost);
            this.outer = outer;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            target.close();
            for (int i = 0; i < outer.length - 1; i++) {
                outer[i].close();
            }
            outer[outer.length - 1].flush();
        }
    }
}
