package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted part of an RFC 4880 5.13 SEIPD v1 packet: takes the plaintext packets, and
 * writes to {@code sink} (the packet's body, after the version octet) their AES CFB encryption
 * (zero IV, no resync) behind the random prefix, then on {@link #close()} the encrypted MDC
 * packet (SHA-1 over prefix, plaintext packets and the MDC's own two header octets).
 * Closing does not close {@code sink}.
 *
 * <p>Speed: the JDK's SunJCE cipher (AES-NI) and SHA-1 (SHA-NI) are called with large
 * updates into one reused output array, so the stream allocates nothing per write.
 */
final class MdcEncryptingOutputStream extends OutputStream {
    static final int BLOCK_BYTES = 16;
    private static final int MDC_TAG_OCTET = 0xD3;
    private static final int SHA1_BYTES = 20;
    /** Largest plaintext slice per cipher call: big enough that per-call costs vanish. */
    private static final int SLICE_BYTES = 1 << 16;

    private final OutputStream sink;
    private final Cipher cfb;
    private final MessageDigest sha1;
    private final byte[] out = new byte[SLICE_BYTES + BLOCK_BYTES];
    private boolean closed;

    MdcEncryptingOutputStream(OutputStream sink, byte[] aesKey, SecureRandom random) throws IOException {
        this.sink = sink;
        try {
            cfb = Cipher.getInstance("AES/CFB/NoPadding", "SunJCE");
            cfb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(new byte[BLOCK_BYTES]));
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (GeneralSecurityException e) {
            throw new IOException("starting AES-CFB encryption with the JDK's SunJCE: " + e.getMessage(), e);
        }
        // RFC 4880 5.13: one block of random data, its last two octets repeated (gpg's quick check).
        byte[] prefix = new byte[BLOCK_BYTES + 2];
        random.nextBytes(prefix);
        prefix[BLOCK_BYTES] = prefix[BLOCK_BYTES - 2];
        prefix[BLOCK_BYTES + 1] = prefix[BLOCK_BYTES - 1];
        write(prefix, 0, prefix.length);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1); // once per packet header: not worth a field
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("OpenPGP encrypted data already finished");
        }
        sha1.update(b, off, len);
        encrypt(b, off, len);
    }

    /** Appends the MDC packet and the last partial cipher block. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        byte[] mdc = new byte[2 + SHA1_BYTES];
        mdc[0] = (byte) MDC_TAG_OCTET;
        mdc[1] = SHA1_BYTES;
        sha1.update(mdc, 0, 2);
        try {
            sha1.digest(mdc, 2, SHA1_BYTES);
        } catch (java.security.DigestException e) {
            throw new IOException("finishing the OpenPGP MDC: " + e.getMessage(), e);
        }
        encrypt(mdc, 0, mdc.length);
        closed = true;
        try {
            int n = cfb.doFinal(out, 0);
            sink.write(out, 0, n);
        } catch (GeneralSecurityException e) {
            throw new IOException("finishing AES-CFB encryption: " + e.getMessage(), e);
        } finally {
            Arrays.fill(out, (byte) 0);
        }
    }

    private void encrypt(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, SLICE_BYTES);
            int produced;
            try {
                produced = cfb.update(b, off, n, out, 0); // CFB holds back a partial block until doFinal
            } catch (ShortBufferException e) {
                throw new IllegalStateException("cipher output array too small", e); // sized for it
            }
            sink.write(out, 0, produced);
            off += n;
            len -= n;
        }
    }
}
