package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The plaintext that an RFC 4880 5.13 SEIPD v1 packet encrypts, passed through to {@code sink}:
 * first the random prefix (one block, its last two octets repeated: gpg's quick check), then the
 * packets written here, then on {@link #close()} the MDC packet (SHA-1 over all of it and the
 * MDC's own two header octets). Closing does not close {@code sink}.
 *
 * <p>Kept apart from the encryption ({@link CfbOutputStream}) so that the SHA-1 can run on
 * another thread than the AES-CFB, which is serial and bounds the whole producer.
 */
final class MdcPlaintextOutputStream extends OutputStream {
    static final int PREFIX_BYTES = CfbOutputStream.BLOCK_BYTES + 2;
    static final int MDC_PACKET_BYTES = 2 + 20;
    private static final int MDC_TAG_OCTET = 0xD3;

    private final OutputStream sink;
    private final MessageDigest sha1;
    private boolean closed;

    MdcPlaintextOutputStream(OutputStream sink, SecureRandom random) throws IOException {
        this.sink = sink;
        try {
            sha1 = MessageDigest.getInstance("SHA-1"); // the JDK's: SHA-NI intrinsics
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK must provide SHA-1", e);
        }
        byte[] prefix = new byte[PREFIX_BYTES];
        random.nextBytes(prefix);
        prefix[PREFIX_BYTES - 2] = prefix[PREFIX_BYTES - 4];
        prefix[PREFIX_BYTES - 1] = prefix[PREFIX_BYTES - 3];
        write(prefix, 0, prefix.length);
    }

    @Override
    public void write(int b) throws IOException {
        refuseAfterClose();
        sha1.update((byte) b);
        sink.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        refuseAfterClose();
        sha1.update(b, off, len);
        sink.write(b, off, len);
    }

    /** Appends the MDC packet. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        byte[] mdc = new byte[MDC_PACKET_BYTES];
        mdc[0] = (byte) MDC_TAG_OCTET;
        mdc[1] = (byte) (MDC_PACKET_BYTES - 2);
        sha1.update(mdc, 0, 2);
        try {
            sha1.digest(mdc, 2, MDC_PACKET_BYTES - 2);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-1 output array sized for it", e);
        }
        sink.write(mdc, 0, mdc.length);
    }

    private void refuseAfterClose() throws IOException {
        if (closed) {
            throw new IOException("OpenPGP plaintext already ended with its MDC");
        }
    }
}
