package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES CFB as RFC 4880 5.13 uses it in SEIPD v1: zero IV, full-block feedback, no resync, no
 * padding; writes the ciphertext to {@code sink}. Closing encrypts the last partial block but
 * does not close {@code sink}.
 *
 * <p>Speed: the JDK's SunJCE cipher (AES-NI) in large updates into one reused output array, so
 * nothing is allocated per write. CFB encryption is serial: this runs at the speed of one core's
 * AES latency (~450 MB/s for AES-256 here), the bound of the producer's encryption thread.
 */
final class CfbOutputStream extends OutputStream {
    static final int BLOCK_BYTES = 16;
    /** Largest plaintext slice per cipher call: big enough that per-call costs vanish. */
    private static final int SLICE_BYTES = 1 << 16;

    private final OutputStream sink;
    private final Cipher cfb;
    private final byte[] out = new byte[SLICE_BYTES + BLOCK_BYTES];
    private final byte[] one = new byte[1];
    private boolean closed;

    CfbOutputStream(OutputStream sink, byte[] aesKey) throws IOException {
        this.sink = sink;
        try {
            cfb = Cipher.getInstance("AES/CFB/NoPadding", "SunJCE");
            cfb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(new byte[BLOCK_BYTES]));
        } catch (GeneralSecurityException e) {
            throw new IOException("starting AES-CFB encryption with the JDK's SunJCE: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("AES-CFB encryption already finished");
        }
        while (len > 0) {
            int n = Math.min(len, SLICE_BYTES);
            try {
                // CFB holds back a partial block until doFinal: output may be shorter than n
                sink.write(out, 0, cfb.update(b, off, n, out, 0));
            } catch (ShortBufferException e) {
                throw new IllegalStateException("cipher output array sized for a slice", e);
            }
            off += n;
            len -= n;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sink.write(out, 0, cfb.doFinal(out, 0));
        } catch (GeneralSecurityException e) {
            throw new IOException("finishing AES-CFB encryption: " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(out, (byte) 0);
        }
    }
}
