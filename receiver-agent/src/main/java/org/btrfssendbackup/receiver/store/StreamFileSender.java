package org.btrfssendbackup.receiver.store;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Sends a stored stream file to get-stream's stdout. When stdout is the process's descriptor (the
 * forced command: a pipe or socket to sshd) the kernel copies the file with sendfile(2)
 * ({@link FileChannel#transferTo}): no read into the JVM and no write out of it, which is most
 * of the CPU the receiver spent on a restore --from-ssh (8 KiB reads and writes, each through a
 * temporary direct buffer). Any other stream (tests in one JVM) gets a MiB per read.
 */
public final class StreamFileSender {

    static final int COPY_BUFFER_BYTES = 1 << 20;

    private StreamFileSender() {
    }

    /**
     * Sends exactly the first {@code bytes} bytes of {@code file}, its size once opened (get-stream
     * alone, and a read-session's body, whose length went out in its header first): a file that
     * grew sends no more, one that shrank is an error naming {@code what} and both counts, since a
     * session's client would read the next header from the body.
     */
    public static void send(FileChannel file, OutputStream out, long bytes, String what) throws IOException {
        long position = 0;
        if (out instanceof FileOutputStream descriptor) {
            // not closed: it is stdout's descriptor, which the caller still flushes and owns
            FileChannel target = descriptor.getChannel();
            long n;
            // transferTo stops at the file's end; 0 also when a non-blocking target takes nothing,
            // which the copy below then finishes as a plain write would
            while (position < bytes && (n = file.transferTo(position, bytes - position, target)) > 0) {
                position += n;
            }
        }
        file.position(position);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(COPY_BUFFER_BYTES, Math.max(1, bytes - position)));
        while (position < bytes) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), bytes - position));
            int n = file.read(buffer);
            if (n < 0) {
                throw new IOException(what + ": the stored file ended after " + position + " of " + bytes + " bytes");
            }
            out.write(buffer.array(), 0, n);
            position += n;
        }
    }
}
