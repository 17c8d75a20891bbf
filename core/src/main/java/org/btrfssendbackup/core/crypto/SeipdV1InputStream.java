package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The literal data inside one SEIPD v1 packet (RFC 4880 5.13), decrypted on the JDK's AES: the
 * fast path of {@link OpenPgpDecryptor} for what our encryptor and {@code gpg --symmetric -z 0}
 * write. The MDC is checked before end-of-stream is reported; a mismatch, a cut or a malformed
 * packet inside is an {@link IntegrityException}, never a short stream.
 *
 * <p>CFB decryption is {@code Pi = Ci ^ E(C(i-1))}: every key stream block depends on ciphertext
 * alone, so a whole slice is one AES-ECB encryption of the ciphertext shifted by one block
 * (HotSpot runs ECB as a multi-block AES-NI loop: several GB/s here, where the JDK's own
 * AES/CFB decrypts block by block at ~200 MB/s), then an XOR. The MDC's SHA-1 runs on its own
 * thread ({@code decode-mdc}) over each slice while the next is decrypted; the last 20 bytes of
 * the packet (the MDC's hash itself) are held back from it until the packet ends.
 */
final class SeipdV1InputStream extends CheckedPlaintext {
    static final int BLOCK_BYTES = CfbOutputStream.BLOCK_BYTES;
    /** Plaintext decrypted per slice; three such buffers (one ciphertext, two plaintext) are the heap cost. */
    static final int SLICE_BYTES = 1 << 20;
    /** The first slice: prefix (18) and the inner packet's tag, so a fallback needs few bytes re-read. */
    static final int FIRST_SLICE_BYTES = 2 * BLOCK_BYTES;
    /** ECB calls of this size, for the reason {@link CfbOutputStream#CIPHER_CALL_BYTES} gives. */
    private static final int CIPHER_CALL_BYTES = CfbOutputStream.CIPHER_CALL_BYTES;
    private static final int MDC_HASH_BYTES = 20;
    private static final int MDC_TAG_OCTET = 0xD3;
    static final int LITERAL_TAG = 11;

    private final InputStream ciphertext;
    private final PacketBodyInputStream body;
    private final Cipher ecb;
    /** {@code [0, 16)}: the previous ciphertext block (the zero IV at first); then the slice. */
    private final byte[] cipher = new byte[BLOCK_BYTES + SLICE_BYTES];
    private final byte[] keyStream = new byte[SLICE_BYTES + BLOCK_BYTES];
    private final byte[][] plains = {new byte[SLICE_BYTES], new byte[SLICE_BYTES]};
    private final Future<?>[] hashed = new Future<?>[2];
    private int which = 1;
    private byte[] plain = plains[0];
    private int pos;
    private int limit;
    private boolean bodyEnded;
    private final MessageDigest sha1;
    private final ExecutorService hasher;
    private final byte[] held = new byte[MDC_HASH_BYTES];
    private int heldBytes;
    private final InputStream plainView = new PlainView();
    private PacketBodyInputStream literal;

    /** Takes ownership of {@code ciphertext} (closed with this) once constructed. */
    SeipdV1InputStream(InputStream ciphertext, PacketBodyInputStream body, byte[] key, String source)
            throws DecryptionException {
        super(source);
        this.ciphertext = ciphertext;
        this.body = body;
        try {
            ecb = Cipher.getInstance("AES/ECB/NoPadding", "SunJCE");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
            sha1 = MessageDigest.getInstance("SHA-1"); // the JDK's: SHA-NI intrinsics
        } catch (GeneralSecurityException e) {
            throw new DecryptionException(source, "cannot start AES decryption with the JDK's SunJCE: " + e.getMessage(), e);
        }
        hasher = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "decode-mdc");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Decrypts the prefix and checks it (gpg's quick check: a wrong passphrase fails here);
     * returns false when the packet inside is not literal data this class reads (gpg's default
     * compressed packet), for the caller to hand the message to Bouncy Castle instead.
     */
    boolean start() throws DecryptionException {
        try {
            decryptSlice(FIRST_SLICE_BYTES);
        } catch (IOException e) {
            throw truncatedOrCorrupt(e);
        }
        int prefix = MdcPlaintextOutputStream.PREFIX_BYTES;
        if (limit < prefix + 1) {
            throw new IntegrityException(source, "ciphertext is truncated: the encrypted packet is too short", null);
        }
        if (plain[prefix - 2] != plain[prefix - 4] || plain[prefix - 1] != plain[prefix - 3]) {
            throw new WrongPassphraseException(source, null);
        }
        int tagOctet = plain[prefix] & 0xFF;
        boolean newLiteral = tagOctet == (0xC0 | LITERAL_TAG);
        boolean oldLiteralWithLength = (tagOctet & 0xFC) == (0x80 | LITERAL_TAG << 2) && (tagOctet & 3) != 3;
        if (!newLiteral && !oldLiteralWithLength) {
            return false;
        }
        pos = prefix;
        try {
            PacketHeader header = PacketHeader.read(plainView);
            literal = new PacketBodyInputStream(plainView, header);
            skipLiteralHeader();
        } catch (IOException e) {
            throw truncatedOrCorrupt(e);
        }
        return true;
    }

    /** Format octet, file name (length octet + name), date: nothing a restore needs. */
    private void skipLiteralHeader() throws IOException {
        literalOctet();
        int nameLength = literalOctet();
        for (int i = 0; i < nameLength + 4; i++) {
            literalOctet();
        }
    }

    private int literalOctet() throws IOException {
        int b = literal.read();
        if (b < 0) {
            throw new IOException("the literal data packet ends inside its header");
        }
        return b;
    }

    @Override
    protected InputStream literal() {
        return literal;
    }

    /** After the literal packet: the MDC packet, the packet's end, the hash, the input's end. */
    @Override
    protected void verifyIntegrity() throws IOException {
        try {
            if (plainView.read() != MDC_TAG_OCTET || plainView.read() != MDC_HASH_BYTES) {
                throw new IntegrityException(source, "no MDC packet after the literal data: the file is corrupt", null);
            }
            for (int i = 0; i < MDC_HASH_BYTES; i++) {
                if (plainView.read() < 0) {
                    throw new IntegrityException(source, "ciphertext is truncated inside the MDC packet", null);
                }
            }
            if (plainView.read() >= 0) {
                throw new IntegrityException(source, "data after the MDC packet: the file is corrupt", null);
            }
            await(hashed[0]);
            await(hashed[1]);
        } catch (IntegrityException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw truncatedOrCorrupt(e);
        }
        byte[] expected = sha1.digest();
        if (heldBytes != MDC_HASH_BYTES || !MessageDigest.isEqual(expected, held)) {
            throw new IntegrityException(source,
                    "integrity check (MDC) failed: the file was altered or is not complete", null);
        }
        if (ciphertext.read() >= 0) {
            throw new IntegrityException(source, "data after the encrypted packet: the file was altered", null);
        }
    }

    /** Decrypts up to {@code want} bytes (a whole number of blocks unless the packet ends) into the next buffer. */
    private boolean decryptSlice(int want) throws IOException {
        if (bodyEnded) {
            return false;
        }
        which ^= 1;
        await(hashed[which]); // its buffer may still be read by the hasher
        int n = body.readFully(cipher, BLOCK_BYTES, want);
        if (n < want) {
            bodyEnded = true;
        }
        byte[] out = plains[which];
        int whole = n & -BLOCK_BYTES;
        try {
            for (int done = 0; done < whole; done += CIPHER_CALL_BYTES) {
                int piece = Math.min(CIPHER_CALL_BYTES, whole - done);
                ecb.update(cipher, done, piece, keyStream, done);
            }
            CfbOutputStream.xor(cipher, BLOCK_BYTES, keyStream, 0, out, 0, whole);
            if (n > whole) { // the packet's last, partial block
                ecb.update(cipher, whole, BLOCK_BYTES, keyStream, whole);
                CfbOutputStream.xor(cipher, BLOCK_BYTES + whole, keyStream, whole, out, whole, n - whole);
            } else if (whole > 0) {
                System.arraycopy(cipher, whole, cipher, 0, BLOCK_BYTES); // feedback for the next slice
            }
        } catch (ShortBufferException e) {
            throw new IllegalStateException("key stream array sized for a slice", e);
        }
        submitHash(out, n);
        plain = out;
        pos = 0;
        limit = n;
        return n > 0;
    }

    /** Hashes all but the last 20 bytes seen so far (they may be the MDC's hash) on the hasher thread. */
    private void submitHash(byte[] out, int n) {
        int hashable = Math.max(0, heldBytes + n - MDC_HASH_BYTES);
        int fromHeld = Math.min(heldBytes, hashable);
        int fromOut = hashable - fromHeld;
        byte[] heldPart = Arrays.copyOf(held, fromHeld);
        byte[] newHeld = new byte[MDC_HASH_BYTES];
        int k = heldBytes - fromHeld;
        System.arraycopy(held, fromHeld, newHeld, 0, k);
        System.arraycopy(out, fromOut, newHeld, k, n - fromOut);
        heldBytes = k + n - fromOut;
        System.arraycopy(newHeld, 0, held, 0, heldBytes);
        hashed[which] = hasher.submit(() -> {
            sha1.update(heldPart);
            sha1.update(out, 0, fromOut);
        });
    }

    private void await(Future<?> hashing) throws IOException {
        if (hashing == null) {
            return;
        }
        try {
            hashing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("decryption cancelled");
        } catch (ExecutionException e) {
            throw new IOException("computing the MDC: " + e.getCause(), e.getCause());
        }
    }

    /** Stops the hasher without closing the ciphertext: the caller reads it again from its mark. */
    void abandon() {
        hasher.shutdownNow();
    }

    @Override
    public void close() throws IOException {
        hasher.shutdownNow();
        Arrays.fill(keyStream, (byte) 0);
        for (byte[] p : plains) {
            Arrays.fill(p, (byte) 0);
        }
        ciphertext.close();
    }

    /** The decrypted packet body (prefix, literal packet, MDC packet), slice after slice. */
    private final class PlainView extends InputStream {
        @Override
        public int read() throws IOException {
            if (pos == limit && !decryptSlice(SLICE_BYTES)) {
                return -1;
            }
            return plain[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == limit && !decryptSlice(SLICE_BYTES)) {
                return -1;
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(plain, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
