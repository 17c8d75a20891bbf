package org.btrfssendbackup.core.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * RFC 4880 3.7.1.3, iterated and salted S2K with SHA-256, for a 256-bit key: SHA-256 over
 * {@code salt || passphrase} repeated until {@code count} octets were hashed (at least once
 * in full). The passphrase is hashed as UTF-8, as gpg hashes the bytes of the passphrase file
 * (which {@link Passphrase} requires to be UTF-8). Every copy of the secret is wiped.
 */
final class IteratedSaltedS2k {
    static final int SALT_BYTES = 8;
    static final int KEY_BYTES = 32;
    /** RFC 4880 hash algorithm id of SHA-256, as written in the key packet. */
    static final int SHA256_ID = 8;

    /** Repetitions are hashed from a buffer this big: a few calls instead of millions. */
    private static final int BATCH_BYTES = 1 << 16;

    private IteratedSaltedS2k() {
    }

    /** RFC 4880: the octet {@code c} encodes {@code (16 + (c & 15)) << ((c >> 4) + 6)} octets. */
    static long decodeCount(int countOctet) {
        if (countOctet < 0 || countOctet > 0xFF) {
            throw new IllegalArgumentException("S2K count octet must be 0..255, got " + countOctet);
        }
        return (16L + (countOctet & 15)) << ((countOctet >> 4) + 6);
    }

    static byte[] deriveKey(char[] passphrase, byte[] salt, int countOctet) {
        return deriveKey(passphrase, salt, countOctet, "SHA-256", KEY_BYTES);
    }

    /**
     * The general form (RFC 4880 3.7.1): a key longer than one digest is the concatenation of
     * further hashes of the same octets, the j-th preloaded with j zero octets. gpg 2.2's
     * {@code --symmetric} hashes with SHA-1 (20 bytes) for AES-256 (32): two contexts.
     */
    static byte[] deriveKey(char[] passphrase, byte[] salt, int countOctet, String digestName, int keyBytes) {
        return deriveKey(passphrase, salt, countOctet, digestName, keyBytes, () -> false);
    }

    /**
     * As above, but gives up and returns null (wiping what it had) as soon as {@code stop} says
     * so; it is asked once per batch (64 KiB of the ~65 MB): a key derived ahead for a restore
     * that ended is not worth finishing.
     */
    static byte[] deriveKey(char[] passphrase, byte[] salt, int countOctet, String digestName, int keyBytes,
            BooleanSupplier stop) {
        if (salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("S2K salt must be 8 bytes, got " + salt.length);
        }
        byte[] secret = utf8(passphrase);
        int unit = SALT_BYTES + secret.length;
        byte[] batch = new byte[Math.max(unit, BATCH_BYTES / unit * unit)];
        byte[] key = new byte[keyBytes];
        try {
            for (int at = 0; at < batch.length; at += unit) {
                System.arraycopy(salt, 0, batch, at, SALT_BYTES);
                System.arraycopy(secret, 0, batch, at + SALT_BYTES, secret.length);
            }
            int filled = 0;
            for (int context = 0; filled < keyBytes; context++) {
                MessageDigest digest = digest(digestName);
                digest.update(new byte[context]);
                long remaining = Math.max(decodeCount(countOctet), unit);
                // The batch starts at a repetition's start, so any prefix of it continues the sequence.
                while (remaining > 0) {
                    if (stop.getAsBoolean()) {
                        Arrays.fill(key, (byte) 0);
                        return null;
                    }
                    int n = (int) Math.min(remaining, batch.length);
                    digest.update(batch, 0, n);
                    remaining -= n;
                }
                byte[] hash = digest.digest();
                int n = Math.min(hash.length, keyBytes - filled);
                System.arraycopy(hash, 0, key, filled, n);
                filled += n;
                Arrays.fill(hash, (byte) 0);
            }
            return key;
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(batch, (byte) 0);
        }
    }

    private static byte[] utf8(char[] passphrase) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide " + name, e);
        }
    }
}
