package org.btrfssendbackup.core.crypto;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.btrfssendbackup.core.io.OneByteRead;

/**
 * The body of one packet, whatever its length encoding: definite, partial chunks (each next
 * length read between them), or old-format "until the end of input". Ends with -1 exactly at
 * the body's end; input ending before it is an {@link EOFException}. Never closes {@code in}.
 */
final class PacketBodyInputStream extends InputStream {
    private final InputStream in;
    private final int tag;
    private PacketHeader.Kind kind;
    private long remaining;

    PacketBodyInputStream(InputStream in, PacketHeader header) {
        this.in = in;
        this.tag = header.tag();
        this.kind = header.kind();
        this.remaining = header.length();
    }

    @Override
    public int read() throws IOException {
        return OneByteRead.through(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (kind == PacketHeader.Kind.UNTIL_END) {
            return in.read(b, off, len);
        }
        while (remaining == 0) {
            if (kind == PacketHeader.Kind.DEFINITE) {
                return -1;
            }
            PacketHeader next = PacketHeader.nextChunk(tag, in);
            kind = next.kind();
            remaining = next.length();
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("input ends inside an OpenPGP packet (tag " + tag + "), " + remaining
                    + " bytes short of its announced length");
        }
        remaining -= n;
        return n;
    }

    /** Reads until {@code len} bytes or the body's end; returns how many (less only at the end). */
    int readFully(byte[] b, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
            int n = read(b, off + done, len - done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }
}
