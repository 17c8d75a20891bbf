package org.btrfssendbackup.core.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A writer that gathers its bytes into fixed-size chunks and hands each one on as soon as it is
 * full: the copy loop of the OpenPGP partial body (a chunk's length octet goes before its bytes)
 * and of the chunk pipe's writer (a chunk goes to another thread), written once. Where the arrays
 * come from is the subclass's choice: one reused array, or recycled ones from a pool.
 */
public abstract class ChunkingOutputStream extends OutputStream {

    private byte[] chunk;
    private int length;

    /** An array to fill from its start; its length is the chunk size. */
    protected abstract byte[] emptyChunk() throws IOException;

    /** Hands on a full chunk (all of its bytes); it is not written again until {@link #emptyChunk()} returns it. */
    protected abstract void full(byte[] chunk) throws IOException;

    @Override
    public void write(int b) throws IOException {
        // OpenPGP writes its length octets one by one: no array per byte
        byte[] target = chunkToFill();
        target[length++] = (byte) b;
        handOnIfFull(target);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            byte[] target = chunkToFill();
            int n = Math.min(len, target.length - length);
            System.arraycopy(b, off, target, length, n);
            length += n;
            off += n;
            len -= n;
            handOnIfFull(target);
        }
    }

    /** What {@link #takePart} hands over. */
    @FunctionalInterface
    protected interface Part {
        /** @param chunk holds the part at its start; null when {@code length} is 0 */
        void accept(byte[] chunk, int length) throws IOException;
    }

    /** Hands the bytes written since the last full chunk to {@code part} (0 of them right after one), for close. */
    protected final void takePart(Part part) throws IOException {
        byte[] rest = chunk;
        int restLength = rest == null ? 0 : length;
        chunk = null;
        part.accept(rest, restLength);
    }

    private byte[] chunkToFill() throws IOException {
        if (chunk == null) {
            chunk = emptyChunk();
            length = 0;
        }
        return chunk;
    }

    private void handOnIfFull(byte[] target) throws IOException {
        if (length == target.length) {
            chunk = null;
            full(target);
        }
    }
}
