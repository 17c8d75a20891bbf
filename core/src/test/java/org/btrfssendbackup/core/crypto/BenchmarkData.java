package org.btrfssendbackup.core.crypto;

import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * The benchmark's data set, generated on the fly in O(1) memory: alternating 8 MiB runs of
 * random bytes (like compressed files) and of word text (compresses about 3:1 with zstd -3),
 * half and half, as in design.md section 10. Deterministic, so every variant sees the same bytes.
 */
final class BenchmarkData extends InputStream {
    private static final int RUN_BITS = 23; // 8 MiB

    private final byte[][] words = new byte[8192][];
    private long remaining;
    private long position;
    private long state = 0x9E3779B97F4A7C15L;

    BenchmarkData(long size) {
        this.remaining = size;
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < words.length; i++) {
            int length = 2 + random.nextInt(9);
            byte[] word = new byte[length + 1];
            for (int j = 0; j < length; j++) {
                word[j] = (byte) ('a' + random.nextInt(26));
            }
            word[length] = (byte) (random.nextInt(12) == 0 ? '\n' : ' ');
            words[i] = word;
        }
    }

    /** xorshift64: fast enough (~1 GB/s) not to dominate what is measured. */
    private long next() {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        return state;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (remaining == 0) {
            return -1;
        }
        long leftInRun = (1L << RUN_BITS) - (position & ((1L << RUN_BITS) - 1));
        int n = (int) Math.min(Math.min(len, remaining), leftInRun);
        if (((position >>> RUN_BITS) & 1) == 0) {
            fillRandom(b, off, n);
        } else {
            fillText(b, off, n);
        }
        remaining -= n;
        position += n;
        return n;
    }

    private void fillRandom(byte[] b, int off, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long v = next();
            for (int k = 0; k < 8; k++) {
                b[off + i + k] = (byte) (v >>> (8 * k));
            }
        }
        for (; i < n; i++) {
            b[off + i] = (byte) next();
        }
    }

    private void fillText(byte[] b, int off, int n) {
        int i = 0;
        while (i < n) {
            byte[] word = words[(int) (next() >>> 51)];
            int k = Math.min(word.length, n - i);
            System.arraycopy(word, 0, b, off + i, k);
            i += k;
        }
    }
}
