package org.btrfssendbackup.core.crypto;

import java.io.IOException;
import java.io.OutputStream;
import org.btrfssendbackup.core.io.ChunkingOutputStream;

/**
 * The body of one new-format OpenPGP packet whose length is unknown up front (RFC 4880
 * 4.2.2.4): full chunks of {@code 2^chunkBits} bytes, each behind a one-octet partial body
 * length, then one ordinary length for the rest (possibly 0) on {@link #close()}. The caller
 * writes the packet's tag octet first. Closing does not close {@code sink}.
 *
 * <p>One chunk is buffered because a chunk's length octet comes before its bytes and only a full
 * chunk may be announced as partial. The buffer is reused, so the heap cost is one chunk.
 */
final class PartialBodyOutputStream extends ChunkingOutputStream {
    /** RFC 4880: the first partial length must be at least 512 octets. */
    static final int MIN_CHUNK_BITS = 9;
    /** RFC 4880: a partial length octet encodes at most 2^30. */
    static final int MAX_CHUNK_BITS = 30;

    private final OutputStream sink;
    private final byte[] chunk;
    private final int partialLengthOctet;
    private boolean closed;

    PartialBodyOutputStream(OutputStream sink, int chunkBits) {
        if (chunkBits < MIN_CHUNK_BITS || chunkBits > MAX_CHUNK_BITS) {
            throw new IllegalArgumentException("partial body chunk must be 2^9 .. 2^30 bytes, got 2^" + chunkBits);
        }
        this.sink = sink;
        this.chunk = new byte[1 << chunkBits];
        this.partialLengthOctet = 0xE0 | chunkBits;
    }

    @Override
    protected byte[] emptyChunk() {
        return chunk;
    }

    @Override
    protected void full(byte[] full) throws IOException {
        // Written as soon as it is full: if the data ends right here, a final length of 0 follows.
        sink.write(partialLengthOctet);
        sink.write(full, 0, full.length);
    }

    /** Ends the body with an ordinary length for what is left (0 right after a full chunk). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        takePart((part, length) -> {
            writeFinalLength(sink, length);
            if (length > 0) {
                sink.write(part, 0, length);
            }
        });
    }

    /** RFC 4880 4.2.2.1-3: one, two or five octets. */
    static void writeFinalLength(OutputStream out, long bodyLength) throws IOException {
        if (bodyLength < 192) {
            out.write((int) bodyLength);
        } else if (bodyLength < 8384) {
            long v = bodyLength - 192;
            out.write((int) ((v >> 8) + 192));
            out.write((int) (v & 0xFF));
        } else {
            out.write(0xFF);
            out.write((int) (bodyLength >> 24));
            out.write((int) (bodyLength >> 16));
            out.write((int) (bodyLength >> 8));
            out.write((int) bodyLength);
        }
    }
}
