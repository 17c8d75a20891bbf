package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES CFB as RFC 4880 5.13 uses it in SEIPD v1: zero IV, full-block feedback, no resync, no
 * padding; writes the ciphertext to {@code sink}. Closing encrypts the last partial block but
 * does not close {@code sink}.
 *
 * <p>Computed with the JDK's AES-CBC, because HotSpot runs CBC encryption as one AES-NI loop
 * while its CFB calls the block cipher once per 16 bytes (measured here: AES-256 CFB 457 MB/s,
 * this ~800 MB/s; CFB is serial, so this thread bounds the producer). The identity: with
 * {@code Y0 = E(IV)} and {@code Yi = E(Ci)}, CFB gives {@code Ci = Pi ^ Y(i-1)}, so
 * {@code Yi = E(Pi ^ Y(i-1))}, which is CBC's output for plaintext {@code P} and IV {@code Y0}.
 * So: CBC-encrypt the plaintext into the key stream, XOR it one block behind onto the plaintext.
 * {@code CfbOutputStreamTest} checks the output against the JDK's own AES/CFB.
 */
final class CfbOutputStream extends OutputStream {
    static final int BLOCK_BYTES = 16;
    /** Any byte order: XOR is bytewise. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Largest slice encrypted and written to the sink at once (whole blocks). */
    private static final int SLICE_BYTES = 1 << 16;
    /**
     * Largest piece per CBC call. HotSpot replaces the JDK's CBC loop by its AES-NI stub only
     * in callers that C2 compiled, and C2 compiles a caller after some thousands of calls: at
     * 64 KiB per call that took most of a 1 GiB stream, which ran meanwhile at the per-block
     * speed (0.45 s more CPU at AES-256 for 715 MB in a fresh JVM). 4 KiB calls reach C2
     * within the first ~40 MB and cost nothing measurable once compiled.
     */
    static final int CIPHER_CALL_BYTES = 1 << 12;

    private final OutputStream sink;
    private final Cipher cbc;
    /** CBC output of the current slice: the key stream of each next block. */
    private final byte[] keyStream = new byte[SLICE_BYTES];
    private final byte[] out = new byte[SLICE_BYTES];
    /** The key stream block for the next plaintext block: Y(i-1). */
    private final byte[] nextKey = new byte[BLOCK_BYTES];
    /** Plaintext short of a whole block, held until more comes or close. */
    private final byte[] partial = new byte[BLOCK_BYTES];
    private int partialBytes;
    private final byte[] one = new byte[1];
    private boolean closed;

    CfbOutputStream(OutputStream sink, byte[] aesKey) throws IOException {
        this.sink = sink;
        try {
            SecretKeySpec key = new SecretKeySpec(aesKey, "AES");
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
            ecb.init(Cipher.ENCRYPT_MODE, key);
            ecb.doFinal(new byte[BLOCK_BYTES], 0, BLOCK_BYTES, nextKey, 0); // Y0 = E(zero IV)
            cbc = Cipher.getInstance("AES/CBC/NoPadding", "SunJCE");
            cbc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nextKey));
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
        if (partialBytes > 0) {
            int n = Math.min(len, BLOCK_BYTES - partialBytes);
            System.arraycopy(b, off, partial, partialBytes, n);
            partialBytes += n;
            off += n;
            len -= n;
            if (partialBytes < BLOCK_BYTES) {
                return;
            }
            encryptBlocks(partial, 0, BLOCK_BYTES);
            partialBytes = 0;
        }
        while (len >= BLOCK_BYTES) {
            int n = Math.min(len & -BLOCK_BYTES, SLICE_BYTES);
            encryptBlocks(b, off, n);
            off += n;
            len -= n;
        }
        System.arraycopy(b, off, partial, 0, len);
        partialBytes = len;
    }

    /** Encrypts {@code n} bytes, a whole number of blocks, and writes them. */
    private void encryptBlocks(byte[] plain, int off, int n) throws IOException {
        try {
            for (int done = 0; done < n; done += CIPHER_CALL_BYTES) {
                int piece = Math.min(CIPHER_CALL_BYTES, n - done);
                if (cbc.update(plain, off + done, piece, keyStream, done) != piece) {
                    throw new IllegalStateException("AES-CBC without padding must encrypt whole blocks at once");
                }
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException("key stream array sized for a slice", e);
        }
        xor(plain, off, nextKey, 0, out, 0, BLOCK_BYTES);
        xor(plain, off + BLOCK_BYTES, keyStream, 0, out, BLOCK_BYTES, n - BLOCK_BYTES);
        System.arraycopy(keyStream, n - BLOCK_BYTES, nextKey, 0, BLOCK_BYTES);
        sink.write(out, 0, n);
    }

    /**
     * {@code out[outOff + i] = a[aOff + i] ^ b[bOff + i]} for {@code i < n}, eight bytes at a time:
     * C2 did not vectorize the byte loop (its three arrays sit at different offsets), which cost
     * 0.3 CPU s per 715 MB, as much as a third of the AES itself.
     */
    static void xor(byte[] a, int aOff, byte[] b, int bOff, byte[] out, int outOff, int n) {
        int i = 0;
        for (; i <= n - Long.BYTES; i += Long.BYTES) {
            LONGS.set(out, outOff + i, (long) LONGS.get(a, aOff + i) ^ (long) LONGS.get(b, bOff + i));
        }
        for (; i < n; i++) {
            out[outOff + i] = (byte) (a[aOff + i] ^ b[bOff + i]);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (int i = 0; i < partialBytes; i++) {
                out[i] = (byte) (partial[i] ^ nextKey[i]);
            }
            sink.write(out, 0, partialBytes);
        } finally {
            Arrays.fill(out, (byte) 0);
            Arrays.fill(keyStream, (byte) 0);
            Arrays.fill(nextKey, (byte) 0);
            Arrays.fill(partial, (byte) 0);
        }
    }
}
