package org.btrfssendbackup.core.crypto;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Opens a passphrase-encrypted OpenPGP message on the JDK's AES when it has the shape our
 * encryptor and uncompressed {@code gpg --symmetric} write (see {@link FastDecryption}),
 * otherwise with Bouncy Castle: ours ({@link OpenPgpEncryptor}) and the seed's
 * ({@code gpg --symmetric} with gpg's defaults: AES-128/256 or CAST5 on old versions, ZIP/ZLIB
 * compressed, MDC). Messages without integrity protection are refused.
 *
 * <p>The returned stream checks the MDC when the literal data ends and throws
 * {@link IntegrityException} instead of reporting end-of-stream if it does not match or the
 * ciphertext was cut short. Bytes read before that are not yet authenticated: consumers such as
 * {@code btrfs receive} must treat an exception at the end as a failed restore.
 */
public final class OpenPgpDecryptor {

    /** Reads of the stored file: large, as btrfs receive and zstd take big pieces. */
    private static final int READ_BUFFER_BYTES = 1 << 20;

    private OpenPgpDecryptor() {
    }

    /**
     * @param ciphertext the stored file's bytes (binary or ASCII armored); closed with the result
     * @param source     what to name in error messages, usually the stored file's path
     */
    public static InputStream open(InputStream ciphertext, Passphrase passphrase, String source)
            throws DecryptionException {
        return open(ciphertext, passphrase, DerivedKeys.none(), source);
    }

    /** As above, taking the key from {@code keys} when it was derived ahead (see {@link DerivedKeys}). */
    public static InputStream open(InputStream ciphertext, Passphrase passphrase, DerivedKeys keys, String source)
            throws DecryptionException {
        BufferedInputStream buffered = new BufferedInputStream(ciphertext, READ_BUFFER_BYTES);
        buffered.mark(FastDecryption.MARK_LIMIT);
        InputStream fast = FastDecryption.tryOpen(buffered, passphrase, keys, source);
        if (fast != null) {
            return fast;
        }
        try {
            buffered.reset();
        } catch (IOException e) {
            throw new DecryptionException(source, "cannot re-read the message's start: " + e.getMessage(), e);
        }
        // Bouncy Castle is named only here, behind the fast path's no: see BouncyCastleDecryption
        return BouncyCastleDecryption.open(buffered, passphrase, source);
    }
}
