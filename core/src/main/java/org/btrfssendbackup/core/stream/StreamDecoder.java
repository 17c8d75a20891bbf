package org.btrfssendbackup.core.stream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.btrfssendbackup.core.crypto.DerivedKeys;
import org.btrfssendbackup.core.crypto.OpenPgpDecryptor;
import org.btrfssendbackup.core.crypto.Passphrase;
import org.btrfssendbackup.core.manifest.Compression;

/**
 * The restore path: stored file → OpenPGP decryption (ours or the seed's gpg files) → zstd
 * decompression when the plaintext starts with a zstd frame → the send stream. Decryption (with
 * the reading of {@code stored} and whatever hashing it does) runs on its own thread; the
 * decompression on the thread that reads the result. Detecting the
 * compression from the plaintext means a manifest without a compression key still restores.
 */
public final class StreamDecoder {
    private static final int PEEK_BUFFER_BYTES = 1 << 16;

    private final Passphrase passphrase;
    private final DerivedKeys keys;

    public StreamDecoder(Passphrase passphrase) {
        this(passphrase, DerivedKeys.none());
    }

    /** Takes keys derived ahead from {@code keys} (a restore from local files), else derives them. */
    public StreamDecoder(Passphrase passphrase, DerivedKeys keys) {
        if (passphrase == null) {
            throw new IllegalArgumentException("stream decoder needs a passphrase");
        }
        this.passphrase = passphrase;
        this.keys = keys == null ? DerivedKeys.none() : keys;
    }

    /**
     * The send stream inside {@code stored}. Ends with an exception instead of end-of-stream when
     * the file was altered or cut short. Closing it closes {@code stored}.
     *
     * @param source the stored file's name, for error messages
     */
    public InputStream open(InputStream stored, String source) throws IOException {
        // The key check runs here, on the caller's thread: a wrong passphrase fails before anything starts.
        InputStream decrypted = OpenPgpDecryptor.open(stored, passphrase, keys, source);
        BufferedInputStream plaintext = new BufferedInputStream(BackgroundDecryption.of(decrypted), PEEK_BUFFER_BYTES);
        Compression compression = StreamMagic.peek(plaintext).map(StreamMagic::compression).orElse(Compression.NONE);
        if (compression == Compression.NONE) {
            return plaintext;
        }
        return BackgroundDecryption.decompression(
                new FullyConsumedInputStream(CompressionCodec.decompressing(compression, plaintext), plaintext, source));
    }

    /** Copies the send stream inside {@code stored} to {@code plain}; returns its size. */
    public long decode(InputStream stored, OutputStream plain, String source) throws IOException {
        try (InputStream in = open(stored, source)) {
            return in.transferTo(plain);
        }
    }
}
