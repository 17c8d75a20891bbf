package org.btrfssendbackup.ops.restore;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.btrfssendbackup.core.io.ArrayReadInputStream;

/** Counts and SHA-256-hashes what is read through it: a stored file checked on the way. */
public final class HashingInputStream extends ArrayReadInputStream {

    static final int DRAIN_BUFFER_BYTES = 1 << 20;
    private static final int END_CHECK_BYTES = 1 << 12;

    private final MessageDigest digest;
    /** Read by the restore's progress line on another thread than the one reading. */
    private volatile long bytes;

    public HashingInputStream(InputStream in) {
        super(in);
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            hash(b, off, n);
        }
        return n;
    }

    /** The one place bytes are hashed and counted, for reads and for {@link #drain}. */
    private void hash(byte[] b, int off, int n) {
        digest.update(b, off, n);
        bytes += n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipping would leave bytes out of the hash: read them instead
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    public long bytes() {
        return bytes;
    }

    /** Lower-case hex of everything read so far; call once, after the end. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Reads the rest to the end (so the hash covers the whole file); returns how many bytes that
     * was. A MiB per read, not transferTo's 8 KiB: verify hashes every stored file through here,
     * and per 8 KiB the read call and the digest call cost as much as SHA-256 itself. The reads
     * run on a thread of their own ({@link ReadAhead}) while this thread hashes: the copy out of
     * the page cache then runs on the other core instead of taking turns with SHA-256.
     * A read error is thrown here as the stream threw it. A restore drains each link after its
     * last packet, where usually nothing is left: one small read tells, before any thread starts.
     */
    public long drain() throws IOException {
        byte[] first = new byte[END_CHECK_BYTES];
        int n = in.read(first);
        if (n < 0) {
            return 0;
        }
        hash(first, 0, n);
        return n + ReadAhead.drain(in, DRAIN_BUFFER_BYTES, (buffer, length) -> hash(buffer, 0, length));
    }
}
