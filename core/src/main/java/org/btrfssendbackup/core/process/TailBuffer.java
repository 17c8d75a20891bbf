package org.btrfssendbackup.core.process;

import java.nio.charset.StandardCharsets;

/**
 * Keeps the last {@code capacity} bytes written to it. Standard error of a long-running
 * program (a verbose btrfs receive) could grow without bound; its end is what explains a
 * failure.
 */
final class TailBuffer {

    static final int DEFAULT_CAPACITY = 64 * 1024;

    private final byte[] ring;
    private long total;

    TailBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.ring = new byte[capacity];
    }

    synchronized void write(byte[] data, int offset, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) ((total + i) % ring.length)] = data[offset + i];
        }
        total += length;
    }

    synchronized long totalBytes() {
        return total;
    }

    /** The retained tail, decoded as UTF-8; prefixed with a marker when earlier bytes were dropped. */
    synchronized String text() {
        int kept = (int) Math.min(total, ring.length);
        byte[] out = new byte[kept];
        long start = total - kept;
        for (int i = 0; i < kept; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        String text = new String(out, StandardCharsets.UTF_8);
        return start > 0 ? "[" + start + " earlier bytes dropped]\n" + text : text;
    }
}
